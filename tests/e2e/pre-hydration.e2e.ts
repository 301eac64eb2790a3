import { eq } from 'drizzle-orm';
import { test, expect } from './app';
import { gotoBeforeHydration } from './hydration-helpers';
import { jordanOf, patientNamed } from './demo-records';
import { galleryCase, photo } from '../../src/lib/server/db/schema';
import { CONSENT_TEXTS } from '../../src/lib/domain/consent-texts';

test('a gallery filter or compare mode chosen before hydration is applied, and links still move the controls', async ({
	demo,
	page
}) => {
	// the gallery is not hydrated (csr = false): its filters script applies the early choice
	const scripts = await gotoBeforeHydration(page, `${demo.baseURL}/c/demo/gallery`, {
		csr: false
	});
	await page.getByLabel('Concern').selectOption('fine_lines');
	await scripts();
	await expect(page).toHaveURL(/\/c\/demo\/gallery\?concern=fine_lines$/);
	await expect(page.getByRole('status')).toHaveText('1 result');
	await expect(page.getByLabel('Concern')).toHaveValue('fine_lines');
	await page.getByRole('link', { name: 'Clear filters' }).click();
	await expect(page.getByRole('status')).toHaveText('7 results');
	await expect(page.getByLabel('Concern')).toHaveValue('');
	// reached by a client-side navigation the page is the app's, and its Svelte form filters
	await page.goto(`${demo.baseURL}/c/demo`);
	await page.locator('html[data-hydrated]').waitFor({ state: 'attached' });
	await page.evaluate(() => Object.assign(window, { sameDocument: true }));
	await page
		.getByRole('navigation', { name: 'Clinic' })
		.getByRole('link', { name: 'Results' })
		.click();
	await page.getByLabel('Skin type').selectOption('3');
	await expect(page).toHaveURL(/\/c\/demo\/gallery\?skin=3$/);
	expect(await page.evaluate(() => 'sameDocument' in window), 'no page load').toBe(true);

	const sofia = patientNamed(demo, 'Sofia Rossi');
	const c = demo.db.select().from(galleryCase).where(eq(galleryCase.patientId, sofia.id)).get()!;
	// the case page is not hydrated either: its compare script applies the early choice
	const caseScript = await gotoBeforeHydration(page, `${demo.baseURL}/c/demo/cases/${c.id}`, {
		csr: false
	});
	await page.getByLabel('Side by side').check();
	await caseScript();
	await expect(page).toHaveURL(/\?mode=side$/);
	await expect(page.getByLabel('Side by side')).toBeChecked();
	await expect(page.getByRole('img', { name: /before treatment/ })).toBeVisible();
});

test('a patient’s view picked before hydration is shown once the page is live', async ({
	demo,
	page,
	context
}) => {
	await demo.signInAs(context, 'patient@demo.test');
	const jordan = jordanOf(demo);
	const left = demo.db
		.select()
		.from(photo)
		.where(eq(photo.patientId, jordan.id))
		.orderBy(photo.takenOn)
		.all()
		.filter((p) => p.view === 'left45');
	const hydrate = await gotoBeforeHydration(page, `${demo.baseURL}/me/compare`);
	await page.getByLabel('View').selectOption('left45');
	await page.getByRole('radio', { name: 'Fade' }).check();
	await hydrate();
	await expect(page).toHaveURL(/[?&]view=left45(&|$)/);
	expect(new URL(page.url()).searchParams.get('mode')).toBe('fade');
	await expect(page.getByLabel('View')).toHaveValue('left45');
	await expect(page.getByRole('radio', { name: 'Fade' })).toBeChecked();
	await expect(page.getByLabel('Earlier photo', { exact: true })).toHaveValue(left[0].id);
	await expect(page.getByLabel('Later photo', { exact: true })).toHaveValue(left.at(-1)!.id);
	await expect(page.getByRole('img', { name: /^Left 45° view/ })).toHaveCount(2);
});

test('staff choices made before hydration stay chosen: filters and the consent being recorded', async ({
	demo,
	page,
	context
}) => {
	await demo.signInAs(context, 'clinician@demo.test');
	const hydrate = await gotoBeforeHydration(page, `${demo.baseURL}/clinic/patients`);
	await page.getByLabel('Concern', { exact: true }).selectOption('stretch_marks');
	await page.getByLabel('Photo consent').selectOption('revoked');
	await hydrate();
	await expect(page.getByLabel('Concern', { exact: true })).toHaveValue('stretch_marks');
	await expect(page.getByLabel('Photo consent')).toHaveValue('revoked');
	await page.getByRole('button', { name: 'Filter' }).click();
	await expect(page).toHaveURL(/[?&]concern=stretch_marks&.*consent=revoked/);

	// The consent form: a scope ticked early must not be unticked under the signer's eyes (nor
	// one left alone ticked). Lucas holds no gallery consent, so it is offered.
	const lucas = patientNamed(demo, 'Lucas Ferreira');
	const hydrateLucas = await gotoBeforeHydration(
		page,
		`${demo.baseURL}/clinic/patients/${lucas.id}`
	);
	const record = page.locator('details', { has: page.locator('input[name="scopes"]') });
	await record.locator('summary').click();
	await page.getByRole('checkbox', { name: /Public gallery/ }).check();
	await hydrateLucas();
	// the <details> opened before hydration stays open
	await expect(record).toHaveAttribute('open', '');
	await expect(page.getByRole('checkbox', { name: /Public gallery/ })).toBeChecked();
	await expect(page.getByText(CONSENT_TEXTS.gallery_public.text)).toBeVisible();
});
