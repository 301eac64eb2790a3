import { eq } from 'drizzle-orm';
import type { BrowserContext } from '@playwright/test';
import { addOtherClinic, givePatientAccount } from './people';
import { test, expect } from './app';
import { firstCourse, jordanOf, patientNamed } from './demo-records';
import { photo } from '../../src/lib/server/db/schema';

test('another patient and another clinic’s staff reach none of Jordan’s timeline, comparison, photos or ZIP', async ({
	demo,
	browser
}) => {
	const jordan = jordanOf(demo);
	const mei = patientNamed(demo, 'Mei Tanaka');
	await givePatientAccount(demo, mei, 'mei@demo.test', 'mei-password-123');
	await addOtherClinic(demo, 'elsewhere');
	const jordanCourse = firstCourse(demo, jordan.id);
	const jordanPhotos = demo.db.select().from(photo).where(eq(photo.patientId, jordan.id)).all();
	const fronts = jordanPhotos.filter((p) => p.view === 'front');
	const compareUrl = `/me/compare?course=${jordanCourse.id}&view=front&a=${fronts[0].id}&b=${fronts.at(-1)!.id}`;
	const photoUrls = [
		`/media/private/${fronts[0].id}/320.webp`,
		`/media/private/${fronts[0].id}/full.jpg`
	];

	const contexts: BrowserContext[] = [];
	const as = async (email: string) => {
		const context = await browser.newContext();
		contexts.push(context);
		await demo.signInAs(context, email);
		return context.request;
	};

	// Mei is signed in as a patient: her /me is her own, with nothing of Jordan's in it.
	const meiRequest = await as('mei@demo.test');
	const meiHome = await meiRequest.get(`${demo.baseURL}/me`);
	expect(meiHome.status()).toBe(200);
	const html = await meiHome.text();
	expect(html).toContain('Mei');
	expect(html).not.toContain('Jordan');
	for (const p of jordanPhotos) {
		expect(html).not.toContain(p.id);
	}
	// The ZIP URL is the same for every patient and answers with her own photos (what is inside
	// is checked in patient-download.e2e.ts).
	const zip = await meiRequest.get(`${demo.baseURL}/media/private/my-photos.zip`);
	expect(zip.status()).toBe(200);
	for (const url of [compareUrl, ...photoUrls]) {
		expect((await meiRequest.get(demo.baseURL + url)).status(), `patient B ${url}`).toBe(404);
	}

	const stranger = await as('owner@elsewhere.test');
	for (const url of ['/me', compareUrl, ...photoUrls, '/media/private/my-photos.zip']) {
		const res = await stranger.get(demo.baseURL + url, { maxRedirects: 0 });
		expect(res.status(), `other clinic ${url}`).toBe(404);
		expect(await res.text()).not.toContain('Jordan');
	}
	for (const context of contexts) {
		await context.close();
	}
});
