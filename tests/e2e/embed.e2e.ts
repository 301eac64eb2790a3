import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { and, eq } from 'drizzle-orm';
import { test, expect, gotoHydrated, type App } from './app';
import { signedInPage } from './clinic-steps';
import { clinic, galleryCase } from '../../src/lib/server/db/schema';
import { clinicSettings } from '../../src/lib/server/clinic/clinic';

/** A clinic's website on another origin: one page holding whatever snippet it is given. */
async function website(snippet: () => string) {
	const server = http.createServer((_req, res) => {
		res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' });
		res.end(`<!doctype html><html lang="en"><head><meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1"><title>Glow Skin Studio</title>
<style>body{font-family:system-ui,sans-serif;margin:0}header,footer{padding:16px 24px;background:#f3efe9}
main{max-width:1100px;margin:0 auto;padding:16px}</style></head>
<body><header><strong>Glow Skin Studio</strong> · Treatments · Results · Contact</header>
<main><h1>Our microneedling results</h1>${snippet()}</main>
<footer id="site-footer">© Glow Skin Studio</footer></body></html>`);
	});
	await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
	const { port } = server.address() as AddressInfo;
	return {
		origin: `http://127.0.0.1:${port}`,
		close: () => new Promise<void>((resolve) => server.close(() => resolve()))
	};
}

function demoClinic(demo: App) {
	return demo.db.select().from(clinic).where(eq(clinic.slug, 'demo')).get()!;
}

function aPublishedCase(demo: App) {
	return demo.db
		.select()
		.from(galleryCase)
		.where(and(eq(galleryCase.clinicId, demoClinic(demo).id), eq(galleryCase.status, 'published')))
		.get()!;
}

const frameAncestors = (csp: string | null) => /frame-ancestors ([^;]*)/.exec(csp ?? '')?.[1];

test('a listed website shows the gallery in a frame that fits it and opens a case inside; an unlisted one is refused', async ({
	demo,
	browser
}) => {
	let snippet = '';
	const listed = await website(() => snippet);
	const unlisted = await website(() => snippet);
	try {
		// the owner lists the website; a bad address is refused with its reason, nothing saved
		const { page: owner } = await signedInPage(browser, demo, 'owner@demo.test');
		await gotoHydrated(owner, `${demo.baseURL}/clinic/settings/embed`);
		const origins = owner.getByLabel('Website addresses allowed to show the gallery');
		await origins.fill(`${listed.origin}/results`);
		await owner.getByRole('button', { name: 'Save' }).click();
		await expect(owner.locator('#origins-error')).toContainText('without a path');
		await expect(origins).toHaveAttribute('aria-invalid', 'true');
		expect(clinicSettings(demoClinic(demo)).embedOrigins).toEqual([]);
		await origins.fill(`${listed.origin}/`);
		await owner.getByRole('button', { name: 'Save' }).click();
		await expect(owner.getByRole('status').filter({ hasText: 'Saved.' })).toBeVisible();
		expect(clinicSettings(demoClinic(demo)).embedOrigins).toEqual([listed.origin]);
		snippet = await owner.getByLabel('Embed snippet').inputValue();
		expect(snippet).toBe(`<script src="${demo.baseURL}/embed/c/demo/embed.js" async></script>`);

		// the headers: exactly the listed origin for embed pages, 'none' everywhere else
		const embedded = await fetch(`${demo.baseURL}/embed/c/demo`);
		expect(frameAncestors(embedded.headers.get('content-security-policy'))).toBe(listed.origin);
		expect(embedded.headers.get('x-frame-options')).toBeNull();
		const own = await fetch(`${demo.baseURL}/c/demo/gallery`);
		expect(frameAncestors(own.headers.get('content-security-policy'))).toBe("'none'");
		expect(own.headers.get('x-frame-options')).toBe('DENY');

		const visitor = await browser.newPage({ viewport: { width: 1280, height: 800 } });
		await visitor.goto(`${listed.origin}/`);
		const iframe = visitor.locator('iframe');
		await expect(iframe).toHaveAttribute('title', /Before and after results/);
		const frame = visitor.frameLocator('iframe');
		await expect(frame.getByRole('heading', { level: 1 })).toHaveText('Before & after results');
		// the frame grows to its content: no inner scrolling, the whole gallery in the page
		const contentHeight = () =>
			frame.locator('html').evaluate((html) => Math.ceil(html.getBoundingClientRect().height));
		await expect
			.poll(async () => (await iframe.boundingBox())!.height - (await contentHeight()))
			.toBe(0);
		expect((await iframe.boundingBox())!.height).toBeGreaterThan(800);
		// and takes the whole width the website gives it (main's, less its 16 px padding each side)
		const room = await visitor.locator('main').evaluate((m) => m.clientWidth - 32);
		expect((await iframe.boundingBox())!.width).toBe(room);

		// a case opens inside the frame, and the frame follows its height; opened from far down
		// the gallery, the case is shown from its top, as a page of its own would be
		const card = frame.locator('a[href^="/embed/c/demo/cases/"]').last();
		const id = (await card.getAttribute('href'))!.split('/').pop()!;
		const c = demo.db.select().from(galleryCase).where(eq(galleryCase.id, id)).get()!;
		await visitor.evaluate(() => scrollTo(0, document.documentElement.scrollHeight));
		await card.scrollIntoViewIfNeeded();
		expect((await iframe.boundingBox())!.y).toBeLessThan(-100);
		await card.click();
		await expect(frame.getByRole('heading', { level: 1 })).toHaveText(c.title);
		expect(visitor.url()).toBe(`${listed.origin}/`);
		expect(visitor.frames()[1].url()).toBe(`${demo.baseURL}/embed/c/demo/cases/${c.id}`);
		await expect
			.poll(async () => (await iframe.boundingBox())!.height - (await contentHeight()))
			.toBe(0);
		await expect.poll(async () => (await iframe.boundingBox())!.y).toBeCloseTo(0, 0);
		// the photo is a laptop screen's height (36rem), not the frame's own height less the
		// heading's, which followed whatever page the frame held before
		const stage = frame.locator('[data-compare-stage]');
		expect((await stage.boundingBox())!.height).toBeCloseTo(576, 0);
		// choosing how to show the photos keeps the visitor where they are
		await visitor.evaluate(() => scrollBy(0, 120));
		const at = await visitor.evaluate(() => scrollY);
		await frame.getByLabel('Side by side').check();
		await expect.poll(() => visitor.frames()[1].url()).toMatch(/\?mode=side$/);
		await expect(frame.getByLabel('Side by side')).toBeChecked();
		expect(await visitor.evaluate(() => scrollY)).toBe(at);

		// another website with the same snippet gets no gallery: the browser refuses the frame
		const stranger = await browser.newPage();
		await stranger.goto(`${unlisted.origin}/`);
		await expect(stranger.locator('iframe')).toBeAttached();
		await expect.poll(() => stranger.frames()[1]?.url()).toMatch(/^chrome-error:/);
		await expect(
			stranger.frameLocator('iframe').getByRole('heading', { name: 'Before & after results' })
		).toHaveCount(0);
	} finally {
		await listed.close();
		await unlisted.close();
	}
});

test("with a case link template, the case's canonical is the clinic's page; oEmbed describes the case", async ({
	demo
}) => {
	const c = aPublishedCase(demo);
	const row = demoClinic(demo);
	demo.db
		.update(clinic)
		.set({
			settings: {
				...(row.settings as object),
				caseLinkTemplate: 'https://www.glow.example/results/{case}'
			}
		})
		.where(eq(clinic.id, row.id))
		.run();
	const pageUrl = `${demo.baseURL}/c/demo/cases/${c.id}`;
	const html = await (await fetch(pageUrl)).text();
	expect(html).toContain(`<link rel="canonical" href="https://www.glow.example/results/${c.id}"`);
	const oembedHref = `${demo.baseURL}/oembed?url=${encodeURIComponent(pageUrl)}&amp;format=json`;
	expect(html).toContain(`type="application/json+oembed" href="${oembedHref}"`);

	// the embedded gallery's case links lead to the clinic's own page, out of the frame
	const gallery = await (await fetch(`${demo.baseURL}/embed/c/demo`)).text();
	expect(gallery).toContain(`href="https://www.glow.example/results/${c.id}" target="_top"`);
	// the script finds the case in that page's address
	const script = await (await fetch(`${demo.baseURL}/embed/c/demo/embed.js`)).text();
	expect(script).toContain('www\\\\.glow\\\\.example');

	const res = await fetch(`${demo.baseURL}/oembed?url=${encodeURIComponent(pageUrl)}&format=json`);
	expect(res.status).toBe(200);
	const body = await res.json();
	expect(body).toMatchObject({
		version: '1.0',
		type: 'rich',
		provider_name: row.name,
		width: 800,
		height: 900,
		title: `${c.title} · ${row.name}`
	});
	expect(body.html).toContain(`<iframe src="${demo.baseURL}/embed/c/demo/cases/${c.id}"`);
	expect(body.thumbnail_url).toMatch(new RegExp(`^${demo.baseURL}/media/public/`));
	expect((await fetch(body.thumbnail_url)).status).toBe(200);

	const ask = (url: string, format = 'json') =>
		fetch(`${demo.baseURL}/oembed?url=${encodeURIComponent(url)}&format=${format}`);
	expect((await ask(pageUrl, 'xml')).status).toBe(501);
	expect((await ask(`${demo.baseURL}/c/demo/cases/nosuchcase`)).status).toBe(404);
	expect((await ask(`https://elsewhere.example/c/demo/cases/${c.id}`)).status).toBe(404);
	expect((await ask(`${demo.baseURL}/c/demo/gallery`)).status).toBe(404);

	// without a template, the case page is its own canonical
	demo.db
		.update(clinic)
		.set({ settings: { ...(row.settings as object), caseLinkTemplate: null } })
		.where(eq(clinic.id, row.id))
		.run();
	const plain = await (await fetch(pageUrl)).text();
	expect(plain).toContain(`<link rel="canonical" href="${pageUrl}"`);
});
