// Timings that tell the machine from the page. These cores are shared with other engineers'
// builds and browsers, so an absolute p50 moves with their work. Each page is therefore timed
// interleaved with a trivial route (/robots.txt) on the same server: whatever slows the machine
// slows both alike, and the ratio is the page's own cost. The server's CPU time per request and
// the share of the machine's CPU others used while timing say the same thing a second way.
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import { gzipSync } from 'node:zlib';
import { percentiles } from './server';

/** The trivial route every page is measured against: a constant string, no database. */
export const BASELINE = '/robots.txt';

const TICKS_PER_S = Number(execFileSync('getconf', ['CLK_TCK']).toString().trim()) || 100;

/** CPU seconds (user + system) a process has used so far, from /proc. */
function processCpuS(pid: number): number {
	const stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
	// fields after the command name, which may hold spaces: state is field 3, utime 14, stime 15
	const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
	return (Number(fields[11]) + Number(fields[12])) / TICKS_PER_S;
}

/** Busy and total CPU seconds of the whole machine so far (all cores), from /proc/stat. */
function machineCpuS() {
	const cpu = fs
		.readFileSync('/proc/stat', 'utf8')
		.split('\n')[0]
		.split(/\s+/)
		.slice(1)
		.map(Number);
	const idle = cpu[3] + (cpu[4] ?? 0); // idle + iowait
	const total = cpu.slice(0, 8).reduce((a, b) => a + b, 0);
	// steal: time the hypervisor gave this VM's cores to other guests
	return {
		busy: (total - idle) / TICKS_PER_S,
		total: total / TICKS_PER_S,
		steal: cpu[7] / TICKS_PER_S
	};
}

const round1 = (n: number) => Math.round(n * 10) / 10;
const round2 = (n: number) => Math.round(n * 100) / 100;

/** The load averages and, for a window, how much of the machine's CPU was not ours. */
export function machineNow() {
	const [m1, m5, m15] = os.loadavg();
	return { load_avg_1_5_15: [round2(m1), round2(m5), round2(m15)], cpus: os.cpus().length };
}

/**
 * Starts watching the machine while a server is timed; `end()` gives the share of all cores
 * used by processes other than the server and this bench (other engineers, their browsers).
 */
export function watchMachine(serverPid: number) {
	const m0 = machineCpuS();
	const s0 = processCpuS(serverPid);
	const b0 = process.cpuUsage();
	const load0 = machineNow().load_avg_1_5_15;
	return () => {
		const m1 = machineCpuS();
		const server = processCpuS(serverPid) - s0;
		const b = process.cpuUsage(b0);
		const bench = (b.user + b.system) / 1e6;
		const total = m1.total - m0.total;
		const stolen = m1.steal - m0.steal;
		const others = Math.max(0, m1.busy - m0.busy - stolen - server - bench);
		return {
			load_avg_before: load0,
			load_avg_after: machineNow().load_avg_1_5_15,
			// of every core's time during the timing: 0.5 on 2 cores = one core busy with others' work
			others_cpu_share: total > 0 ? round2(others / total) : null,
			steal_share: total > 0 ? round2(stolen / total) : null
		};
	};
}

export interface Timed {
	n: number;
	p50: number;
	p95: number;
	p99: number;
	/** p50 over the p50 of /robots.txt timed in the same rounds */
	ratio_to_robots_p50: number;
}

/**
 * Times each url `requests` times (after `warm` untimed rounds), interleaved with /robots.txt:
 * each round asks every url and the baseline once, starting at a different one each round, so
 * a burst of someone else's work lands on all of them alike.
 */
export async function timeInterleaved(
	base: string,
	urls: string[],
	check: (url: string, res: Response, body: string) => void,
	{ requests = 300, warm = 30, headers = {} as Record<string, string> } = {}
) {
	const all = [BASELINE, ...urls];
	const times = new Map(all.map((u) => [u, [] as number[]]));
	for (let round = 0; round < warm + requests; round++) {
		for (let k = 0; k < all.length; k++) {
			const url = all[(round + k) % all.length];
			const start = performance.now();
			const res = await fetch(base + url, url === BASELINE ? {} : { headers });
			const body = await res.text();
			const ms = performance.now() - start;
			if (url === BASELINE) {
				if (res.status !== 200) {
					throw new Error(`${url} answered ${res.status}`);
				}
			} else {
				check(url, res, body);
			}
			if (round >= warm) {
				times.get(url)!.push(ms); // the first rounds warm the JIT and SQLite's page cache
			}
		}
	}
	const baseline = percentiles(times.get(BASELINE)!);
	const result: Record<string, Timed> = {};
	for (const url of all) {
		const p = percentiles(times.get(url)!);
		result[url] = { ...p, ratio_to_robots_p50: round1(p.p50 / baseline.p50) };
	}
	return result;
}

/**
 * The server's own CPU per request (ms), one url at a time: less moved by other work on the
 * machine than wall time (it still includes cache misses and the like), and it is what a page's
 * render costs the server. Sequential requests, so the server does nothing else meanwhile.
 */
export async function serverCpuMsPerRequest(
	base: string,
	serverPid: number,
	url: string,
	{ requests = 200, headers = {} as Record<string, string> } = {}
) {
	const cpu0 = processCpuS(serverPid);
	for (let i = 0; i < requests; i++) {
		const res = await fetch(base + url, { headers });
		await res.arrayBuffer();
	}
	return round2(((processCpuS(serverPid) - cpu0) * 1000) / requests);
}

/** What a page weighs before and after gzip, and its data as the client router fetches it. */
export async function pageBytes(base: string, url: string, headers: Record<string, string> = {}) {
	const kb = (n: number) => round1(n / 1024);
	const plain = await fetch(base + url, { headers: { ...headers, 'accept-encoding': 'identity' } });
	const html = Buffer.from(await plain.arrayBuffer());
	const [path, query] = url.split('?');
	const dataUrl = `${path.replace(/\/$/, '')}/__data.json${query ? `?${query}` : ''}`;
	const data = await fetch(base + dataUrl, {
		headers: { ...headers, 'accept-encoding': 'identity' }
	});
	return {
		html_kb: kb(html.byteLength),
		// about what the server's compression sends (it streams, so no length to read)
		html_gzip_kb: kb(gzipSync(html).byteLength),
		data_json_kb: kb((await data.arrayBuffer()).byteLength)
	};
}
