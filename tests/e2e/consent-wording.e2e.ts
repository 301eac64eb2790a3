import { test, expect, gotoHydrated } from './app';
import { CONSENT_TEXTS } from '../../src/lib/domain/consent-texts';

const OWNER = 'owner@demo.test';

const versions = (db: { $client: { prepare(s: string): { all(): unknown[] } } }) =>
	db.$client.prepare('select scope, seq, material, text from consent_text order by seq').all();

test('the owner rewords a consent as a new version; earlier signers are listed to sign again', async ({
	demo,
	page,
	context
}) => {
	await demo.signInAs(context, OWNER);
	const signedBefore = demo.db.$client
		.prepare("select id, text_version from consent where scope = 'photos_private' order by id")
		.all() as { id: string; text_version: string }[];
	expect(signedBefore.length).toBeGreaterThan(0);

	await gotoHydrated(page, demo.baseURL + '/clinic/settings/consents');
	const photos = page.getByRole('region', { name: 'Clinical photos (private record)' });
	await expect(photos.getByText('Version 1 in use')).toBeVisible();
	// saving the same wording is refused and makes no version
	await photos.getByRole('button', { name: 'Save as a new version' }).click();
	await expect(photos.getByRole('alert')).toContainText('already in use');
	expect(versions(demo.db)).toEqual([]);

	const wording = photos.getByLabel('Wording the patient signs');
	await wording.fill(
		`${CONSENT_TEXTS.photos_private.text} Photos may also be used to train clinic staff.`
	);
	await photos.getByLabel(/What changed/).fill('staff training added');
	await photos.getByLabel(/This is a material change/).check();
	await photos.getByRole('button', { name: 'Save as a new version' }).click();
	await expect(photos.getByText('Saved as version 2.')).toBeVisible();
	await expect(photos.getByText('Version 2 in use')).toBeVisible();

	// every consent given earlier still names the version its signer saw
	const signedAfter = demo.db.$client
		.prepare("select id, text_version from consent where scope = 'photos_private' order by id")
		.all();
	expect(signedAfter).toEqual(signedBefore);
	// ...and those patients are listed, by name, to be asked again
	const inForce = demo.db.$client
		.prepare(
			`select count(distinct c.patient_id) n from consent c join patient p on p.id = c.patient_id
			 where c.scope = 'photos_private' and c.revoked_at is null and p.archived_at is null
			 and (c.expires_at is null or c.expires_at > ?)`
		)
		.get(Date.now()) as { n: number };
	const outdated = photos.getByRole('note');
	await expect(outdated).toContainText(`${inForce.n} patients signed before`);
	await expect(outdated.getByRole('link', { name: 'Jordan Avery' })).toBeVisible();

	// both versions stay readable, the old one word for word
	await photos.getByText('All versions (2)').click();
	await expect(photos.getByText(CONSENT_TEXTS.photos_private.text, { exact: true })).toBeVisible();
	expect(versions(demo.db)).toEqual([
		expect.objectContaining({ scope: 'photos_private', seq: 2, material: 1 })
	]);
});

test('front desk reads the wording but has no control to change it', async ({
	demo,
	page,
	context
}) => {
	await demo.signInAs(context, 'frontdesk@demo.test');
	await gotoHydrated(page, demo.baseURL + '/clinic/settings/consents');
	await expect(page.getByText(CONSENT_TEXTS.treatment.text, { exact: true }).first()).toBeVisible();
	await expect(page.getByRole('button', { name: 'Save as a new version' })).toHaveCount(0);
	const res = await page.request.post(demo.baseURL + '/clinic/settings/consents?/save', {
		headers: { accept: 'text/html', origin: demo.baseURL },
		form: { scope: 'treatment', text: 'x'.repeat(80) }
	});
	expect(res.status()).toBe(404);
	expect(versions(demo.db)).toEqual([]);
});
