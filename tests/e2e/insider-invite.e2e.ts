// Issue 11, finding 1: front desk (no photo access) invited a patient to an address it chose,
// read the link from the page, accepted it and downloaded the patient's photos; the link
// outlived front desk's access. Each step here is the attacker's, then the clinic's defence.
import type { APIRequestContext } from '@playwright/test';
import { test, expect, gotoHydrated, type App } from './app';
import { addOtherClinic } from './people';
import { openAs, signedInPage } from './clinic-steps';
import { patientIdOfAccount } from './demo-records';

const LINK = /\/invite\/[a-z2-7]{32}\.[a-z2-7]{32}/;

function patientWithoutAccount(demo: App): { id: string; name: string; email: string | null } {
	return demo.db.$client
		.prepare(
			`select p.id, p.display_name as name, p.email from patient p join clinic c on c.id = p.clinic_id
			 where c.slug = 'demo' and p.user_id is null and p.archived_at is null order by p.display_name limit 1`
		)
		.get() as { id: string; name: string; email: string | null };
}

/** A same-origin form POST with the context's cookies, as the page's own form would send it. */
async function post(
	request: APIRequestContext,
	demo: App,
	url: string,
	form: Record<string, string>
) {
	const res = await request.post(demo.baseURL + url, {
		form,
		headers: { origin: demo.baseURL, accept: 'text/html' },
		maxRedirects: 0
	});
	return { status: res.status(), body: await res.text() };
}

test('front desk never holds a usable patient link, by any request it can make', async ({
	demo,
	context,
	page
}) => {
	const p = patientWithoutAccount(demo);
	await demo.signInAs(context, 'frontdesk@demo.test');
	const seen: string[] = [];
	// The old attack: invite with an address of front desk's choosing, read the link back.
	seen.push(
		(
			await post(context.request, demo, `/clinic/patients/${p.id}?/invite`, {
				email: 'desk@evil.test'
			})
		).body
	);
	// The address on file is front desk's to edit, so it tries that route too.
	seen.push(
		(
			await post(context.request, demo, `/clinic/patients/${p.id}?/updatePatient`, {
				displayName: p.name,
				email: 'desk@evil.test'
			})
		).body
	);
	seen.push((await post(context.request, demo, `/clinic/patients/${p.id}?/invite`, {})).body);
	for (const body of seen) {
		expect(body).not.toMatch(LINK);
	}
	const open = demo.db.$client
		.prepare('select id, token_hash from invitation where patient_id = ? and revoked_at is null')
		.all(p.id) as { id: string; token_hash: string | null }[];
	expect(open).toHaveLength(1);
	expect(open[0].token_hash).toBeNull();
	// Confirming is not front desk's to do, and every page it can open shows no link.
	const confirm = await post(context.request, demo, `/clinic/invitations?/confirmInvite`, {
		invitationId: open[0].id
	});
	expect(confirm.status).toBe(404);
	seen.push(confirm.body);
	for (const url of [
		`/clinic/patients/${p.id}`,
		`/clinic/patients/${p.id}/__data.json`,
		'/clinic/invitations',
		'/clinic/invitations/__data.json',
		'/clinic'
	]) {
		seen.push(await (await context.request.get(demo.baseURL + url)).text());
	}
	for (const body of seen) {
		expect(body).not.toMatch(LINK);
	}

	// By the ordinary path: front desk sees the request waiting, with the address it goes to.
	await gotoHydrated(page, `${demo.baseURL}/clinic/patients/${p.id}`);
	const portal = page.getByRole('region', { name: 'Patient portal' });
	await expect(portal.getByText('Waiting for confirmation')).toBeVisible();
	await expect(portal.getByRole('listitem').getByText('desk@evil.test')).toBeVisible();
	await expect(portal.getByRole('button', { name: /Confirm/ })).toHaveCount(0);
});

test('a clinician confirms a front desk request; the link dies with the asker’s access', async ({
	demo,
	browser
}) => {
	test.setTimeout(120_000);
	const p = patientWithoutAccount(demo);
	const { context: desk, page: deskPage } = await signedInPage(
		browser,
		demo,
		'frontdesk@demo.test'
	);
	if (!p.email) {
		await gotoHydrated(deskPage, `${demo.baseURL}/clinic/patients/${p.id}`);
		await deskPage.getByText('Edit details').click();
		await deskPage.getByLabel('Email').fill('noor@example.test');
		await deskPage.getByRole('button', { name: 'Save details' }).click();
	}
	await gotoHydrated(deskPage, `${demo.baseURL}/clinic/patients/${p.id}`);
	await deskPage.getByRole('button', { name: 'Ask for an invitation' }).click();
	await expect(deskPage.getByText('Invitation requested.')).toBeVisible();

	// The clinician is told on the home page and confirms from the invitations list.
	const { context: clinic, page: clinician } = await signedInPage(
		browser,
		demo,
		'clinician@demo.test'
	);
	await gotoHydrated(clinician, `${demo.baseURL}/clinic`);
	await clinician.getByRole('link', { name: 'Review invitations' }).click();
	await expect(clinician.getByRole('heading', { name: 'Invitations', exact: true })).toBeVisible();
	await clinician.getByRole('button', { name: `Confirm and issue link for ${p.name}` }).click();
	const link = await clinician.getByLabel('Invitation link', { exact: true }).inputValue();
	expect(link).toMatch(LINK);

	// The owner ends front desk's access: the link front desk asked for stops working.
	const { context: own, page: ownerPage } = await signedInPage(browser, demo, 'owner@demo.test');
	await gotoHydrated(ownerPage, `${demo.baseURL}/clinic/staff`);
	await ownerPage.getByRole('button', { name: 'End access for Sam Ortega' }).click();
	await expect(ownerPage.getByText('can no longer sign in')).toBeVisible();
	expect((await clinic.request.get(link)).status()).toBe(404);
	for (const c of [desk, clinic, own]) {
		await c.close();
	}
});

test('clinical staff end and restore a patient’s portal; archiving ends it; the patient is signed out at once', async ({
	demo,
	browser
}) => {
	test.setTimeout(120_000);
	const { context: patientCtx, page: me } = await signedInPage(browser, demo, 'patient@demo.test');
	await me.goto(`${demo.baseURL}/me`);
	await expect(me).toHaveURL(/\/me$/);
	const jordan = patientIdOfAccount(demo, 'patient@demo.test');

	// Front desk may not end or restore portal access.
	const { context: desk, page: deskPage } = await signedInPage(
		browser,
		demo,
		'frontdesk@demo.test'
	);
	expect(
		(await post(desk.request, demo, `/clinic/patients/${jordan}?/portalAccess`, { enabled: '0' }))
			.status
	).toBe(404);

	const { context: clinic, page } = await signedInPage(browser, demo, 'clinician@demo.test');
	await gotoHydrated(page, `${demo.baseURL}/clinic/patients/${jordan}`);
	await page.getByRole('button', { name: 'End portal access' }).click();
	await expect(page.getByText('Portal access ended')).toBeVisible();
	await me.goto(`${demo.baseURL}/me`);
	await expect(me).toHaveURL(/\/login/);
	const ended = await me.request.post(`${demo.baseURL}/login`, {
		form: { email: 'patient@demo.test', password: 'demo-password' },
		headers: { origin: demo.baseURL, accept: 'text/html' },
		maxRedirects: 0
	});
	expect(ended.status()).not.toBe(303);

	await page.getByRole('button', { name: 'Restore portal access' }).click();
	await expect(page.getByText('can sign in again')).toBeVisible();
	await demo.signInAs(patientCtx, 'patient@demo.test');
	await me.goto(`${demo.baseURL}/me`);
	await expect(me).toHaveURL(/\/me$/);

	// Archiving (front desk may) ends it too, and restoring from the archive does not reopen it.
	await gotoHydrated(deskPage, `${demo.baseURL}/clinic/patients/${jordan}`);
	await deskPage.getByRole('button', { name: 'Archive patient' }).click();
	await expect(deskPage.getByText(/Archived on/)).toBeVisible();
	await me.goto(`${demo.baseURL}/me`);
	await expect(me).toHaveURL(/\/login/);
	await deskPage.getByRole('button', { name: 'Restore from archive' }).click();
	await expect(deskPage.getByText('Access ended')).toBeVisible();
	const audit = demo.db.$client
		.prepare("select action from audit_event where target_id = ? and action like 'portal_%'")
		.pluck()
		.all(jordan);
	expect(audit).toEqual(['portal_disable', 'portal_enable', 'portal_disable']);
	for (const c of [patientCtx, desk, clinic]) {
		await c.close();
	}
});

test('inviting an address registered at another clinic reveals nothing', async ({
	demo,
	context,
	page
}) => {
	await openAs(demo, context, page, 'owner@demo.test', '/clinic/staff');
	// Another clinic's account: the invitation is made as for anyone new.
	const elsewhere = await addOtherClinic(demo);
	await page.getByLabel('Name', { exact: true }).fill('Eve');
	await page.getByLabel('Email').fill(elsewhere);
	await page.getByRole('button', { name: 'Create invitation link' }).click();
	await expect(page.getByLabel('Invitation link', { exact: true })).toHaveValue(LINK);
	// Someone of this clinic: said plainly.
	await gotoHydrated(page, `${demo.baseURL}/clinic/staff`);
	await page.getByLabel('Name', { exact: true }).fill('Dup');
	await page.getByLabel('Email').fill('clinician@demo.test');
	await page.getByRole('button', { name: 'Create invitation link' }).click();
	await expect(page.getByRole('alert').filter({ hasText: 'in your clinic' })).toBeVisible();
	// And the pending invitation can be cancelled from the list.
	await page.getByRole('button', { name: 'Cancel invitation for Eve' }).click();
	await expect(page.getByText('Invitation cancelled')).toBeVisible();
	expect(
		demo.db.$client
			.prepare("select revoked_reason from invitation where name = 'Eve'")
			.pluck()
			.get()
	).toBe('cancelled');
});
