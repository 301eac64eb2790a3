import fs from 'node:fs';
import path from 'node:path';
import { eq } from 'drizzle-orm';
import { request as playwrightRequest, type APIRequestContext } from '@playwright/test';
import { test, expect, gotoHydrated } from './app';
import { user } from '../../src/lib/server/db/schema';
import { openAs } from './clinic-steps';
import { patientNamed } from './demo-records';
import { addOtherClinic } from './people';
import { createApiToken } from '../../src/lib/server/auth/api-tokens';
import type { StaffActor } from '../../src/lib/server/auth/guard';

const jpeg = () =>
	fs.readFileSync(path.resolve('../shared/fixtures/photos/orientation/Portrait_8.jpg'));

/** An HTTP client with no cookies and no browser headers: what an integration is. */
async function integration(baseURL: string, token?: string): Promise<APIRequestContext> {
	return playwrightRequest.newContext({
		baseURL,
		extraHTTPHeaders: token ? { authorization: `Bearer ${token}` } : {}
	});
}

test('the owner issues a token; an integration lists patients, uploads and reads photos with it; revoked, it gets 401', async ({
	demo,
	page,
	context
}) => {
	test.setTimeout(60_000);
	const jordan = patientNamed(demo, 'Jordan Avery');
	await openAs(demo, context, page, 'owner@demo.test', '/clinic/staff');
	await page.getByRole('link', { name: 'Integrations & API tokens' }).click();
	await expect(page.getByRole('heading', { name: 'Integrations', level: 1 })).toBeVisible();
	await expect(page.getByText('No active tokens.')).toBeVisible();
	await page.getByLabel('What it is for').fill('Room 2 camera');
	await page.getByLabel('Acts as').selectOption({ label: 'Dr Priya Nair · Clinician' });
	await page.getByRole('button', { name: 'Create token' }).click();
	const shown = page.getByLabel('API token', { exact: true });
	await expect(shown).toHaveValue(/^rsf_/);
	const token = await shown.inputValue();

	const api = await integration(demo.baseURL, token);
	const list = await api.get('/api/v1/patients?q=jordan');
	expect(list.status()).toBe(200);
	expect((await list.json()).patients).toEqual([
		expect.objectContaining({ id: jordan.id, name: 'Jordan Avery' })
	]);
	// a multipart upload with no Origin and no cookie: the token is the credential
	const upload = await api.post(`/api/v1/patients/${jordan.id}/photos`, {
		multipart: { view: 'front', file: { name: 'p.jpg', mimeType: 'image/jpeg', buffer: jpeg() } }
	});
	expect(upload.status()).toBe(201);
	const photoId = (await upload.json()).files[0].id as string;
	let status = '';
	let variants: { url: string }[] = [];
	await expect(async () => {
		const polled = await (await api.get(`/api/v1/photos/${photoId}`)).json();
		status = polled.status;
		variants = polled.variants;
		expect(status).toBe('ready');
	}).toPass({ timeout: 30_000 });
	const bytes = await api.get(variants[0].url);
	expect(bytes.status()).toBe(200);
	expect(bytes.headers()['cache-control']).toBe('private, no-store');
	const uploaded = demo.db.$client
		.prepare(
			"select actor_user_id as actor, detail from audit_event where action = 'photo_upload' and target_id = ?"
		)
		.get(photoId) as { actor: string; detail: string };
	const clinician = demo.db.select().from(user).where(eq(user.email, 'clinician@demo.test')).get()!;
	// the clinic can tell the camera station's uploads from the clinician's own
	expect(uploaded).toEqual({ actor: clinician.id, detail: 'via API token “Room 2 camera”' });
	// a token is not a session: pages ignore it
	const pageWithToken = await api.get('/clinic', { maxRedirects: 0 });
	expect(pageWithToken.status()).toBe(303);
	expect(pageWithToken.headers().location).toMatch(/^\/login/);

	// the list shows who it acts as and that it has been used; revoking stops it at once
	await page.getByRole('link', { name: 'Done' }).click();
	const item = page.getByRole('listitem').filter({ hasText: 'Room 2 camera' });
	await expect(item).toContainText('acts as Dr Priya Nair (Clinician)');
	await expect(item).toContainText('last used');
	await item.getByRole('button', { name: 'Revoke Room 2 camera' }).click();
	await expect(page.getByText('Token revoked.')).toBeVisible();
	const after = await api.get('/api/v1/patients');
	expect(after.status()).toBe(401);
	expect(after.headers()['www-authenticate']).toBe('Bearer error="invalid_token"');
	expect((await after.json()).message).toMatch(/revoked/);
	await api.dispose();
});

test('a token can do only what its person can, in their own clinic; bad tokens get 401', async ({
	demo
}) => {
	const db = demo.db;
	const jordan = patientNamed(demo, 'Jordan Avery');
	const byEmail = (email: string) => db.select().from(user).where(eq(user.email, email)).get()!;
	await addOtherClinic(demo, 'clinic-b');
	const issue = (ownerEmail: string, forEmail: string) => {
		const owner = byEmail(ownerEmail);
		const actor = { user: owner, clinicId: owner.clinicId } as StaffActor;
		return createApiToken(db, actor, { name: forEmail, userId: byEmail(forEmail).id }).token;
	};
	const deskToken = issue('owner@demo.test', 'frontdesk@demo.test');
	const desk = await integration(demo.baseURL, deskToken);
	const other = await integration(
		demo.baseURL,
		issue('owner@clinic-b.test', 'owner@clinic-b.test')
	);
	const nobody = await integration(demo.baseURL);
	const jordanPhotos = `/api/v1/patients/${jordan.id}/photos`;
	const photoId = db.$client
		.prepare('select id from photo where patient_id = ? limit 1')
		.pluck()
		.get(jordan.id) as string;

	// front desk: the patient list, never photos
	expect((await desk.get('/api/v1/patients')).status()).toBe(200);
	expect((await desk.get(jordanPhotos)).status()).toBe(404);
	expect((await desk.get(`/api/v1/photos/${photoId}`)).status()).toBe(404);
	// (its own client: refused before the body is read, the server closes that connection)
	const deskUploader = await integration(demo.baseURL, deskToken);
	const deskUpload = await deskUploader.post(jordanPhotos, {
		multipart: { view: 'front', file: { name: 'p.jpg', mimeType: 'image/jpeg', buffer: jpeg() } }
	});
	expect(deskUpload.status()).toBe(404);
	await deskUploader.dispose();
	// clinic B's owner: their own (empty) list, and clinic A's things do not exist
	const theirs = await other.get('/api/v1/patients');
	expect(theirs.status()).toBe(200);
	expect((await theirs.json()).patients).toEqual([]);
	for (const url of [jordanPhotos, `/api/v1/photos/${photoId}`]) {
		expect((await other.get(url)).status()).toBe(404);
	}
	// no token: the API answers as it does to anyone signed out
	expect((await nobody.get('/api/v1/patients')).status()).toBe(404);
	for (const header of ['Bearer nonsense', 'Bearer rsf_aaaa.bbbb', 'bearer ']) {
		const bad = await nobody.get('/api/v1/patients', { headers: { authorization: header } });
		expect(bad.status(), header).toBe(401);
	}
	// and without a token a form body still needs our Origin, as before
	const formPoster = await integration(demo.baseURL);
	const noOrigin = await formPoster.post(jordanPhotos, {
		multipart: { view: 'front', file: { name: 'p.jpg', mimeType: 'image/jpeg', buffer: jpeg() } }
	});
	expect(noOrigin.status()).toBe(403);
	await formPoster.dispose();
	expect(
		db.$client.prepare('select count(*) from photo where patient_id = ?').pluck().get(jordan.id)
	).toBe(20);

	// ending the front desk's access ends their token too
	db.update(user)
		.set({ disabledAt: new Date() })
		.where(eq(user.email, 'frontdesk@demo.test'))
		.run();
	expect((await desk.get('/api/v1/patients')).status()).toBe(401);
	await Promise.all([desk, other, nobody].map((c) => c.dispose()));
});

test('ending a member’s access revokes their tokens for good: restoring access does not revive them', async ({
	demo,
	page,
	context
}) => {
	const owner = demo.db.select().from(user).where(eq(user.email, 'owner@demo.test')).get()!;
	const clinician = demo.db.select().from(user).where(eq(user.email, 'clinician@demo.test')).get()!;
	const actor = { user: owner, clinicId: owner.clinicId } as StaffActor;
	const { token } = createApiToken(demo.db, actor, { name: 'Room 2 camera', userId: clinician.id });
	const api = await integration(demo.baseURL, token);
	expect((await api.get('/api/v1/patients')).status()).toBe(200);

	await openAs(demo, context, page, 'owner@demo.test', '/clinic/staff');
	await page.getByRole('button', { name: 'End access for Dr Priya Nair' }).click();
	await expect(page.getByText('Dr Priya Nair can no longer sign in.')).toBeVisible();
	expect((await api.get('/api/v1/patients')).status()).toBe(401);
	await page.getByRole('button', { name: 'Restore access' }).click();
	await expect(page.getByText('Dr Priya Nair can sign in again.')).toBeVisible();

	const after = await api.get('/api/v1/patients');
	expect(after.status()).toBe(401);
	expect((await after.json()).message).toMatch(/revoked/);
	// the Integrations list says so too
	await gotoHydrated(page, `${demo.baseURL}/clinic/integrations`);
	await expect(page.getByText('No active tokens.')).toBeVisible();
	await api.dispose();
});
