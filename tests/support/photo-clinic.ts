import fs from 'node:fs';
import path from 'node:path';
import { user } from '../../src/lib/server/db/schema';
import { tempDb, seedPatient, seedUser } from './test-db';
import { LocalDiskStore } from '../../src/lib/server/storage/local-disk';
import type { StaffActor } from '../../src/lib/server/auth/guard';

/** A temp database and media folder with a clinic, a clinician and a consenting patient. */
export function photoTestClinic() {
	const t = tempDb();
	const store = new LocalDiskStore(path.join(t.dir, 'media'));
	const { clinic, user: clinician } = seedUser(t.db, 'clinician');
	const actor = { user: clinician, clinicId: clinic.id } as StaffActor;
	const addPatient = (withConsent = true) =>
		seedPatient(t.db, clinic.id, clinician.id, 'Pat Test', withConsent);
	/** Every file under the media folder, relative (the temp folder included). */
	const files = () =>
		fs.existsSync(store.root)
			? (fs.readdirSync(store.root, { recursive: true, withFileTypes: true }) as fs.Dirent[])
					.filter((d) => d.isFile())
					.map((d) => path.relative(store.root, path.join(d.parentPath, d.name)))
			: [];
	const count = (table: string) =>
		(t.db.$client.prepare(`select count(*) n from ${table}`).get() as { n: number }).n;
	return { ...t, store, clinic, clinician, actor, addPatient, files, count, user };
}

export function uploadRequest(
	files: { name: string; bytes: Uint8Array; type?: string }[],
	fields: Record<string, string> = { view: 'front' }
): Request {
	const form = new FormData();
	for (const [k, v] of Object.entries(fields)) {
		form.append(k, v);
	}
	for (const f of files) {
		form.append(
			'file',
			new Blob([new Uint8Array(f.bytes)], { type: f.type ?? 'image/jpeg' }),
			f.name
		);
	}
	return new Request('http://test.invalid/upload', { method: 'POST', body: form });
}
