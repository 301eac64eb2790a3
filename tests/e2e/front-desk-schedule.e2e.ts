import { and, eq } from 'drizzle-orm';
import { test, expect, gotoHydrated } from './app';
import { openAs, requestAs } from './clinic-steps';
import { jordanOf } from './demo-records';
import { auditEvent, patient, patientContact } from '../../src/lib/server/db/schema';

test('front desk sees the weeks ahead, filters to the uncontacted, logs a call; it is audited and on the patient page', async ({
	demo,
	page,
	context,
	browser
}) => {
	await openAs(demo, context, page, 'frontdesk@demo.test', '/clinic');
	await page
		.getByRole('navigation', { name: 'Main' })
		.getByRole('link', { name: 'Schedule' })
		.click();
	await expect(page.getByRole('heading', { name: 'Schedule', level: 1 })).toBeVisible();
	// overdue first, then this week and the weeks after, each row with its phone as a tel: link
	const headings = page.locator('section.week h2');
	await expect(headings.first()).toBeVisible();
	const names = (await headings.allTextContents()).map((h) => h.replace(/\s*\d+$/, '').trim());
	const order = names.map((n) =>
		n === 'Overdue' ? 0 : n === 'This week' ? 1 : n === 'Next week' ? 2 : 3
	);
	expect(order).toEqual([...order].sort());
	expect(
		names.filter((n) => n.startsWith('Week of ')).every((n) => /^Week of \d+ \w+$/.test(n))
	).toBe(true);
	await expect(page.locator('a[href^="tel:+44207946"]').first()).toBeVisible();
	// the seed logged two calls: some rows say who called, and how it went
	await expect(page.getByText(/Phone call · Sam Ortega/).first()).toBeVisible();

	// filter to the uncontacted (a GET form: the state is in the URL)
	await page.getByLabel('Due within').selectOption('8');
	await page.getByLabel('Not yet contacted').check();
	await page.getByRole('button', { name: 'Filter' }).click();
	await expect(page).toHaveURL(/weeks=8/);
	await expect(page).toHaveURL(/uncontacted=1/);
	await expect(page.getByText('Not yet contacted', { exact: true }).first()).toBeVisible();
	await expect(page.getByText(/Phone call · Sam Ortega/)).toHaveCount(0);

	const row = page.locator('li.due').first();
	const name = (await row.getByRole('link').first().textContent())!.trim();
	await row.locator('summary', { hasText: 'Log contact' }).click();
	// an outcome is required: the browser asks first, and the server refuses a made-up one
	await row.getByLabel('Outcome').selectOption('left_message');
	await row.getByLabel('Note').fill('Voicemail; will try again Friday');
	await row.getByRole('button', { name: 'Save contact' }).click();
	await expect(page.getByRole('status')).toContainText('Contact logged: Left message.');
	// contacted now, so the "not yet contacted" list no longer holds them
	await expect(page.locator('li.due', { hasText: name })).toHaveCount(0);

	const who = demo.db.select().from(patient).where(eq(patient.displayName, name)).get()!;
	const logged = demo.db
		.select()
		.from(patientContact)
		.where(and(eq(patientContact.patientId, who.id), eq(patientContact.outcome, 'left_message')))
		.all();
	expect(logged).toHaveLength(1);
	expect(logged[0]).toMatchObject({ channel: 'phone', note: 'Voicemail; will try again Friday' });
	const events = demo.db
		.select()
		.from(auditEvent)
		.where(and(eq(auditEvent.action, 'patient_contact'), eq(auditEvent.targetId, who.id)))
		.all();
	expect(events).toHaveLength(1);
	expect(events[0].detail).toMatch(
		/^Phone call: left message about the session due \d{1,2} \w+ \d{4}$/
	);

	// on the patient's page, in the Details card
	await gotoHydrated(page, `${demo.baseURL}/clinic/patients/${who.id}`);
	const details = page.locator('section', { has: page.getByRole('heading', { name: 'Details' }) });
	await expect(details.getByText('Left message')).toBeVisible();
	await expect(details.getByText('Voicemail; will try again Friday')).toBeVisible();

	// and in the owner's audit log
	const owner = await browser.newContext();
	await demo.signInAs(owner, 'owner@demo.test');
	const ownerPage = await owner.newPage();
	await ownerPage.goto(`${demo.baseURL}/clinic/audit`);
	await expect(ownerPage.getByText(/left message about the session due/).first()).toBeVisible();
	await owner.close();
});

test('a contact logged without JavaScript is a plain form post; a bad one is refused and writes nothing', async ({
	demo,
	browser
}) => {
	const context = await browser.newContext({ javaScriptEnabled: false });
	await demo.signInAs(context, 'frontdesk@demo.test');
	const page = await context.newPage();
	await page.goto(`${demo.baseURL}/clinic/schedule?weeks=8&uncontacted=1`);
	const row = page.locator('li.due').first();
	const name = (await row.getByRole('link').first().textContent())!.trim();
	await row.locator('summary', { hasText: 'Log contact' }).click();
	await row.getByLabel('How').selectOption('text');
	await row.getByLabel('Outcome').selectOption('booked');
	await row.getByRole('button', { name: 'Save contact' }).click();
	await expect(page.getByRole('status')).toContainText('Contact logged: Booked.');
	const who = demo.db.select().from(patient).where(eq(patient.displayName, name)).get()!;
	expect(
		demo.db.select().from(patientContact).where(eq(patientContact.patientId, who.id)).all()
	).toMatchObject([{ channel: 'text', outcome: 'booked' }]);

	const before = demo.db.select().from(patientContact).all().length;
	const res = await context.request.post(`${demo.baseURL}/clinic/schedule?/contact`, {
		form: { patientId: who.id, channel: 'phone', outcome: 'maybe' },
		// a browser's own form post, without JavaScript: the page again, with the reason
		headers: { origin: demo.baseURL, accept: 'text/html' }
	});
	expect(res.status()).toBe(400);
	expect(await res.text()).toContain('Choose what came of it.');
	expect(demo.db.select().from(patientContact).all()).toHaveLength(before);
	await context.close();
});

test('a new patient’s phone: a bad number is refused with a reason, a good one kept and shown to staff only', async ({
	demo,
	page,
	context,
	browser
}) => {
	await openAs(demo, context, page, 'frontdesk@demo.test', '/clinic/patients?new=1');
	await page.getByLabel('Name', { exact: true }).fill('Nadia Quinn');
	await page.getByLabel(/^Phone/).fill('07700 900123');
	await page.getByRole('button', { name: 'Create patient' }).click();
	await expect(page.getByRole('alert')).toContainText(
		'07700 900123 is not a valid United Kingdom phone number'
	);
	await expect(page.getByLabel(/^Phone/)).toHaveValue('07700 900123');
	expect(
		demo.db.select().from(patient).where(eq(patient.displayName, 'Nadia Quinn')).get()
	).toBeUndefined();

	await page.getByLabel(/^Phone/).fill('020 7946 0991');
	await page.getByRole('button', { name: 'Create patient' }).click();
	await expect(page.getByRole('heading', { name: 'Nadia Quinn', level: 1 })).toBeVisible();
	await expect(page.getByRole('link', { name: '+44 20 7946 0991' })).toHaveAttribute(
		'href',
		'tel:+442079460991'
	);
	expect(
		demo.db.select().from(patient).where(eq(patient.displayName, 'Nadia Quinn')).get()!.phone
	).toBe('+442079460991');

	// the patient's own pages never carry the number on file (Jordan has one)
	const jordan = jordanOf(demo);
	expect(jordan.phone).toMatch(/^\+44207946\d{4}$/);
	const me = await requestAs(browser, demo, 'patient@demo.test');
	for (const url of [
		'/me',
		'/me/__data.json',
		'/me/compare',
		'/me/compare/__data.json',
		'/account/email'
	]) {
		const body = await (await me.get(demo.baseURL + url)).text();
		expect(body, url).not.toContain(jordan.phone!.slice(1));
		expect(body, url).not.toContain('7946');
	}
	// nor the API, which gives no email either
	const api = await requestAs(browser, demo, 'owner@demo.test');
	expect(await (await api.get(`${demo.baseURL}/api/v1/patients`)).text()).not.toContain('7946');
});

test('a patient and a signed-out visitor get no schedule', async ({ demo, browser }) => {
	const patientReq = await requestAs(browser, demo, 'patient@demo.test');
	expect((await patientReq.get(`${demo.baseURL}/clinic/schedule`)).status()).toBe(404);
	const anon = await requestAs(browser, demo, null);
	const res = await anon.get(`${demo.baseURL}/clinic/schedule`, { maxRedirects: 0 });
	expect(res.status()).toBe(303);
	expect(res.headers().location).toMatch(/^\/login/);
});
