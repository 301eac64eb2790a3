import fs from 'node:fs';
import path from 'node:path';
import { and, desc, eq } from 'drizzle-orm';
import { test, expect, gotoHydrated } from './app';
import { patientNamed, sessionsOf } from './demo-records';
import { photo } from '../../src/lib/server/db/schema';
import { NO_SESSION } from '../../src/lib/domain/photo-filing';

const JPEG = path.resolve('../shared/fixtures/photos/orientation/Landscape_1.jpg');

// The path a clinician takes every day, by mouse: the patient list, the patient, "Upload
// photos", the Front slot. The photo must land as a Front photo of the patient's latest
// session — last round it landed as "Other" under no session.
test('an upload by the ordinary path is filed under the view and session the clinician chose', async ({
	demo,
	page,
	context
}) => {
	const omar = patientNamed(demo, 'Omar Haddad');
	const latest = sessionsOf(demo, omar.id).at(-1)!;
	await demo.signInAs(context, 'clinician@demo.test');
	await gotoHydrated(page, demo.baseURL + '/clinic/patients');
	await page.getByRole('link', { name: 'Omar Haddad' }).click();
	await expect(page.getByRole('heading', { name: 'Omar Haddad' })).toBeVisible();

	await page.locator('summary', { hasText: 'Upload photos' }).click();
	// the live uploader, never the no-JavaScript form
	await expect(page.getByRole('list', { name: 'Standard views' })).toBeVisible();
	const chooser = page.waitForEvent('filechooser');
	await page
		.getByRole('list', { name: 'Standard views' })
		.getByText('Front', { exact: true })
		.click();
	await (await chooser).setFiles(JPEG);
	await expect(
		page.getByRole('list', { name: 'Uploads' }).getByText(/Ready|Processing/)
	).toBeVisible({
		timeout: 30_000
	});

	const filed = demo.db
		.select()
		.from(photo)
		.where(and(eq(photo.patientId, omar.id)))
		.orderBy(desc(photo.createdAt))
		.get()!;
	expect({ view: filed.view, sessionId: filed.sessionId }).toEqual({
		view: 'front',
		sessionId: latest.id
	});
});

// The no-JavaScript form must name the session. A post that lost the field (an old page, a
// hand-made request) is refused with words, not filed loose under no session.
test('the plain upload form is refused without a session, and files a chosen follow-up', async ({
	demo,
	context
}) => {
	const omar = patientNamed(demo, 'Omar Haddad');
	await demo.signInAs(context, 'clinician@demo.test');
	const before = demo.db.select().from(photo).where(eq(photo.patientId, omar.id)).all().length;
	const post = (fields: Record<string, string>) =>
		context.request.post(`${demo.baseURL}/clinic/patients/${omar.id}?/upload`, {
			multipart: {
				...fields,
				file: { name: 'p.jpg', mimeType: 'image/jpeg', buffer: fs.readFileSync(JPEG) }
			},
			headers: { origin: demo.baseURL, accept: 'text/html' }
		});
	const loose = await post({ view: 'front' });
	expect(loose.status()).toBe(400);
	expect(await loose.text()).toContain('Choose the session these photos belong to');
	expect(demo.db.select().from(photo).where(eq(photo.patientId, omar.id)).all()).toHaveLength(
		before
	);

	const followUp = await post({ view: 'left45', sessionId: NO_SESSION });
	expect(followUp.status()).toBe(200);
	const filed = demo.db
		.select()
		.from(photo)
		.where(eq(photo.patientId, omar.id))
		.orderBy(desc(photo.createdAt))
		.get()!;
	expect({ view: filed.view, sessionId: filed.sessionId }).toEqual({
		view: 'left45',
		sessionId: null
	});
});
