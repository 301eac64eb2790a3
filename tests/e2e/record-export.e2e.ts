import fs from 'node:fs';
import { eq } from 'drizzle-orm';
import type { Browser, Page } from '@playwright/test';
import { test, expect, gotoHydrated, type App } from './app';
import { addOutsiders } from './people';
import { auditTrail, jordanOf, sessionsOf } from './demo-records';
import { seriousViolations } from './axe';
import {
	consent,
	course,
	photo,
	session,
	treatmentSession,
	user
} from '../../src/lib/server/db/schema';
import { writeTx } from '../../src/lib/server/db/client';
import { unzip } from '../support/unzip';

const OWNER = 'owner@demo.test';
const PASSWORD = 'demo-password';

/** The owner's proofs made 11 minutes old: past the step-up window. */
function ageOwnerProofs(demo: App) {
	const old = new Date(Date.now() - 11 * 60 * 1000);
	const ownerId = demo.db.select().from(user).where(eq(user.email, OWNER)).get()!.id;
	writeTx(demo.db, (tx) =>
		tx
			.update(session)
			.set({ factorAt: old, passwordAt: old })
			.where(eq(session.userId, ownerId))
			.run()
	);
}

const dialog = (page: Page) => page.getByRole('dialog', { name: 'Confirm it is you' });

/** What a whole-record ZIP of Jordan must hold, checked against the demo's database. */
async function expectJordansRecord(demo: App, zip: Buffer) {
	const jordan = jordanOf(demo);
	const entries = await unzip(zip);
	const names = entries.map((e) => e.name);
	expect(names.slice(0, 3)).toEqual(['README.txt', 'record/summary.html', 'record/record.json']);
	const record = JSON.parse(entries[2].data.toString('utf8'));
	expect(record.patient).toMatchObject({ id: jordan.id, name: jordan.displayName });
	const consents = demo.db.select().from(consent).where(eq(consent.patientId, jordan.id)).all();
	expect(record.consents).toHaveLength(consents.length);
	for (const c of record.consents) {
		expect(names).toContain(c.document);
	}
	const sessions = sessionsOf(demo, jordan.id);
	const exported = record.courses.flatMap((c: { sessions: unknown[] }) => c.sessions);
	expect(exported).toHaveLength(sessions.length);
	const ready = demo.db
		.select()
		.from(photo)
		.where(eq(photo.patientId, jordan.id))
		.all()
		.filter((p) => p.status === 'ready' && !p.deletedAt);
	expect(names.filter((n) => n.endsWith('.jpg'))).toHaveLength(ready.length);
	expect(entries[1].data.toString('utf8')).toContain(jordan.displayName);
	return record;
}

test('the owner exports a whole record after confirming it is them, and it is audited', async ({
	demo,
	page,
	context
}) => {
	test.setTimeout(90_000);
	const jordan = jordanOf(demo);
	const url = `/clinic/patients/${jordan.id}/export.zip`;
	await demo.signInAs(context, OWNER);
	ageOwnerProofs(demo);

	// followed without JavaScript: a page that leads to the step-up and back
	const refused = await context.request.get(demo.baseURL + url, { maxRedirects: 0 });
	expect(refused.status()).toBe(403);
	expect(await refused.text()).toContain(`/account/step-up?next=${encodeURIComponent(url)}`);
	expect(auditTrail(demo, 'record_export', jordan.id)).toEqual([]);

	await gotoHydrated(page, `${demo.baseURL}/clinic/patients/${jordan.id}`);
	await page.getByRole('link', { name: 'Export whole record' }).click();
	await expect(dialog(page)).toBeVisible();
	expect(await seriousViolations(page)).toEqual([]);
	await dialog(page).getByLabel('Your password').fill(PASSWORD);
	const [download] = await Promise.all([
		page.waitForEvent('download'),
		dialog(page).getByRole('button', { name: 'Confirm' }).click()
	]);
	expect(download.suggestedFilename()).toMatch(/^resurface-record-\d{4}-\d{2}-\d{2}\.zip$/);
	await expectJordansRecord(demo, fs.readFileSync((await download.path())!));
	const audits = auditTrail(demo, 'record_export', jordan.id);
	expect(audits).toHaveLength(1);
	expect(audits[0]).toMatchObject({ targetType: 'patient', ok: true });
	expect(audits[0].detail).toMatch(/^courses=\d+ sessions=\d+ consents=\d+ photos=20$/);

	// proved: the same URL now answers at once, as a private attachment
	const again = await context.request.get(demo.baseURL + url);
	expect(again.status()).toBe(200);
	expect(again.headers()).toMatchObject({
		'content-type': 'application/zip',
		'cache-control': 'private, no-store'
	});
	expect(again.headers()['content-disposition']).toMatch(
		/^attachment; filename="resurface-record-\d{4}-\d{2}-\d{2}\.zip"$/
	);
});

test('a patient downloads their own whole record, clinician’s notes included; no one else gets it', async ({
	demo,
	page,
	context,
	browser
}) => {
	test.setTimeout(90_000);
	const { jordan } = await addOutsiders(demo);
	await demo.signInAs(context, 'patient@demo.test');
	await gotoHydrated(page, `${demo.baseURL}/me`);
	await expect(page.getByText('Your details, sessions with the clinic’s notes')).toBeVisible();
	const [download] = await Promise.all([
		page.waitForEvent('download'),
		page.getByRole('link', { name: 'Download my whole record' }).click()
	]);
	expect(download.suggestedFilename()).toMatch(/^resurface-record-\d{4}-\d{2}-\d{2}\.zip$/);
	const record = await expectJordansRecord(demo, fs.readFileSync((await download.path())!));
	const notes = demo.db
		.select({ notes: treatmentSession.notes })
		.from(treatmentSession)
		.innerJoin(course, eq(course.id, treatmentSession.courseId))
		.where(eq(course.patientId, jordan.id))
		.all()
		.map((s) => s.notes)
		.filter((n): n is string => Boolean(n));
	expect(notes.length).toBeGreaterThan(0);
	const exportedNotes = record.courses.flatMap((c: { sessions: { clinicianNotes: string }[] }) =>
		c.sessions.map((s) => s.clinicianNotes)
	);
	for (const n of notes) {
		expect(exportedNotes).toContain(n);
	}
	expect(auditTrail(demo, 'record_export', jordan.id)).toHaveLength(1);

	const get = async (b: Browser, email: string | null, url: string) => {
		const ctx = await b.newContext();
		if (email) {
			await demo.signInAs(ctx, email);
		}
		const res = await ctx.request.get(demo.baseURL + url, { maxRedirects: 0 });
		const out = {
			status: res.status(),
			type: res.headers()['content-type'],
			body: await res.body()
		};
		await ctx.close();
		return out;
	};
	// Jordan's record through the owner's URL: only the owner of Jordan's clinic
	for (const who of [
		null,
		'patient@demo.test',
		'other-patient@demo.test',
		'frontdesk@demo.test',
		'clinician@demo.test',
		'owner@elsewhere.test'
	]) {
		const r = await get(browser, who, `/clinic/patients/${jordan.id}/export.zip`);
		expect(r.status, who ?? 'anonymous').toBe(404);
		expect(r.type, who ?? 'anonymous').not.toBe('application/zip');
	}
	// the patient's URL: staff and the signed out get 404; another patient gets only their own
	for (const who of [null, 'frontdesk@demo.test', 'clinician@demo.test', OWNER]) {
		const r = await get(browser, who, '/media/private/my-record.zip');
		expect(r.status, who ?? 'anonymous').toBe(404);
	}
	const theirs = await get(browser, 'other-patient@demo.test', '/media/private/my-record.zip');
	expect(theirs.status).toBe(200);
	const theirEntries = await unzip(theirs.body);
	expect(theirEntries.some((e) => e.data.includes(jordan.displayName))).toBe(false);
	expect(theirEntries.some((e) => e.data.includes(jordan.id))).toBe(false);
});
