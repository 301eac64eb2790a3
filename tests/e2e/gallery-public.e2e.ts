import path from 'node:path';
import sharp from 'sharp';
import { and, eq } from 'drizzle-orm';
import type { Page } from '@playwright/test';
import { test, expect, type App } from './app';
import { seriousViolations } from './axe';
import { mouseDrag, swipe, visibleMiddle } from './touch';
import { patientNamed } from './demo-records';
import { phonePageCountingBytes } from '../support/phone-bytes';
import { consent, galleryCase, patient, photo, user } from '../../src/lib/server/db/schema';
import { LocalDiskStore } from '../../src/lib/server/storage/local-disk';
import { publishCase, withdrawCase } from '../../src/lib/server/gallery/publish';
import { createDraft } from '../../src/lib/server/gallery/drafts';
import { revokeConsent } from '../../src/lib/server/consents/consents';
import type { StaffActor } from '../../src/lib/server/auth/guard';

const GALLERY = '/c/demo/gallery';

function clinician(demo: App): StaffActor {
	const u = demo.db.select().from(user).where(eq(user.email, 'clinician@demo.test')).get()!;
	return { user: u, clinicId: u.clinicId } as StaffActor;
}

/** The published case of the named demo patient. */
function caseOf(demo: App, name: string) {
	const p = patientNamed(demo, name);
	const c = demo.db.select().from(galleryCase).where(eq(galleryCase.patientId, p.id)).get()!;
	return { patient: p, case: c };
}

/** Every URL in a page's HTML: links, image sources and candidates, meta contents. */
function urlsIn(html: string, base: string): string[] {
	const found = new Set<string>();
	for (const m of html.matchAll(/\b(?:href|src|content)="([^"]+)"/g)) {
		found.add(m[1]);
	}
	for (const m of html.matchAll(/\bsrcset="([^"]+)"/g)) {
		for (const candidate of m[1].split(',')) {
			found.add(candidate.trim().split(/\s+/)[0]);
		}
	}
	return [...found]
		.filter((u) => u.startsWith('/') || u.startsWith('http'))
		.map((u) => (u.startsWith('/') ? base + u : u).replaceAll('&amp;', '&'));
}

async function resultCount(page: Page) {
	return page.getByRole('main').getByRole('article').count();
}

test('prospects see the published cases and filter them in the URL, with and without JavaScript', async ({
	demo,
	page,
	browser
}) => {
	await page.goto(demo.baseURL + GALLERY);
	await expect(page.getByRole('status')).toHaveText('7 results');
	expect(await resultCount(page)).toBe(7);
	await expect(page).toHaveTitle(/Microneedling before & after results · Demo Skin Clinic/);

	// a filter in the URL narrows the grid and survives a reload
	await page.goto(demo.baseURL + GALLERY + '?concern=acne_scars');
	await page.reload();
	await expect(page.getByRole('status')).toHaveText('3 results');
	// the unchanged page came back as a 304, which must not bring the files' strict CSP into
	// the cached page (it once did: a reloaded gallery showed unstyled, its script blocked)
	const etag = (await page.request.get(page.url())).headers()['etag'];
	const again = await page.request.get(page.url(), { headers: { 'If-None-Match': etag } });
	expect(again.status()).toBe(304);
	expect(again.headers()['content-security-policy']).toBeUndefined();
	expect(await page.locator('.site').evaluate((el) => getComputedStyle(el).display)).toBe('flex');
	const headings = page.getByRole('main').getByRole('article').getByRole('heading');
	await expect(headings).toHaveText([/^Acne scars/, /^Acne scars/, /^Acne scars/]);
	await expect(page.getByLabel('Concern')).toHaveValue('acne_scars');

	// with JavaScript (the page's own filters script: it is not hydrated) a change is applied at
	// once, and lands in the URL
	await page.goto(demo.baseURL + GALLERY);
	await page.getByLabel('Concern').selectOption('fine_lines');
	await expect(page).toHaveURL(/\?concern=fine_lines$/);
	await expect(page.getByRole('status')).toHaveText('1 result');
	await expect(headings).toHaveText(['Fine lines · Around the eyes']);
	// the new page opens where the keyboard was: on the filter just changed
	await expect(page.getByLabel('Concern')).toBeFocused();

	// without it, the form is sent with its button
	const noJs = await browser.newContext({ javaScriptEnabled: false });
	const plain = await noJs.newPage();
	await plain.goto(demo.baseURL + GALLERY);
	await plain.getByLabel('Skin type').selectOption('3');
	await plain.getByLabel('Sessions').selectOption('4');
	await plain.getByRole('button', { name: 'Show results' }).click();
	await expect(plain).toHaveURL(/\?concern=&area=&skin=3&sessions=4$/);
	await expect(plain.getByRole('status')).toHaveText('1 result');
	await expect(plain.getByRole('main').getByRole('article')).toContainText('Skin type III');
	// nothing matches: say so and offer the way back
	await plain.goto(demo.baseURL + GALLERY + '?concern=wrinkles&skin=6');
	await expect(plain.getByText('No cases match these filters.')).toBeVisible();
	await plain.getByRole('link', { name: 'Show all results' }).click();
	await expect(plain.getByRole('status')).toHaveText('7 results');
	await noJs.close();

	// values that are not options are ignored, not errors; a page past the end says so
	await page.goto(demo.baseURL + GALLERY + '?concern=<script>&skin=9&page=x');
	await expect(page.getByRole('status')).toHaveText('7 results');
	await page.goto(demo.baseURL + GALLERY + '?page=2');
	await expect(page.getByText('There are no results on this page.')).toBeVisible();
});

test('a case page compares the photos and states the facts; withdrawal takes it and its images down at once', async ({
	demo,
	page
}) => {
	const { case: jordan } = caseOf(demo, 'Jordan Avery');
	const month = (id: string) =>
		demo.db.select().from(photo).where(eq(photo.id, id)).get()!.takenOn.slice(0, 7);
	const fmt = (ym: string) =>
		new Date(`${ym}-01T00:00:00Z`).toLocaleDateString('en-GB', {
			month: 'short',
			year: 'numeric',
			timeZone: 'UTC'
		});
	const url = `${demo.baseURL}/c/demo/cases/${jordan.id}`;

	// served without the app's client (csr = false): `load` waits for its one small script
	await page.goto(url);
	expect(await page.locator('html[data-hydrated]').count(), 'not the app').toBe(0);
	await expect(page.getByRole('heading', { level: 1 })).toHaveText(jordan.title);
	await expect(page).toHaveTitle(`${jordan.title} · Demo Skin Clinic`);
	const divider = page.getByRole('slider', { name: 'Before and after divider' });
	await expect(divider).toBeVisible();
	// the divider moves by keys and by dragging on the photo, and the after photo follows it
	const afterShown = page.locator('[data-compare-later]');
	await divider.focus();
	await page.keyboard.press('ArrowRight');
	await expect(divider).toHaveAttribute('aria-valuenow', '55');
	await expect(divider).toHaveAttribute('aria-valuetext', '55% earlier photo, 45% later photo');
	await page.keyboard.press('Home');
	await expect(afterShown).toHaveCSS('clip-path', 'inset(0px 0px 0px 0%)');
	const stage = (await page.locator('[data-compare-stage]').boundingBox())!;
	await mouseDrag(page, stage, [0.8, 1 / 3], [0.25, 1 / 3], 4);
	await expect(divider).toHaveAttribute('aria-valuenow', '25');
	await expect(divider).toBeFocused();
	await expect(afterShown).toHaveCSS('clip-path', 'inset(0px 0px 0px 25%)');
	const facts = page.getByRole('definition');
	await expect(facts).toContainText([
		'Acne scars',
		'Cheeks',
		'Type III · medium',
		'Front',
		String(jordan.sessionsCount),
		`${jordan.weeksElapsed} weeks`,
		`${fmt(month(jordan.beforePhotoId))} → ${fmt(month(jordan.afterPhotoId))}`
	]);
	await expect(page.getByRole('link', { name: 'Book a consultation' }).last()).toHaveAttribute(
		'href',
		'https://example.com/book'
	);
	// the mode is in the URL too; the page opens there with focus on the choice, where it was
	await page.evaluate(() => scrollTo(0, 120));
	await page.getByLabel('Side by side').check();
	await expect(page).toHaveURL(/\?mode=side$/);
	await expect(page.getByRole('img', { name: /before treatment/ })).toBeVisible();
	await expect(page.getByLabel('Side by side')).toBeFocused();
	expect(await page.evaluate(() => scrollY)).toBe(120);
	await page.reload();
	await expect(page.getByLabel('Side by side')).toBeChecked();
	// fade: the range sets how much of the after photo shows
	await page.getByLabel('Fade', { exact: true }).check();
	await expect(page).toHaveURL(/\?mode=fade$/);
	const fade = page.getByLabel('Fade from the before photo to the after photo');
	await fade.fill('20');
	await expect(afterShown).toHaveCSS('opacity', '0.2');
	await expect(fade).toHaveAttribute('aria-valuetext', '20% later photo');
	// Back leaves the case: trying the modes did not stack up history
	await page.goBack();
	expect(page.url()).not.toContain('/cases/');

	const html = await (await page.request.get(url)).text();
	const ogImage = /<meta property="og:image" content="([^"]+)"/.exec(html)![1];
	expect(ogImage).toMatch(new RegExp(`^${demo.baseURL}/media/public/\\w+/1200\\.jpg$`));
	expect(html).toContain('<meta name="twitter:card" content="summary_large_image"');
	expect(html).toContain(`<link rel="canonical" href="${url}"`);
	const images = urlsIn(html, demo.baseURL).filter((u) => u.includes('/media/public/'));
	expect(images.length).toBeGreaterThanOrEqual(5);
	for (const u of images) {
		expect((await page.request.get(u)).status(), u).toBe(200);
	}

	const store = new LocalDiskStore(path.join(demo.dir, 'media'));
	await withdrawCase(demo.db, store, clinician(demo), jordan.id);
	expect((await page.request.get(url)).status()).toBe(404);
	for (const u of images) {
		expect((await page.request.get(u)).status(), u).toBe(404);
	}
	await page.goto(demo.baseURL + GALLERY);
	await expect(page.getByRole('status')).toHaveText('6 results');

	// a patient who withdraws their gallery consent disappears as quickly
	const mei = caseOf(demo, 'Mei Tanaka');
	const galleryConsent = demo.db
		.select()
		.from(consent)
		.where(and(eq(consent.patientId, mei.patient.id), eq(consent.scope, 'gallery_public')))
		.get()!;
	await revokeConsent(
		demo.db,
		store,
		clinician(demo),
		mei.patient,
		galleryConsent.id,
		'Changed her mind'
	);
	expect((await page.request.get(`${demo.baseURL}/c/demo/cases/${mei.case.id}`)).status()).toBe(
		404
	);
	await page.goto(demo.baseURL + GALLERY);
	await expect(page.getByRole('status')).toHaveText('5 results');
	const sitemap = await (await page.request.get(demo.baseURL + '/sitemap.xml')).text();
	expect(sitemap).not.toContain(jordan.id);
	expect(sitemap).not.toContain(mei.case.id);
});

test('on a phone, a sideways swipe moves the case page’s divider and a swipe up scrolls past the photo', async ({
	demo,
	browser
}) => {
	const { case: c } = caseOf(demo, 'Jordan Avery');
	const phone = await browser.newContext({
		viewport: { width: 360, height: 740 },
		hasTouch: true,
		isMobile: true
	});
	const page = await phone.newPage();
	await page.goto(`${demo.baseURL}/c/demo/cases/${c.id}`);
	const divider = page.getByRole('slider', { name: 'Before and after divider' });
	const stage = (await page.locator('[data-compare-stage]').boundingBox())!;
	const x = (share: number) => stage.x + stage.width * share;
	const { y } = visibleMiddle(stage, 740);
	await swipe(page, { x: x(0.5), y }, { x: x(0.2), y });
	await expect(divider).toHaveAttribute('aria-valuenow', '20');
	await expect(page.locator('[data-compare-later]')).toHaveCSS(
		'clip-path',
		'inset(0px 0px 0px 20%)'
	);
	await swipe(page, { x: x(0.7), y }, { x: x(0.7), y: y - 200 });
	await expect.poll(() => page.evaluate(() => scrollY)).toBeGreaterThan(100);
	await expect(divider).toHaveAttribute('aria-valuenow', '20');
	await phone.close();
});

test('crawl: the public pages link to nothing private, name no patient, and serve clean images', async ({
	demo,
	page,
	context
}) => {
	const names = demo.db
		.select({ name: patient.displayName })
		.from(patient)
		.all()
		.map((p) => p.name);
	const staff = demo.db
		.select({ name: user.name })
		.from(user)
		.all()
		.map((u) => u.name);
	// signed in as staff, the public pages are still the same for everyone
	await demo.signInAs(context, 'owner@demo.test');

	const sitemap = await (await page.request.get(demo.baseURL + '/sitemap.xml')).text();
	expect(sitemap).toMatch(/^<\?xml version="1.0" encoding="UTF-8"\?>\n<urlset xmlns=/);
	const locs = [...sitemap.matchAll(/<loc>([^<]+)<\/loc>/g)].map((m) => m[1]);
	expect(locs).toContain(`${demo.baseURL}/c/demo`);
	expect(locs).toContain(`${demo.baseURL}/c/demo/gallery`);
	expect(locs.filter((l) => l.includes('/c/demo/cases/'))).toHaveLength(7);
	const robots = await (await page.request.get(demo.baseURL + '/robots.txt')).text();
	for (const line of ['Allow: /c/', 'Disallow: /clinic', 'Disallow: /media/private']) {
		expect(robots).toContain(line + '\n');
	}
	expect(robots).toContain(`Sitemap: ${demo.baseURL}/sitemap.xml`);

	const queue = [`${demo.baseURL}/c/demo`, ...locs];
	const seen = new Set<string>();
	const images = new Set<string>();
	while (queue.length) {
		const url = queue.shift()!;
		if (seen.has(url)) {
			continue;
		}
		seen.add(url);
		expect(seen.size, 'the crawl stays small').toBeLessThan(200);
		const res = await page.request.get(url);
		expect(res.status(), url).toBe(200);
		const html = await res.text();
		for (const name of [...names, ...staff]) {
			expect(html, `${name} in ${url}`).not.toContain(name);
		}
		for (const found of urlsIn(html, demo.baseURL)) {
			const { origin, pathname } = new URL(found);
			expect(pathname, `${found} on ${url}`).not.toMatch(/^\/(media\/private|clinic|me)(\/|$)/);
			if (origin !== demo.baseURL) {
				continue;
			}
			if (pathname.startsWith('/media/public/')) {
				images.add(found);
			} else if (pathname.startsWith('/c/')) {
				queue.push(found);
			}
		}
	}
	expect([...seen].some((u) => u.includes('?concern='))).toBe(true);
	expect(images.size).toBeGreaterThanOrEqual(7 * 5);
	for (const url of images) {
		const res = await page.request.get(url);
		expect(res.status(), url).toBe(200);
		expect(res.headers()['cache-control']).toContain('immutable');
		const bytes = await res.body();
		const meta = await sharp(bytes).metadata();
		expect([meta.exif, meta.xmp, meta.iptc], url).toEqual([undefined, undefined, undefined]);
		const text = bytes.toString('latin1');
		expect(text, url).not.toContain('Exif');
		expect(text, url).not.toMatch(/GPS[A-Z]/);
	}

	for (const missing of [
		'/c/nowhere',
		'/c/nowhere/gallery',
		'/c/demo/cases/nonexistent',
		`/c/elsewhere/cases/${caseOf(demo, 'Jordan Avery').case.id}`
	]) {
		expect((await page.request.get(demo.baseURL + missing)).status(), missing).toBe(404);
	}
});

test('public pages have no serious accessibility violations nor CSP errors', async ({
	demo,
	page
}) => {
	const cspErrors: string[] = [];
	page.on('console', (m) => {
		if (m.text().includes('Content Security Policy')) {
			cspErrors.push(`${page.url()}: ${m.text().slice(0, 120)}`);
		}
	});
	const { case: c } = caseOf(demo, 'Diego Alvarez');
	for (const path of [
		'/c/demo',
		GALLERY,
		`${GALLERY}?concern=wrinkles&skin=6`,
		`/c/demo/cases/${c.id}`,
		`/c/demo/cases/${c.id}?mode=fade`,
		'/c/demo/cases/nonexistent'
	]) {
		await page.goto(demo.baseURL + path);
		await page.waitForLoadState('networkidle');
		expect(await seriousViolations(page), path).toEqual([]);
	}
	expect(cspErrors).toEqual([]);
});

test('first view of a 24-case gallery on a phone: under 300 KB, the first photos found and fetched first', async ({
	demo,
	browser
}) => {
	// 28 more cases (the other four views of each consenting patient) fill a page of 24
	const store = new LocalDiskStore(path.join(demo.dir, 'media'));
	const actor = clinician(demo);
	for (const c of demo.db.select().from(galleryCase).all()) {
		for (const view of ['left45', 'right45', 'left90', 'right90'] as const) {
			const shots = demo.db
				.select()
				.from(photo)
				.where(and(eq(photo.patientId, c.patientId), eq(photo.view, view)))
				.orderBy(photo.takenOn)
				.all();
			const draft = createDraft(demo.db, actor, {
				courseId: c.courseId,
				beforePhotoId: shots[0].id,
				afterPhotoId: shots.at(-1)!.id
			});
			await publishCase(demo.db, store, actor, draft.id);
		}
	}
	const { context: phone, page, bytes } = await phonePageCountingBytes(browser);
	const html = await (await page.request.get(demo.baseURL + GALLERY)).text();
	const scripts: string[] = [];
	page.on('request', (r) => r.resourceType() === 'script' && scripts.push(r.url()));
	await page.goto(demo.baseURL + GALLERY, { waitUntil: 'networkidle' });
	await expect(page.getByRole('status')).toHaveText('Showing 1–24 of 35 results');
	const total = [...bytes.values()].reduce((a, b) => a + b, 0);
	console.log(`gallery first view: ${(total / 1024).toFixed(1)} KB in ${bytes.size} responses`);
	expect(total).toBeLessThanOrEqual(300 * 1024);

	// the first card's photos are in the HTML, eager and at high priority; the rest lazy
	const imgs = [...html.matchAll(/<img [^>]*>/g)].map((m) => m[0]);
	expect(imgs).toHaveLength(48);
	expect(imgs.slice(0, 2).every((i) => /loading="eager".*fetchpriority="high"/.test(i))).toBe(true);
	expect(imgs.slice(2).every((i) => /loading="lazy"/.test(i))).toBe(true);
	expect(html).toContain('sizes="(max-width: 40rem) 50vw, (max-width: 64rem) 25vw, 12rem"');
	// not hydrated: its one script is the filters' own, none of the app's client
	expect(scripts).toEqual([expect.stringMatching(/\/gallery-filters\.[\w-]+\.js$/)]);
	await phone.close();
});
