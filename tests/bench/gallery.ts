// The public gallery: server response with 10,000 published cases (as a ratio to /robots.txt
// too, and as server CPU per request), what a phone downloads on first view of a 24-case page,
// and Lighthouse mobile (Debian's Chromium, median of 5 runs, see lighthouse.ts).
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { chromium } from '@playwright/test';
import { openDatabase } from '../../src/lib/server/db/client';
import { LocalDiskStore } from '../../src/lib/server/storage/local-disk';
import { CHROMIUM } from '../../playwright.config';
import { phonePageCountingBytes } from '../support/phone-bytes';
import { seedBusyGallery } from './gallery-seed';
import { startBenchServer } from './server';
import { lighthouseMedian } from './lighthouse';
import {
	machineNow,
	pageBytes,
	serverCpuMsPerRequest,
	timeInterleaved,
	watchMachine
} from './relative';

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
		const urls = {
			gallery,
			gallery_filtered: `${gallery}?concern=acne_scars&skin=3`,
			gallery_page_100: `${gallery}?page=100`,
			case_page: casePage
		};
		const ok = (url: string, res: Response) => {
			if (res.status !== 200) {
				throw new Error(`${url} answered ${res.status}`);
			}
		};
		const watch = watchMachine(server.child.pid!);
		const timed = await timeInterleaved(server.base, Object.values(urls), ok);
		const machine = watch();
		const cpu: Record<string, number> = {
			robots_txt: await serverCpuMsPerRequest(server.base, server.child.pid!, '/robots.txt')
		};
		for (const [name, url] of Object.entries(urls)) {
			cpu[name] = await serverCpuMsPerRequest(server.base, server.child.pid!, url);
		}
		return {
			published_cases: cases,
			seed_s: seedS,
			// until publish answers (WebP and the card); then the AVIF job, in the background
			publish_ms_per_case: seeded.publishMsPerCase,
			avif_job_ms_per_case: seeded.avifJobMsPerCase,
			// the five interleaved, so the ratios to /robots.txt are the pages' own cost
			server_ms: {
				robots_txt: timed['/robots.txt'],
				gallery: timed[urls.gallery],
				gallery_filtered: timed[urls.gallery_filtered],
				gallery_page_100: timed[urls.gallery_page_100],
				case_page: timed[urls.case_page]
			},
			server_cpu_ms_per_request: cpu,
			machine_while_timing: machine,
			page_bytes: {
				gallery: await pageBytes(server.base, gallery),
				case_page: await pageBytes(server.base, casePage)
			},
			first_view_phone: await firstViewBytes(server.base + gallery),
			lighthouse_mobile: {
				gallery: await lighthouseMedian(server.base + gallery),
				case_page: await lighthouseMedian(server.base + casePage)
			},
			machine_after_lighthouse: machineNow()
		};
	} finally {
		server.stop();
		// BENCH_KEEP=1 keeps the seeded clinic for profiling (seeding it takes minutes)
		if (process.env.BENCH_KEEP) {
			console.error(`gallery bench: kept ${dir}`);
		} else {
			fs.rmSync(dir, { recursive: true, force: true });
		}
	}
}
