import { and, eq } from 'drizzle-orm';
import { test as base, expect, startApp, type App } from './app';
import { auditEvent } from '../../src/lib/server/db/schema';

/**
 * One browser as a server sees it: its own cookie jar, and (behind a proxy) the address the
 * proxy reports for it. Plain fetch, so each actor's cookies stay its own.
 */
class Client {
	readonly cookies = new Map<string, string>();
	lastSetCookies: string[] = [];
	constructor(
		private readonly app: App,
		public address?: string
	) {}

	async signIn(email: string, password: string, headers: Record<string, string> = {}) {
		const res = await fetch(this.app.baseURL + '/login', {
			method: 'POST',
			body: new URLSearchParams({ email, password }),
			headers: {
				origin: this.app.baseURL,
				accept: 'text/html',
				...(this.address ? { 'x-forwarded-for': this.address } : {}),
				...(this.cookies.size ? { cookie: this.cookieHeader() } : {}),
				...headers
			},
			redirect: 'manual'
		});
		this.lastSetCookies = res.headers.getSetCookie();
		for (const line of this.lastSetCookies) {
			const [pair] = line.split(';');
			const at = pair.indexOf('=');
			const value = pair.slice(at + 1);
			if (value && !/max-age=0/i.test(line)) {
				this.cookies.set(pair.slice(0, at), value);
			} else {
				this.cookies.delete(pair.slice(0, at));
			}
		}
		return { status: res.status, retryAfter: Number(res.headers.get('retry-after') ?? 0) };
	}

	/** Signs out locally (drops the session) but keeps everything else, like a device cookie. */
	forgetSession() {
		this.cookies.delete('resurface_session');
	}

	cookieHeader() {
		return [...this.cookies].map(([k, v]) => `${k}=${v}`).join('; ');
	}
}

const OWNER = 'owner@demo.test';
const PASSWORD = 'demo-password';

async function failTimes(client: Client, email: string, times: number) {
	const statuses: number[] = [];
	for (let i = 0; i < times; i++) {
		statuses.push((await client.signIn(email, `wrong-guess-${i}-password`)).status);
	}
	return statuses;
}

/** The demo clinic behind a proxy that reports each client in X-Forwarded-For. */
const test = base.extend<{ proxied: App }>({
	proxied: async ({}, use) => {
		const app = await startApp({
			demo: true,
			env: { ADDRESS_HEADER: 'X-Forwarded-For', XFF_DEPTH: '1' }
		});
		await use(app);
		await app.stop();
	}
});

test('eleven wrong passwords in a row: refused, then throttled with Retry-After', async ({
	demo,
	page
}) => {
	const statuses: number[] = [];
	let retryAfter = 0;
	for (let i = 0; i < 11; i++) {
		const res = await page.request.post(demo.baseURL + '/login', {
			form: { email: 'clinician@demo.test', password: `wrong-${i}-password` },
			headers: { origin: demo.baseURL, accept: 'text/html' },
			maxRedirects: 0
		});
		statuses.push(res.status());
		if (res.status() === 429) {
			retryAfter = Number(res.headers()['retry-after']);
		}
	}
	// Five free tries, then every attempt answers 429 while the lock lasts.
	expect(statuses).toEqual([400, 400, 400, 400, 400, 429, 429, 429, 429, 429, 429]);
	expect(retryAfter).toBeGreaterThan(0);

	// Even the right password is refused while locked: a lock that a correct guess lifts would
	// tell the attacker which guess was right.
	await page.goto(demo.baseURL + '/login');
	await page.getByLabel('Email').fill('clinician@demo.test');
	await page.getByLabel('Password').fill('demo-password');
	await page.getByRole('button', { name: 'Sign in' }).click();
	await expect(page.getByRole('alert')).toContainText('Too many attempts');
	await expect(page).toHaveURL(/\/login$/);

	// Another account from the same machine is not locked by this one.
	await page.getByLabel('Email').fill('owner@demo.test');
	await page.getByLabel('Password').fill('demo-password');
	await page.getByRole('button', { name: 'Sign in' }).click();
	await expect(page).toHaveURL(/\/clinic$/);
});

test('the answer never reveals whether an email has an account', async ({ demo, request }) => {
	const attempt = (email: string) =>
		request.post(demo.baseURL + '/login', {
			form: { email, password: 'not-the-password' },
			headers: { origin: demo.baseURL, accept: 'text/html' },
			maxRedirects: 0
		});
	const known = await attempt('owner@demo.test');
	const unknown = await attempt('nobody@demo.test');
	expect(known.status()).toBe(unknown.status());
	const message = (html: string) => html.match(/class="alert alert-error">([^<]*)</)?.[1];
	expect(message(await known.text())).toBeTruthy();
	expect(message(await known.text())).toBe(message(await unknown.text()));
});

test('an attacker failing from one address does not lock the owner out elsewhere', async ({
	proxied
}) => {
	const attacker = new Client(proxied, '198.51.100.7');
	expect(await failTimes(attacker, OWNER, 7)).toEqual([400, 400, 400, 400, 400, 429, 429]);
	expect((await attacker.signIn(OWNER, PASSWORD)).status).toBe(429);

	const owner = new Client(proxied, '192.0.2.10');
	expect((await owner.signIn(OWNER, PASSWORD)).status).toBe(303);
	expect(owner.cookies.has('resurface_session')).toBe(true);
});

test('a device that signed in before signs in from a locked address; its own guesses are counted', async ({
	proxied
}) => {
	const laptop = new Client(proxied, '192.0.2.10');
	expect((await laptop.signIn(OWNER, PASSWORD)).status).toBe(303);
	const deviceCookie = laptop.lastSetCookies.find((c) => c.startsWith('resurface_device='));
	expect(deviceCookie).toBeDefined();
	expect(deviceCookie).toMatch(/; HttpOnly/i);
	expect(deviceCookie).toMatch(/; Secure/i);
	expect(deviceCookie).toMatch(/; SameSite=Lax/i);
	expect(deviceCookie).toMatch(/; Path=\//i);
	const maxAge = Number(deviceCookie!.match(/Max-Age=(\d+)/i)?.[1] ?? 0);
	expect(maxAge).toBeGreaterThanOrEqual(180 * 24 * 3600);
	laptop.forgetSession();

	// The attacker locks the owner's account at address A, the clinic's shared address.
	const attacker = new Client(proxied, '198.51.100.7');
	await failTimes(attacker, OWNER, 6);
	expect((await attacker.signIn(OWNER, PASSWORD)).status).toBe(429);

	// The owner's laptop, now behind the same address, is not locked out.
	laptop.address = '198.51.100.7';
	expect((await laptop.signIn(OWNER, PASSWORD)).status).toBe(303);
	laptop.forgetSession();

	// A stolen laptop with the cookie still gets only a few guesses.
	expect(await failTimes(laptop, OWNER, 6)).toEqual([400, 400, 400, 400, 400, 429]);
	expect((await laptop.signIn(OWNER, PASSWORD)).status).toBe(429);
});

test('a device cookie for another account, or a forged one, lifts no lock', async ({ proxied }) => {
	const clinicianLaptop = new Client(proxied, '198.51.100.7');
	expect((await clinicianLaptop.signIn('clinician@demo.test', PASSWORD)).status).toBe(303);
	const clinicianDevice = clinicianLaptop.cookies.get('resurface_device');
	expect(clinicianDevice).toBeTruthy();

	const attacker = new Client(proxied, '198.51.100.7');
	await failTimes(attacker, OWNER, 5);
	attacker.cookies.set('resurface_device', clinicianDevice!);
	expect((await attacker.signIn(OWNER, PASSWORD)).status).toBe(429);
	attacker.cookies.set(
		'resurface_device',
		'aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa.bbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbb'
	);
	expect((await attacker.signIn(OWNER, PASSWORD)).status).toBe(429);
});

test('attempts refused while locked neither count nor extend the lock', async ({ proxied }) => {
	const attacker = new Client(proxied, '198.51.100.7');
	await failTimes(attacker, OWNER, 5);
	const waits: number[] = [];
	for (let i = 0; i < 4; i++) {
		const res = await attacker.signIn(OWNER, `still-wrong-${i}-password`);
		expect(res.status).toBe(429);
		waits.push(res.retryAfter);
		await new Promise((r) => setTimeout(r, 1100));
	}
	expect(waits[0]).toBeGreaterThan(0);
	for (let i = 1; i < waits.length; i++) {
		expect(waits[i]).toBeLessThan(waits[i - 1]);
	}
	const failures = proxied.db.$client
		.prepare('select max(failures) as n from sign_in_attempt')
		.get() as { n: number };
	expect(failures.n).toBe(5);
});

test('the account-wide limit slows a guesser spread over many addresses', async ({ proxied }) => {
	const laptop = new Client(proxied, '192.0.2.10');
	expect((await laptop.signIn(OWNER, PASSWORD)).status).toBe(303);
	laptop.forgetSession();

	// Three addresses' worth of failures: still below the account-wide limit.
	for (const address of ['198.51.100.1', '198.51.100.2', '198.51.100.3']) {
		await failTimes(new Client(proxied, address), OWNER, 5);
	}
	expect((await new Client(proxied, '192.0.2.20').signIn(OWNER, PASSWORD)).status).toBe(303);

	// A fourth address reaches it: now every unknown client is refused, wherever it is...
	await failTimes(new Client(proxied, '198.51.100.4'), OWNER, 5);
	const fresh = await new Client(proxied, '192.0.2.30').signIn(OWNER, PASSWORD);
	expect(fresh.status).toBe(429);
	expect(fresh.retryAfter).toBeGreaterThan(0);
	// ...but the owner's known device still signs in, and other accounts are untouched.
	expect((await laptop.signIn(OWNER, PASSWORD)).status).toBe(303);
	expect(
		(await new Client(proxied, '192.0.2.30').signIn('clinician@demo.test', PASSWORD)).status
	).toBe(303);
});

test('behind a proxy (ADDRESS_HEADER=X-Forwarded-For) the per-address limit is per client', async ({
	proxied
}) => {
	const sprayer = new Client(proxied, '203.0.113.1');
	const statuses: number[] = [];
	for (let i = 0; i < 21; i++) {
		statuses.push((await sprayer.signIn(`nobody-${i}@demo.test`, 'wrong-password-here')).status);
	}
	expect(statuses.slice(0, 20).every((s) => s === 400)).toBe(true);
	expect(statuses[20]).toBe(429);
	expect((await sprayer.signIn(OWNER, PASSWORD)).status).toBe(429);
	// The proxy appends what it saw: a client-supplied entry in front changes nothing.
	expect(
		(await sprayer.signIn(OWNER, PASSWORD, { 'x-forwarded-for': '203.0.113.2, 203.0.113.1' }))
			.status
	).toBe(429);

	expect((await new Client(proxied, '203.0.113.2').signIn(OWNER, PASSWORD)).status).toBe(303);

	const rows = proxied.db
		.select({ ip: auditEvent.ip, ok: auditEvent.ok })
		.from(auditEvent)
		.where(eq(auditEvent.action, 'sign_in'))
		.all();
	expect(rows.filter((r) => !r.ok).map((r) => r.ip)).toEqual(Array(23).fill('203.0.113.1'));
	expect(rows.filter((r) => r.ok).map((r) => r.ip)).toEqual(['203.0.113.2']);
});

test('without ADDRESS_HEADER a client-sent X-Forwarded-For is ignored', async ({ demo }) => {
	for (let i = 0; i < 20; i++) {
		const spoofer = new Client(demo, `203.0.113.${i + 10}`);
		expect((await spoofer.signIn(`nobody-${i}@demo.test`, 'wrong-password-here')).status).toBe(400);
	}
	expect((await new Client(demo, '203.0.113.99').signIn(OWNER, PASSWORD)).status).toBe(429);
	const ips = demo.db
		.select({ ip: auditEvent.ip })
		.from(auditEvent)
		.where(and(eq(auditEvent.action, 'sign_in'), eq(auditEvent.ok, false)))
		.all()
		.map((r) => r.ip);
	expect(ips).toHaveLength(21);
	expect(new Set(ips)).toEqual(new Set(['127.0.0.1']));
});
