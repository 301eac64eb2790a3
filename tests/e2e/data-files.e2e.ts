import fs from 'node:fs';
import path from 'node:path';
import { eq } from 'drizzle-orm';
import { test, expect, startApp } from './app';
import { patient } from '../../src/lib/server/db/schema';
import { notPrivate } from '../support/file-tree';

// Issue 11, item 5: the data folder of a running server is owner-only, file by file, even when
// the server was started under a umask that takes nothing away.

test('a server started under umask 000 keeps its database and photos owner-only', async ({
	context
}) => {
	test.setTimeout(90_000);
	const umask = process.umask(0);
	let app;
	try {
		app = await startApp({ demo: true });
	} finally {
		process.umask(umask);
	}
	try {
		const p = app.db.select().from(patient).where(eq(patient.displayName, 'Mei Tanaka')).get()!;
		await app.signInAs(context, 'clinician@demo.test');
		const jpeg = fs.readFileSync(
			path.resolve('../shared/fixtures/photos/orientation/Portrait_8.jpg')
		);
		const res = await context.request.post(`${app.baseURL}/api/v1/patients/${p.id}/photos`, {
			multipart: { view: 'front', file: { name: 'p.jpg', mimeType: 'image/jpeg', buffer: jpeg } },
			headers: { origin: app.baseURL }
		});
		expect(res.status()).toBe(201);
		const id = (await res.json()).files[0].id as string;
		await expect
			.poll(
				async () =>
					(await (await context.request.get(`${app.baseURL}/api/v1/photos/${id}`)).json()).status,
				{ timeout: 60_000 }
			)
			.toBe('ready');

		const media = path.join(app.dir, 'media');
		// what this server wrote itself: the upload's temp folder, the original and its variants
		expect(fs.readdirSync(path.join(media, 'tmp'))).toEqual([]);
		expect(fs.existsSync(path.join(media, 'private', 'originals', id.slice(0, 2), id))).toBe(true);
		expect(fs.readdirSync(path.join(media, 'private', 'variants', id.slice(0, 2), id))).not.toEqual(
			[]
		);
		expect(fs.readdirSync(app.dir)).toEqual(
			expect.arrayContaining(['resurface.db', 'resurface.db-wal', 'resurface.db-shm', 'media'])
		);
		expect(notPrivate(app.dir)).toEqual([]);
	} finally {
		await app.stop();
	}
});
