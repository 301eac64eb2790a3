// A real production server on a free loopback port, for benchmarks that measure over HTTP.
import { spawn, type ChildProcess } from 'node:child_process';
import net from 'node:net';
import path from 'node:path';

export async function freePort(): Promise<number> {
	return new Promise((resolve) => {
		const s = net.createServer().listen(0, '127.0.0.1', () => {
			const { port } = s.address() as net.AddressInfo;
			s.close(() => resolve(port));
		});
	});
}

export interface BenchServer {
	base: string;
	child: ChildProcess;
	stop(): void;
}

/** Starts `src/cli/server.ts` on its own database and media folder; resolves once it answers. */
export async function startBenchServer(dbFile: string, mediaDir: string): Promise<BenchServer> {
	const port = await freePort();
	const base = `http://127.0.0.1:${port}`;
	const child = spawn(process.execPath, ['--import', 'tsx', path.resolve('src/cli/server.ts')], {
		env: {
			...process.env,
			NODE_ENV: 'production',
			HOST: '127.0.0.1',
			PORT: String(port),
			ORIGIN: base,
			DATABASE_URL: dbFile,
			MEDIA_DIR: mediaDir,
			// as `npm start` sets them: two malloc arenas instead of one per libvips thread, and
			// blocks of 256 KB and more (pixel rows, encoder buffers) mapped apart and given back
			// when freed, instead of left as holes in the heap: 10 uploads peaked 506–542 MB with
			// it, 549–626 MB without (image lane in both)
			MALLOC_ARENA_MAX: '2',
			MALLOC_MMAP_THRESHOLD_: '262144'
		},
		stdio: 'ignore'
	});
	let exited: number | null = null;
	child.once('exit', (code) => (exited = code ?? -1));
	// a loaded machine (load 12 on 2 cores) took over 15 s to start it: wait up to a minute,
	// and say so at once if it died instead
	for (let i = 0; ; i++) {
		try {
			await fetch(base + '/login');
			break;
		} catch (e) {
			if (exited !== null) {
				throw new Error(
					`the bench server exited with ${exited}; is there a build (npx vite build)?`,
					{ cause: e }
				);
			}
			if (i > 600) {
				child.kill('SIGKILL');
				throw e;
			}
			await new Promise((r) => setTimeout(r, 100));
		}
	}
	return { base, child, stop: () => child.kill('SIGTERM') };
}

/** p50/p95/p99 (ms, one decimal) of a list of timings. */
export function percentiles(ms: number[]) {
	const sorted = [...ms].sort((a, b) => a - b);
	const at = (q: number) =>
		Math.round(sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))] * 10) / 10;
	return { n: ms.length, p50: at(0.5), p95: at(0.95), p99: at(0.99) };
}
