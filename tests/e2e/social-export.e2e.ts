import fs from 'node:fs';
import { eq } from 'drizzle-orm';
import sharp from 'sharp';
import type { Page } from '@playwright/test';
import { test, expect, gotoHydrated } from './app';
import { openPatient } from './clinic-steps';
import { publishedCase } from './gallery-helpers';
import { auditEvent, socialExport } from '../../src/lib/server/db/schema';
import { SOCIAL_DIMENSIONS, type SocialSize } from '../../src/lib/domain/social-export';

const SHOTS = '/work/shots/19';

async function shoot(page: Page, name: string) {
	if (!fs.existsSync(SHOTS)) {
		return;
	}
	for (const width of [1280, 360]) {
		await page.setViewportSize({ width, height: 900 });
		await page.screenshot({ path: `${SHOTS}/social-${name}-${width}.png`, fullPage: true });
	}
	await page.setViewportSize({ width: 1280, height: 900 });
}

async function signConsent(page: Page, label: RegExp) {
	await page.locator('summary', { hasText: 'Record consent' }).click();
	await page.getByRole('checkbox', { name: label }).check();
	const pad = page.locator('canvas');
	await pad.scrollIntoViewIfNeeded();
	const box = (await pad.boundingBox())!;
	await page.mouse.move(box.x + 20, box.y + box.height / 2);
	await page.mouse.down();
	for (let i = 1; i <= 10; i++) {
		await page.mouse.move(box.x + 20 + i * 25, box.y + box.height / 2 + (i % 2 ? 15 : -15));
	}
	await page.mouse.up();
	await page.getByRole('button', { name: 'Record consent' }).click();
}

test('a social collage needs its own consent; its withdrawal lists the posts until each is marked removed', async ({
	demo,
	page,
	context
}) => {
	test.setTimeout(180_000);
	const caseId = await publishedCase(demo, 'Mei Tanaka');
	const rows = () => demo.db.select().from(socialExport).all();
	const audits = (action: string) =>
		demo.db.select().from(auditEvent).where(eq(auditEvent.action, action)).all();

	// without the social media consent: the section says why, and the server refuses too
	const mei = await openPatient(demo, context, page, 'clinician@demo.test', 'Mei Tanaka');
	await gotoHydrated(page, `${demo.baseURL}/clinic/gallery/${caseId}`);
	const section = page.getByRole('region', { name: 'Social media' });
	await expect(section.getByText(/no active consent to social media posts/)).toBeVisible();
	await expect(section.getByRole('button', { name: 'Download image' })).toHaveCount(0);
	const refused = await page.request.post(`${demo.baseURL}/clinic/gallery/${caseId}/social.jpg`, {
		headers: { origin: demo.baseURL, accept: 'application/json' },
		multipart: { size: 'square', postedWhere: 'Instagram @democlinic' }
	});
	expect(refused.status()).toBe(403);
	expect(refused.headers()['content-type']).not.toMatch(/^image\//);
	expect((await refused.json()).message).toMatch(/no active consent to social media/);
	expect(rows()).toEqual([]);
	expect(audits('social_export')).toEqual([]);

	// the consent form offers the scope and records it like the others
	await gotoHydrated(page, `${demo.baseURL}/clinic/patients/${mei.id}`);
	await signConsent(page, /Social media posts/);
	const consentItem = page.getByRole('listitem').filter({ hasText: 'Social media posts' });
	await expect(consentItem).toBeVisible();

	// each size downloads as a JPEG of exactly that size, logged before it leaves
	await gotoHydrated(page, `${demo.baseURL}/clinic/gallery/${caseId}`);
	const sizes: SocialSize[] = ['portrait', 'square', 'story'];
	for (const [i, size] of sizes.entries()) {
		await section.getByRole('radio', { name: new RegExp(size, 'i') }).check();
		await section.getByLabel('Where will it be posted?').fill(`Instagram @democlinic ${size}`);
		await section.getByLabel(/Link to the post/).fill(`https://www.instagram.com/p/demo${i}/`);
		const [download] = await Promise.all([
			page.waitForEvent('download'),
			section.getByRole('button', { name: 'Download image' }).click()
		]);
		const file = await download.path();
		const bytes = fs.readFileSync(file);
		const meta = await sharp(bytes).metadata();
		expect(meta).toMatchObject({ format: 'jpeg', ...SOCIAL_DIMENSIONS[size] });
		expect(meta.exif).toBeUndefined();
		if (fs.existsSync(SHOTS)) {
			fs.writeFileSync(`${SHOTS}/social-${size}.jpg`, bytes);
		}
		await expect(section.getByText(/Saved case-.*\.jpg/)).toBeVisible();
		expect(rows()).toHaveLength(i + 1);
		expect(audits('social_export')).toHaveLength(i + 1);
	}
	await expect(section.getByRole('listitem')).toHaveCount(3);
	await shoot(page, 'case');

	// an empty "where" is refused with a message, nothing logged
	await section.getByLabel('Where will it be posted?').fill('   ');
	await section.getByRole('button', { name: 'Download image' }).click();
	await expect(section.getByText(/Say where it will be posted/)).toBeVisible();
	expect(rows()).toHaveLength(3);

	// the patient withdraws the social media consent: the dashboard lists the three posts
	await gotoHydrated(page, `${demo.baseURL}/clinic/patients/${mei.id}`);
	await consentItem.getByText('Withdraw…').click();
	await consentItem.getByLabel('Reason given').fill('No longer wants posts online');
	await consentItem.getByRole('button', { name: 'Withdraw consent now' }).click();
	await expect(consentItem.getByText('revoked')).toBeVisible();
	await expect(
		page.getByText(/3 social media posts made from their photos are still to take down/)
	).toBeVisible();

	await gotoHydrated(page, `${demo.baseURL}/clinic`);
	const takedown = page.getByRole('region', { name: 'Take down these posts' });
	await expect(takedown.getByRole('listitem')).toHaveCount(3);
	await expect(takedown.getByText('Instagram @democlinic story')).toBeVisible();
	await expect(takedown.getByRole('link', { name: 'Mei Tanaka' }).first()).toBeVisible();
	await shoot(page, 'dashboard');

	// the front desk has no part in it: no list, and the action is refused
	const first = rows()[0];
	const desk = await context.browser()!.newContext();
	await demo.signInAs(desk, 'frontdesk@demo.test');
	const deskPage = await desk.newPage();
	await gotoHydrated(deskPage, `${demo.baseURL}/clinic`);
	await expect(deskPage.getByRole('region', { name: 'Take down these posts' })).toHaveCount(0);
	const deskMark = await desk.request.post(`${demo.baseURL}/clinic?/markRemoved`, {
		headers: { origin: demo.baseURL, accept: 'text/html' },
		multipart: { exportId: first.id },
		maxRedirects: 0
	});
	expect(deskMark.status()).toBe(404);
	await desk.close();

	// marking each one removed takes it off, audited; then the list is gone
	for (let left = 3; left > 0; left--) {
		await takedown
			.getByRole('button', { name: /Marked removed/ })
			.first()
			.click();
		if (left > 1) {
			await expect(takedown.getByRole('listitem')).toHaveCount(left - 1);
		}
	}
	await expect(takedown).toHaveCount(0);
	expect(audits('social_export_removed')).toHaveLength(3);
	expect(rows().every((r) => r.removedAt && r.removedBy)).toBe(true);

	// a second mark is refused and changes nothing
	const marked = rows().find((r) => r.id === first.id)!;
	const again = await page.request.post(`${demo.baseURL}/clinic?/markRemoved`, {
		headers: { origin: demo.baseURL, accept: 'text/html' },
		multipart: { exportId: first.id },
		maxRedirects: 0
	});
	expect(again.status()).toBe(409);
	expect(audits('social_export_removed')).toHaveLength(3);
	expect(rows().find((r) => r.id === first.id)).toEqual(marked);
});
