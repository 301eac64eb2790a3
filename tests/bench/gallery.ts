// The public gallery: server response with 10,000 published cases, what a phone downloads on
// first view of a 24-case page, and Lighthouse mobile scores (Debian's Chromium).
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { chromium } from '@playwright/test';
import lighthouse from 'lighthouse';
import * as chromeLauncher from 'chrome-launcher';
import { openDatabase } from '../../src/lib/server/db/client';
import { LocalDiskStore } from '../../src/lib/server/storage/local-disk';
import { CHROMIUM } from '../../playwright.config';
import { phonePageCountingBytes } from '../support/phone-bytes';
import { seedBusyGallery } from './gallery-seed';
import { percentiles, startBenchServer } from './server';

const REQUESTS = 300;

async function timeGets(base: string, url: string) {
	const times: number[] = [];
	for (let i = 0; i < REQUESTS + 30; i++) {
		const start = performance.now();
		const res = await fetch(base + url);
		await res.arrayBuffer();
		if (res.status !== 200) {
			throw new Error(`${url} answered ${res.status}`);
		}
		if (i >= 30) {
			times.push(performance.now() - start);
		}
	}
	return percentiles(times);
}

/** Bytes over the wire for a first visit on a phone-sized screen, without scrolling. */
async function firstViewBytes(url: string) {
	const browser = await chromium.launch(CHROMIUM);
	try {
		const { page, bytes } = await phonePageCountingBytes(browser);
		await page.goto(url, { waitUntil: 'networkidle' });
		await page.waitForTimeout(500);
		const total = [...bytes.values()].reduce((a, b) => a + b, 0);
		return { kb: Math.round(total / 1024), requests: bytes.size };
	} finally {
		await browser.close();
	}
}

async function lighthouseScores(url: string, runs = 3) {
	const chrome = await chromeLauncher.launch({
		chromePath: CHROMIUM.executablePath,
		chromeFlags: ['--headless=new', ...CHROMIUM.args]
	});
	try {
		const results = [];
		for (let i = 0; i < runs; i++) {
			const r = await lighthouse(url, {
				port: chrome.port,
				output: 'json',
				logLevel: 'error',
				onlyCategories: ['performance', 'accessibility']
			});
			const lhr = r!.lhr;
			results.push({
				performance: Math.round((lhr.categories.performance.score ?? 0) * 100),
				accessibility: Math.round((lhr.categories.accessibility.score ?? 0) * 100),
				lcp_ms: Math.round(lhr.audits['largest-contentful-paint'].numericValue ?? 0)
			});
		}
		// the median run, by performance: one slow run on a shared machine is noise
		return results.sort((a, b) => a.performance - b.performance)[Math.floor(runs / 2)];
	} finally {
		chrome.kill();
	}
}

export async function galleryBench() {
	const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'resurface-gallery-'));
	const dbFile = path.join(dir, 'resurface.db');
	const db = openDatabase(dbFile, path.resolve('drizzle'));
	const store = new LocalDiskStore(path.join(dir, 'media'));
	const t0 = performance.now();
	const seeded = await seedBusyGallery(db, store);
	const seedS = Math.round((performance.now() - t0) / 100) / 10;
	const cases = (
		db.$client.prepare("select count(*) n from gallery_case where status = 'published'").get() as {
			n: number;
		}
	).n;
	db.$client.close();

	const server = await startBenchServer(dbFile, path.join(dir, 'media'));
	try {
		const gallery = '/c/demo/gallery';
		const casePage = `/c/demo/cases/${seeded.published[0]}`;
		return {
			published_cases: cases,
			seed_s: seedS,
			publish_ms_per_case: seeded.publishMsPerCase,
			server_ms: {
				gallery: await timeGets(server.base, gallery),
				gallery_filtered: await timeGets(server.base, `${gallery}?concern=acne_scars&skin=3`),
				gallery_page_100: await timeGets(server.base, `${gallery}?page=100`),
				case_page: await timeGets(server.base, casePage)
			},
			first_view_phone: await firstViewBytes(server.base + gallery),
			lighthouse_mobile: {
				gallery: await lighthouseScores(server.base + gallery),
				case_page: await lighthouseScores(server.base + casePage)
			}
		};
	} finally {
		server.stop();
		fs.rmSync(dir, { recursive: true, force: true });
	}
}
