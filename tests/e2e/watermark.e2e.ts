import sharp from 'sharp';
import { test, expect, gotoHydrated } from './app';
import { publishedCase, publicImages } from './gallery-helpers';
import { CORNERS, markedAt, rawOf } from '../support/watermark-material';

test('the owner turns the watermark on; the public case then shows it under new addresses', async ({
	demo,
	browser
}) => {
	test.setTimeout(120_000);
	const id = await publishedCase(demo, 'Jordan Avery');
	const visitor = await browser.newPage();
	const caseUrl = `${demo.baseURL}/c/demo/cases/${id}`;
	const beforeSrc = () =>
		visitor
			.getByRole('img', { name: /before/i })
			.first()
			.getAttribute('src');
	await visitor.goto(caseUrl);
	const oldSrc = (await beforeSrc())!;
	const oldBytes = await (await visitor.request.get(demo.baseURL + oldSrc)).body();
	const oldFiles = publicImages(demo, id);

	const owner = await browser.newContext();
	await demo.signInAs(owner, 'owner@demo.test');
	const page = await owner.newPage();
	await gotoHydrated(page, demo.baseURL + '/clinic/settings/watermark');
	const preview = page.getByRole('img', { name: /sample skin/i });
	await page.getByLabel('Watermark public images').check();
	await page.getByLabel('Top left').check();
	await page.getByLabel('Opacity').fill('80');
	await expect(page.locator('output')).toHaveText('80 %');
	// the preview follows the unsaved choice, drawn by the server
	await expect(preview).toHaveAttribute('src', /enabled=on.*position=top-left.*opacity=80/);
	await expect
		.poll(() => preview.evaluate((img: HTMLImageElement) => img.complete && img.naturalWidth))
		.toBe(960);

	await page.getByRole('button', { name: 'Save watermark' }).click();
	await expect(page.getByText('Saved.')).toBeVisible();
	// the job re-renders the published cases; the page says so until it is done
	const restamp = () =>
		demo.db.$client
			.prepare(`select status from job where kind = 'gallery.restamp'`)
			.all()
			.map((j) => (j as { status: string }).status);
	expect(restamp()).toHaveLength(1);
	await expect.poll(restamp, { timeout: 90_000 }).toEqual(['done']);
	await page.reload();
	await expect(page.getByText(/Re-rendering \d+ published case/)).toHaveCount(0);
	// the controls still show what was saved
	await expect(page.getByLabel('Watermark public images')).toBeChecked();
	await expect(page.getByLabel('Top left')).toBeChecked();
	await expect(page.locator('output')).toHaveText('80 %');

	await visitor.goto(caseUrl);
	const newSrc = (await beforeSrc())!;
	expect(newSrc).not.toBe(oldSrc);
	expect((await visitor.request.get(demo.baseURL + oldSrc)).status()).toBe(404);
	for (const f of oldFiles) {
		expect((await visitor.request.get(f.url)).status()).toBe(404);
	}
	const newBytes = await (await visitor.request.get(demo.baseURL + newSrc)).body();
	const [was, now] = [await rawOf(oldBytes), await rawOf(newBytes)];
	expect((await sharp(newBytes).metadata()).width).toBe(was.info.width);
	expect(markedAt(now, was, CORNERS['top-left'], CORNERS['bottom-right'])).toMatchObject({
		ok: true
	});
	const record = await (await visitor.request.get(`${caseUrl}/provenance.json`)).json();
	expect(record.operations.before).toContainEqual(
		expect.objectContaining({ op: 'watermark', position: 'top-left', opacity: 0.8 })
	);
});
