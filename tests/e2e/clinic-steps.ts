// How e2e tests put a person in front of the demo clinic: a browser context signed in by
// cookie (app.ts), a page opened on it, or only its request API for checks of status codes.
import type { Browser, BrowserContext, Page } from '@playwright/test';
import { gotoHydrated, type App } from './app';
import { patientNamed } from './demo-records';

/** A new browser context signed in as `email`, with a page open on nothing yet. */
export async function signedInPage(browser: Browser, demo: App, email: string) {
	const context = await browser.newContext();
	await demo.signInAs(context, email);
	return { context, page: await context.newPage() };
}

/** The request API of a new context: signed in as `email`, or anonymous for `null`. */
export async function requestAs(browser: Browser, demo: App, email: string | null) {
	const context = await browser.newContext();
	if (email) {
		await demo.signInAs(context, email);
	}
	return context.request;
}

/** Signs the test's own context in and opens `path` once it is live. */
export async function openAs(
	demo: App,
	context: BrowserContext,
	page: Page,
	email: string,
	path: string
) {
	await demo.signInAs(context, email);
	await gotoHydrated(page, demo.baseURL + path);
}

/** Signs in as a member of staff and opens a demo patient's page; returns the patient. */
export async function openPatient(
	demo: App,
	context: BrowserContext,
	page: Page,
	email: string,
	displayName: string
) {
	const p = patientNamed(demo, displayName);
	await openAs(demo, context, page, email, `/clinic/patients/${p.id}`);
	return p;
}
