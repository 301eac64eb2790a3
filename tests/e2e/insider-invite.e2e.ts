// Issue 11, finding 1: front desk (no photo access) invited a patient to an address it chose,
// read the link from the page, accepted it and downloaded the patient's photos; the link
// outlived front desk's access. Each step here is the attacker's, then the clinic's defence.
// Since issue 13 invitations go by email to the address on file: front desk sends them but
// never sees a link, and may not send to an address it changed itself.
import type { APIRequestContext } from '@playwright/test';
import { test, expect, gotoHydrated, type App } from './app';
import { addOtherClinic } from './people';
import { openAs, signedInPage } from './clinic-steps';
import { patientIdOfAccount } from './demo-records';
import { linkIn } from '../support/smtp-sink';
import { waitForEml } from './mail-steps';

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
	// The address on file, typed at the desk with the patient there.
	demo.db.$client
		.prepare('update patient set email = ? where id = ?')
		.run('noor@example.test', p.id);
	await demo.signInAs(context, 'frontdesk@demo.test');
	const seen: string[] = [];
	// The old attack: invite with an address of front desk's choosing, read the link back. The
	// address is ignored: the invitation goes by email to the address on file.
	const sent = await post(context.request, demo, `/clinic/patients/${p.id}?/invite`, {
		email: 'desk@evil.test'
	});
	expect(sent.status).toBe(200);
	seen.push(sent.body);
	const open = () =>
		demo.db.$client
			.prepare('select id from invitation where patient_id = ? and revoked_at is null')
			.pluck()
			.all(p.id) as string[];
	const [first] = open();
	// Sending again, from the patient page and from the list: still only mail.
	for (const url of [
		`/clinic/patients/${p.id}?/resendInvite`,
		'/clinic/invitations?/resendInvite'
	]) {
		const again = await post(context.request, demo, url, { invitationId: open()[0] });
		expect(again.status).toBe(200);
		seen.push(again.body);
	}
	expect(open()).not.toContain(first);
	// The in-person link is not front desk's: refused, and nothing changes.
	const before = open();
	const handOver = await post(context.request, demo, `/clinic/patients/${p.id}?/handOver`, {});
	expect(handOver.status).toBe(404);
	seen.push(handOver.body);
	expect(open()).toEqual(before);
	// The address on file is front desk's to edit, so it points it at its own mailbox and sends.
	seen.push(
		(
			await post(context.request, demo, `/clinic/patients/${p.id}?/updatePatient`, {
				displayName: p.name,
				email: 'desk@evil.test'
			})
		).body
	);
	const refused = await post(context.request, demo, `/clinic/patients/${p.id}?/invite`, {});
	expect(refused.status).toBe(409);
	seen.push(refused.body);
	for (const url of [
		`/clinic/patients/${p.id}`,
		`/clinic/patients/${p.id}/__data.json`,
		'/clinic/invitations',
		'/clinic/invitations/__data.json',
		'/clinic',
		'/clinic/outbox',
		'/clinic/outbox/__data.json',
		'/api/v1/patients'
	]) {
		seen.push(await (await context.request.get(demo.baseURL + url)).text());
	}
	for (const body of seen) {
		expect(body).not.toMatch(LINK);
	}
	// Nothing went to front desk's address; every message went to the address on file, and the
	// address change killed every link (a message not yet sent was withdrawn, its body erased).
	const mails = demo.db.$client
		.prepare(
			"select to_address, status, text_body from mail_message where kind = 'patient_invitation'"
		)
		.all() as { to_address: string; status: string; text_body: string | null }[];
	expect(mails.length).toBeGreaterThanOrEqual(3);
	expect(new Set(mails.map((m) => m.to_address))).toEqual(new Set(['noor@example.test']));
	expect(open()).toEqual([]);

	// By the ordinary path: front desk is told who sends it now, and has no in-person control.
	await gotoHydrated(page, `${demo.baseURL}/clinic/patients/${p.id}`);
	const portal = page.getByRole('region', { name: 'Patient portal' });
	await portal.getByRole('button', { name: 'Send invitation by email' }).click();
	await expect(portal.getByRole('alert')).toContainText('a clinician or the owner sends');
	await expect(portal.getByRole('button', { name: /hand over/ })).toHaveCount(0);
});

test('a mailed link dies with the sender’s access; an old unsent request is sent from the list', async ({
	demo,
	browser
}) => {
	test.setTimeout(120_000);
	const p = patientWithoutAccount(demo);
	demo.db.$client
		.prepare('update patient set email = ? where id = ?')
		.run('noor@example.test', p.id);
	const { context: desk, page: deskPage } = await signedInPage(
		browser,
		demo,
		'frontdesk@demo.test'
	);
	await gotoHydrated(deskPage, `${demo.baseURL}/clinic/patients/${p.id}`);
	await deskPage.getByRole('button', { name: 'Send invitation by email' }).click();
	await expect(deskPage.getByText('Invitation sent by email to noor@example.test')).toBeVisible();
	const [mail] = await waitForEml(demo, 'noor@example.test');
	const link = linkIn(mail, `${demo.baseURL}/invite/`);
	expect(link).toMatch(LINK);

	// The staff home no longer tells anyone about requests waiting.
	const { context: clinic, page: clinician } = await signedInPage(
		browser,
		demo,
		'clinician@demo.test'
	);
	await gotoHydrated(clinician, `${demo.baseURL}/clinic`);
	await expect(clinician.getByText(/waiting for a clinician/)).toHaveCount(0);

	// The owner ends front desk's access: the link front desk sent stops working.
	const { context: own, page: ownerPage } = await signedInPage(browser, demo, 'owner@demo.test');
	await gotoHydrated(ownerPage, `${demo.baseURL}/clinic/staff`);
	await ownerPage.getByRole('button', { name: 'End access for Sam Ortega' }).click();
	await expect(ownerPage.getByText('can no longer sign in')).toBeVisible();
	expect((await clinic.request.get(link)).status()).toBe(404);

	// A request made before invitations were mailed (no link at all) is not stranded: it is
	// listed as not sent, and whoever may invite sends it.
	const deskId = demo.db.$client
		.prepare("select id from user where email = 'frontdesk@demo.test'")
		.pluck()
		.get() as string;
	demo.db.$client
		.prepare(
			`insert into invitation (id, clinic_id, email, name, role, patient_id, created_by, created_at, expires_at)
			 select 'old-request', clinic_id, email, display_name, 'patient', id, ?, ?, ? from patient where id = ?`
		)
		.run(deskId, Date.now(), Date.now() + 86_400_000, p.id);
	await gotoHydrated(clinician, `${demo.baseURL}/clinic/invitations`);
	await expect(clinician.getByText('1 not sent')).toBeVisible();
	await clinician.getByRole('button', { name: `Send by email to ${p.name}` }).click();
	await expect(clinician.getByText('Invitation sent by email to noor@example.test')).toBeVisible();
	await expect(clinician.getByText('1 not sent')).toHaveCount(0);
	const [, second] = await waitForEml(demo, 'noor@example.test', 2);
	expect((await fetch(linkIn(second, `${demo.baseURL}/invite/`))).status).toBe(200);
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
	// Another clinic's account: the invitation is sent as for anyone new.
	const elsewhere = await addOtherClinic(demo);
	await page.getByLabel('Name', { exact: true }).fill('Eve');
	await page.getByLabel('Email').fill(elsewhere);
	await page.getByRole('button', { name: 'Send invitation by email' }).click();
	await expect(page.getByText(`Invitation sent by email to ${elsewhere}`)).toBeVisible();
	// Someone of this clinic: said plainly.
	await gotoHydrated(page, `${demo.baseURL}/clinic/staff`);
	await page.getByLabel('Name', { exact: true }).fill('Dup');
	await page.getByLabel('Email').fill('clinician@demo.test');
	await page.getByRole('button', { name: 'Send invitation by email' }).click();
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
