import type { APIRequestContext, APIResponse, Page } from '@playwright/test';
import { test, expect, gotoHydrated } from './app';

// `?next=` values an attacker would put in a sign-in link, one or more per variant class.
// Each must leave the person on the app's origin, whatever the browser makes of it.
const HOSTILE = [
	'/.//evil.example',
	'/./%2e//evil.example',
	'/..//evil.example',
	'/a/..//evil.example',
	'/a/b/../..//evil.example',
	'/%2e//evil.example',
	'/%2E%2E//evil.example',
	'/a/%2e%2e//evil.example',
	'/.%2e//evil.example',
	'/\\evil.example',
	'\\\\evil.example',
	'/.\\/evil.example',
	'/\t/evil.example',
	'/\r/evil.example',
	'/\n/evil.example',
	'/\u0000/evil.example',
	'/\u007f/evil.example',
	'https://evil.example/',
	'HTTP://evil.example',
	'//evil.example',
	'///evil.example',
	'http:evil.example',
	'javascript:alert(document.cookie)',
	'data:text/html,<script>alert(1)</script>',
	'%2F%2Fevil.example'
];
// Encoded slashes, backslashes and double-encoded dots are one path segment on this origin,
// never a separator: followed as they are (the app answers 404 there, and redirects nowhere).
const ENCODED = [
	'/%2f%2fevil.example',
	'/%2F/evil.example',
	'/%5cevil.example',
	'/%5C%5Cevil.example',
	'/%252f%252fevil.example',
	'/%252e%252e//evil.example'
];

/** Where a browser lands with this answer, and that it is this origin, not `//evil…`. */
function expectOnOrigin(location: string | undefined, requestUrl: string, origin: string) {
	expect(location, requestUrl).toBeTruthy();
	const landed = new URL(location!, requestUrl);
	expect(landed.origin, `${requestUrl} → ${location}`).toBe(origin);
	expect(landed.pathname, `${requestUrl} → ${location}`).not.toMatch(/^\/[/\\]/);
	expect(location, `${requestUrl} → ${location}`).toMatch(/^\/(?![/\\])/);
}

const loginUrl = (baseURL: string, next: string) =>
	`${baseURL}/login?next=${encodeURIComponent(next)}`;

/** Fails the test if the page ever asks another host for anything. */
function watchHosts(page: Page, origin: string): string[] {
	const elsewhere: string[] = [];
	page.on('request', (r) => {
		if (new URL(r.url()).origin !== origin) {
			elsewhere.push(r.url());
		}
	});
	// nothing may leave this machine anyway; abort at once rather than wait for DNS
	void page.route(
		(url) => url.origin !== origin,
		(route) => route.abort()
	);
	return elsewhere;
}

test('signing in through the form stays on the origin whatever ?next= says', async ({
	demo,
	browser
}) => {
	test.setTimeout(240_000);
	const cases: [string, string][] = [
		['/me/compare', '/me/compare'],
		['/.//evil.example', '/me'],
		['/%2E%2E//evil.example', '/me'],
		['/\t/evil.example', '/me'],
		['https://evil.example/', '/me'],
		// a 404 on this origin, not a hop elsewhere
		['/%2f%2fevil.example', '/%2f%2fevil.example']
	];
	const onPath = (path: string) => (url: URL) =>
		url.origin === demo.baseURL && url.pathname === path;
	for (const [next, expected] of cases) {
		const context = await browser.newContext();
		const page = await context.newPage();
		const elsewhere = watchHosts(page, demo.baseURL);
		await gotoHydrated(page, loginUrl(demo.baseURL, next));
		await page.getByLabel('Email').fill('patient@demo.test');
		await page.getByLabel('Password').fill('demo-password');
		await page.getByRole('button', { name: 'Sign in' }).click();
		await expect(page, next).toHaveURL(onPath(expected), { timeout: 15_000 });
		expect(elsewhere, next).toEqual([]);

		// already signed in, the same link sends them on at once: the same rule
		await page.goto(loginUrl(demo.baseURL, next));
		await expect(page, `signed in: ${next}`).toHaveURL(onPath(expected), { timeout: 15_000 });
		expect(elsewhere, next).toEqual([]);
		await context.close();
	}
});

test('sign-in and the signed-in GET answer a Location on the origin for every hostile ?next=', async ({
	demo,
	playwright
}) => {
	test.setTimeout(120_000);
	const post = (
		api: APIRequestContext,
		url: string,
		headers: Record<string, string>
	): Promise<APIResponse> =>
		api.post(url, {
			form: { email: 'owner@demo.test', password: 'demo-password' },
			headers: { origin: demo.baseURL, ...headers },
			maxRedirects: 0
		});
	for (const next of [...HOSTILE, ...ENCODED]) {
		// a fresh client each time: signed out for the POSTs, then signed in by them
		const api = await playwright.request.newContext();
		const url = loginUrl(demo.baseURL, next);
		// the form without JavaScript: a 303 to the resolved path
		const plain = await post(api, url, { accept: 'text/html' });
		expect(plain.status(), next).toBe(303);
		expectOnOrigin(plain.headers().location, url, demo.baseURL);
		expect(plain.headers().location, next).toBe(ENCODED.includes(next) ? next : '/clinic');

		// the enhanced form: SvelteKit's JSON answer, which the page then follows with goto()
		const enhanced = await post(api, url, {
			accept: 'application/json',
			'x-sveltekit-action': 'true'
		});
		const body = (await enhanced.json()) as { type: string; location?: string };
		expect(body.type, next).toBe('redirect');
		expectOnOrigin(body.location, url, demo.baseURL);

		// already signed in (the cookie from above): the page and its client-side data request
		const again = await api.get(url, { maxRedirects: 0 });
		expect(again.status(), next).toBe(303);
		expectOnOrigin(again.headers().location, url, demo.baseURL);
		const dataUrl = `${demo.baseURL}/login/__data.json?next=${encodeURIComponent(next)}`;
		const data = (await (await api.get(dataUrl, { maxRedirects: 0 })).json()) as {
			type: string;
			location?: string;
		};
		expect(data.type, next).toBe('redirect');
		expectOnOrigin(data.location, dataUrl, demo.baseURL);
		await api.dispose();
	}
	// the rule still follows an honest ?next=
	const api = await playwright.request.newContext();
	const honest = loginUrl(demo.baseURL, '/clinic/patients?q=ann');
	const res = await post(api, honest, { accept: 'text/html' });
	expect(res.headers().location).toBe('/clinic/patients?q=ann');
	await api.dispose();
});

test('a signed-out visit offers sign-in with a ?next= that the rule follows back', async ({
	demo,
	page
}) => {
	const res = await page.request.get(`${demo.baseURL}/clinic/patients?q=a%2Fb`, {
		maxRedirects: 0
	});
	expect(res.status()).toBe(303);
	const location = res.headers().location;
	expect(location).toBe(`/login?next=${encodeURIComponent('/clinic/patients?q=a%2Fb')}`);
});
