// Lighthouse mobile (Debian's Chromium), the median of 5 runs, with the figures that tell the
// page's part from the machine's. Lighthouse's mobile preset simulates a 4× slower CPU from
// the tasks it observes, so a busy machine lengthens every task and lowers the score: its
// benchmark_index (a fixed piece of JavaScript it times first) says how fast the machine was.
// Total blocking time, main-thread work and script bootup come from the page's own tasks;
// the JavaScript bytes do not depend on the machine at all.
import lighthouse from 'lighthouse';
import * as chromeLauncher from 'chrome-launcher';
import { CHROMIUM } from '../../playwright.config';

export const LIGHTHOUSE_RUNS = 5;

interface Run {
	/** Lighthouse's code when the run failed (its scores are then 0, not a measurement) */
	error: string | null;
	performance: number;
	accessibility: number;
	lcp_ms: number;
	tbt_ms: number;
	mainthread_ms: number;
	bootup_ms: number;
	js_kb: number;
	total_kb: number;
	benchmark_index: number;
	mainthread_by_group: Record<string, number>;
}

type Details = { items?: Record<string, unknown>[] };

function oneRun(lhr: {
	runtimeError?: { code: string };
	categories: Record<string, { score: number | null }>;
	audits: Record<string, { numericValue?: number; details?: unknown }>;
	environment: { benchmarkIndex: number };
}): Run {
	const num = (id: string) => Math.round(lhr.audits[id]?.numericValue ?? 0);
	const items = (id: string) => (lhr.audits[id]?.details as Details | undefined)?.items ?? [];
	const js = items('network-requests')
		.filter((r) => r.resourceType === 'Script')
		.reduce((sum, r) => sum + Number(r.transferSize ?? 0), 0);
	const groups: Record<string, number> = {};
	for (const g of items('mainthread-work-breakdown')) {
		groups[String(g.group)] = Math.round(Number(g.duration ?? 0));
	}
	return {
		error:
			lhr.runtimeError?.code ?? (lhr.categories.performance.score === null ? 'NO_SCORE' : null),
		performance: Math.round((lhr.categories.performance.score ?? 0) * 100),
		accessibility: Math.round((lhr.categories.accessibility.score ?? 0) * 100),
		lcp_ms: num('largest-contentful-paint'),
		tbt_ms: num('total-blocking-time'),
		mainthread_ms: num('mainthread-work-breakdown'),
		bootup_ms: num('bootup-time'),
		js_kb: Math.round(js / 1024),
		total_kb: Math.round(num('total-byte-weight') / 1024),
		benchmark_index: Math.round(lhr.environment.benchmarkIndex),
		mainthread_by_group: groups
	};
}

/** The middle value (the lower one of an even count, as for the median-score run). */
const median = (values: number[]) =>
	[...values].sort((a, b) => a - b)[Math.floor((values.length - 1) / 2)];

/**
 * Performance and accessibility as the median run by performance (one slow run on a shared
 * machine is noise); every other figure as its own median over the runs, and each run's
 * score so the spread shows.
 */
export async function lighthouseMedian(url: string, runs = LIGHTHOUSE_RUNS) {
	const chrome = await chromeLauncher.launch({
		chromePath: CHROMIUM.executablePath,
		chromeFlags: ['--headless=new', ...CHROMIUM.args]
	});
	const all: Run[] = [];
	try {
		for (let i = 0; i < runs; i++) {
			const r = await lighthouse(url, {
				port: chrome.port,
				output: 'json',
				logLevel: 'error',
				onlyCategories: ['performance', 'accessibility']
			});
			all.push(oneRun(r!.lhr));
		}
	} finally {
		chrome.kill();
	}
	// a failed run (NO_FCP and the like on a starved machine) scores 0: left out, and counted
	const ok = all.filter((r) => r.error === null);
	if (ok.length === 0) {
		throw new Error(`Lighthouse failed ${runs} times on ${url}: ${all[0].error}`);
	}
	const byScore = [...ok].sort((a, b) => a.performance - b.performance);
	const mid = byScore[Math.floor((ok.length - 1) / 2)];
	const med = (pick: (r: Run) => number) => median(ok.map(pick));
	return {
		runs,
		failed_runs: all.filter((r) => r.error !== null).map((r) => r.error),
		performance: mid.performance,
		accessibility: mid.accessibility,
		performance_each_run: ok.map((r) => r.performance),
		lcp_ms: med((r) => r.lcp_ms),
		tbt_ms: med((r) => r.tbt_ms),
		mainthread_ms: med((r) => r.mainthread_ms),
		bootup_ms: med((r) => r.bootup_ms),
		js_kb_transferred: med((r) => r.js_kb),
		total_kb_transferred: med((r) => r.total_kb),
		// higher is a faster machine; a score that moves with it is the machine's doing
		benchmark_index_each_run: ok.map((r) => r.benchmark_index),
		// of the median-score run: where the main thread's time went
		mainthread_ms_by_group: mid.mainthread_by_group
	};
}
