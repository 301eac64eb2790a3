import { and, eq } from 'drizzle-orm';
import type { Page } from '@playwright/test';
import { test, expect, gotoHydrated } from './app';
import { jordanOf, patientNamed } from './demo-records';
import { consent, patient, user } from '../../src/lib/server/db/schema';
import { CONSENT_TEXTS } from '../../src/lib/domain/consent-texts';
import { saveWording } from '../../src/lib/server/consents/wording';

/** Signs on the pad with the mouse, as a person would with a finger. */
async function drawSignature(page: Page) {
	const pad = page.locator('canvas');
	await pad.scrollIntoViewIfNeeded();
	const box = (await pad.boundingBox())!;
	await page.mouse.move(box.x + 20, box.y + box.height / 2);
	await page.mouse.down();
	for (let i = 1; i <= 10; i++) {
		await page.mouse.move(box.x + 20 + i * 25, box.y + box.height / 2 + (i % 2 ? 15 : -15));
	}
	await page.mouse.up();
	await expect(page.getByText('Signed.')).toBeVisible();
}

/** The pages of a PDF as Chromium writes them: one `/Type /Page` object each. */
const pdfPages = (pdf: Buffer) => pdf.toString('latin1').match(/\/Type\s*\/Page(?!s)/g)?.length;

test('one signature for two scopes makes two consents; each prints as one page of its wording', async ({
	demo,
	page,
	context
}) => {
	const desk = demo.db.select().from(user).where(eq(user.email, 'frontdesk@demo.test')).get()!;
	const ava = demo.db
		.insert(patient)
		.values({ clinicId: desk.clinicId, displayName: 'Ava Lindqvist' })
		.returning()
		.get();
	const rows = () => demo.db.select().from(consent).where(eq(consent.patientId, ava.id)).all();

	// the front desk records consents (no photo access needed)
	await demo.signInAs(context, 'frontdesk@demo.test');
	await gotoHydrated(page, `${demo.baseURL}/clinic/patients/${ava.id}`);
	await page.locator('summary', { hasText: 'Record consent' }).click();
	const boxes = page.getByRole('checkbox');
	// treatment, clinical photos, the public gallery and social media: each its own consent
	await expect(boxes).toHaveCount(4);
	// nothing is ticked for the signer, the public gallery and social media least of all
	for (const box of await boxes.all()) {
		await expect(box).not.toBeChecked();
	}
	// each scope shows its own wording
	for (const t of Object.values(CONSENT_TEXTS)) {
		await expect(page.getByText(t.text)).toBeVisible();
	}

	// nothing ticked is refused, and writes nothing
	await page.getByLabel(/Signed by/).fill('Ava Lindqvist');
	await drawSignature(page);
	await page.getByRole('button', { name: 'Record consent' }).click();
	await expect(page.getByText('Tick at least one thing the patient consents to.')).toBeVisible();
	expect(rows()).toEqual([]);

	await page.getByRole('checkbox', { name: /Treatment/ }).check();
	await page.getByRole('checkbox', { name: /Clinical photos/ }).check();
	await page.getByRole('button', { name: 'Record consent' }).click();
	const list = page.getByRole('region', { name: 'Consents' }).getByRole('listitem');
	await expect(list).toHaveCount(2);
	const made = rows();
	expect(made.map((r) => [r.scope, r.textVersion]).sort()).toEqual([
		['photos_private', CONSENT_TEXTS.photos_private.version],
		['treatment', CONSENT_TEXTS.treatment.version]
	]);
	expect(new Set(made.map((r) => r.signature)).size).toBe(1);
	expect(made[0].signature).toMatch(/^data:image\/png;base64,/);
	// both are in force now, so the form (closed again) has only the public gallery and social
	// media left to offer
	const left = page.locator('input[name="scopes"]');
	await expect(left).toHaveCount(2);
	expect(
		(await left.evaluateAll((els) => els.map((e) => (e as HTMLInputElement).value))).sort()
	).toEqual(['gallery_public', 'social_media']);
	// and its pad is blank: the signature just given is never carried into another signing
	await expect(page.locator('input[name="signature"]')).toHaveValue('');

	// the clinic then changes its treatment wording: Ava's document keeps what she signed
	saveWording(demo.db, desk.clinicId, desk.id, {
		scope: 'treatment',
		text: 'Our new treatment wording, which Ava never saw.',
		material: true,
		note: ''
	});
	await list
		.filter({ hasText: 'Treatment' })
		.getByRole('link', { name: /View \/ print/ })
		.click();
	const treatment = made.find((r) => r.scope === 'treatment')!;
	await expect(page).toHaveURL(
		`${demo.baseURL}/clinic/patients/${ava.id}/consents/${treatment.id}`
	);
	const doc = page.getByRole('article');
	await expect(doc.getByRole('heading', { level: 1 })).toHaveText('Consent: Treatment');
	await expect(doc.getByText('Demo Skin Clinic')).toBeVisible();
	await expect(doc.getByText(CONSENT_TEXTS.treatment.text)).toBeVisible();
	await expect(doc.getByText(/Version 1 \(standard wording\)/)).toBeVisible();
	await expect(doc.getByText('Ava never saw')).toHaveCount(0);
	await expect(doc.getByText('Sam Ortega')).toBeVisible();
	const signature = doc.getByRole('img', { name: 'Signature of Ava Lindqvist' });
	await expect(signature).toBeVisible();
	expect(await signature.evaluate((img: HTMLImageElement) => img.naturalWidth)).toBe(600);
	await expect(page.getByRole('button', { name: 'Print' })).toBeVisible();

	// printed: no site chrome, no buttons; the signature stays
	await page.emulateMedia({ media: 'print' });
	await expect(page.getByRole('banner')).toBeHidden();
	await expect(page.getByRole('button', { name: 'Print' })).toBeHidden();
	await expect(page.getByRole('link', { name: 'Patients' })).toBeHidden();
	await expect(signature).toBeVisible();
	// back to no emulation: page.pdf() prints with print CSS unless screen media is forced
	await page.emulateMedia({ media: null });
	for (const format of ['A4', 'Letter'] as const) {
		const pdf = await page.pdf({ format, preferCSSPageSize: true });
		expect(pdfPages(pdf), format).toBe(1);
	}
});

test('a patient reads and prints their own consents; anyone else’s is not found', async ({
	demo,
	page,
	context
}) => {
	const jordan = jordanOf(demo);
	const mei = patientNamed(demo, 'Mei Tanaka');
	const ownIds = demo.db
		.select({ id: consent.id })
		.from(consent)
		.where(eq(consent.patientId, jordan.id))
		.all()
		.map((r) => r.id);
	const meis = demo.db
		.select()
		.from(consent)
		.where(and(eq(consent.patientId, mei.id), eq(consent.scope, 'treatment')))
		.get()!;

	await demo.signInAs(context, 'patient@demo.test');
	await gotoHydrated(page, `${demo.baseURL}/me`);
	const mine = page.getByRole('region', { name: 'Your consents' });
	await expect(mine.getByRole('link')).toHaveCount(ownIds.length);
	await mine.getByRole('link', { name: 'Treatment' }).click();
	await expect(page.getByRole('heading', { level: 1 })).toHaveText('Consent: Treatment');
	await expect(page.getByText(CONSENT_TEXTS.treatment.text)).toBeVisible();
	await expect(page.getByText(`Patient: ${jordan.displayName}`)).toBeVisible();
	await expect(page.getByRole('button', { name: 'Print' })).toBeVisible();
	expect(ownIds.some((id) => page.url().endsWith(`/me/consents/${id}`))).toBe(true);

	// another patient's consent, by the patient's URL or the staff one: 404, nothing of it shown
	for (const url of [`/me/consents/${meis.id}`, `/clinic/patients/${mei.id}/consents/${meis.id}`]) {
		const res = await page.goto(`${demo.baseURL}${url}`);
		expect(res?.status(), url).toBe(404);
		await expect(page.getByText(mei.displayName)).toHaveCount(0);
	}
	// and staff cannot reach Mei's consent through Jordan's page either
	await demo.signInAs(context, 'owner@demo.test');
	const res = await page.goto(`${demo.baseURL}/clinic/patients/${jordan.id}/consents/${meis.id}`);
	expect(res?.status()).toBe(404);
});
