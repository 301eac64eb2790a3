import sharp from 'sharp';
import { test, expect, gotoHydrated } from './app';

const OWNER = 'owner@demo.test';

const clinicRow = (db: { $client: { prepare(s: string): { get(): unknown } } }) =>
	db.$client.prepare(`select name, settings from clinic where slug = 'demo'`).get() as {
		name: string;
		settings: string;
	};

test('the owner brands the clinic, and patients and prospects see it', async ({
	demo,
	browser
}) => {
	test.setTimeout(90_000);
	const ownerContext = await browser.newContext();
	await demo.signInAs(ownerContext, OWNER);
	const page = await ownerContext.newPage();
	await gotoHydrated(page, demo.baseURL + '/clinic/settings');

	// a colour too light for white button text is refused with the reason, and nothing changes
	const before = clinicRow(demo.db);
	await page.getByLabel('Clinic name').fill('Harbour Skin Studio');
	await page.getByLabel('Accent colour').fill('#f4a6b8');
	await page.getByRole('button', { name: 'Save settings' }).click();
	const refusal = page.getByRole('alert').filter({ hasText: 'too light' });
	await expect(refusal).toContainText('#f4a6b8 is too light');
	await expect(refusal).toContainText('4.5:1');
	expect(clinicRow(demo.db)).toEqual(before);

	await page.getByLabel('Accent colour').fill('#6b2a8f');
	await page.getByLabel('Clinic website').fill('https://harbour.example');
	await page.getByRole('button', { name: 'Save settings' }).click();
	await expect(page.getByText('Settings saved.')).toBeVisible();
	expect(clinicRow(demo.db).name).toBe('Harbour Skin Studio');

	const png = await sharp({
		create: { width: 900, height: 300, channels: 4, background: '#6b2a8f' }
	})
		.png()
		.toBuffer();
	await page
		.getByLabel('Upload a logo')
		.setInputFiles({ name: 'logo.png', mimeType: 'image/png', buffer: png });
	await page.getByRole('button', { name: 'Upload logo' }).click();
	await expect(page.getByText('Logo saved.')).toBeVisible();
	const svg = Buffer.from(
		'<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>'
	);
	await page
		.getByLabel('Replace the logo')
		.setInputFiles({ name: 'x.png', mimeType: 'image/png', buffer: svg });
	await page.getByRole('button', { name: 'Upload logo' }).click();
	await expect(page.getByRole('region', { name: 'Logo' }).getByRole('alert')).toContainText(
		'can carry scripts'
	);

	const settings = JSON.parse(clinicRow(demo.db).settings);
	expect(settings).toMatchObject({ accentColor: '#6b2a8f', websiteUrl: 'https://harbour.example' });
	const logoUrl = `/media/brand/${settings.logo.key}.webp`;
	const logoRes = await page.request.get(demo.baseURL + logoUrl);
	expect(logoRes.headers()['content-type']).toBe('image/webp');
	expect(logoRes.headers()['cache-control']).toContain('immutable');
	expect((await sharp(await logoRes.body()).metadata()).width).toBe(512);
	expect(
		(await page.request.get(demo.baseURL + '/media/brand/' + '0'.repeat(32) + '.webp')).status()
	).toBe(404);

	// a prospect: `/` (one clinic) is the clinic's page, with its logo, website and sign-in link
	const visitor = await browser.newPage();
	await visitor.goto(demo.baseURL + '/');
	await expect(visitor).toHaveURL(/\/c\/demo$/);
	const header = visitor.getByRole('banner');
	await expect(header.getByRole('img', { name: 'Harbour Skin Studio' })).toHaveAttribute(
		'src',
		logoUrl
	);
	await expect(header.getByRole('link', { name: 'Website' })).toHaveAttribute(
		'href',
		'https://harbour.example'
	);
	await visitor.getByRole('link', { name: 'Staff / patient sign-in' }).click();
	await expect(visitor).toHaveURL(/\/login\?clinic=demo$/);
	await expect(visitor.getByRole('img', { name: 'Harbour Skin Studio' })).toBeVisible();
	await expect(visitor.getByText('For Harbour Skin Studio’s staff and patients')).toBeVisible();
	// an unknown clinic: the plain page, no error
	const plain = await visitor.goto(demo.baseURL + '/login?clinic=nowhere');
	expect(plain?.status()).toBe(200);
	await expect(visitor.getByRole('img', { name: 'Harbour Skin Studio' })).toHaveCount(0);
	await expect(visitor.getByText('For clinic staff and patients with an account.')).toBeVisible();

	// the patient's pages wear the clinic's logo and accent
	const patientContext = await browser.newContext();
	await demo.signInAs(patientContext, 'patient@demo.test');
	const patient = await patientContext.newPage();
	await patient.goto(demo.baseURL + '/me');
	await expect(
		patient.getByRole('banner').getByRole('img', { name: 'Harbour Skin Studio' })
	).toBeVisible();
	const accent = await patient
		.locator('main')
		.evaluate((el) => getComputedStyle(el).getPropertyValue('--accent').trim());
	expect(accent).toBe('#6b2a8f');

	// removing the logo: the name comes back, and the old file is gone
	await page.getByRole('button', { name: 'Remove logo' }).click();
	await expect(page.getByText('Logo removed.')).toBeVisible();
	expect((await page.request.get(demo.baseURL + logoUrl)).status()).toBe(404);
	await visitor.goto(demo.baseURL + '/c/demo');
	await expect(
		visitor.getByRole('banner').getByRole('link', { name: 'Harbour Skin Studio' })
	).toBeVisible();
	await ownerContext.close();
	await patientContext.close();
});
