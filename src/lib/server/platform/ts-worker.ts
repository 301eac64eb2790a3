import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { Worker, type WorkerOptions } from 'node:worker_threads';

// A worker does not inherit the TypeScript loader of whatever started it (tsx for the CLI and
// benches, Vite for Vitest, Playwright's own for its global setup, the built server), so it
// starts as a few lines of plain JavaScript that register tsx (a production dependency) and
// then import the TypeScript entry. Used by the demo's drawing pool and the alignment worker.
const BOOT = `
const { workerData } = require('node:worker_threads');
import(workerData.tsx).then(({ tsImport }) => tsImport(workerData.entry, workerData.entry));
`;

/** tsx's ESM API, resolved as `import` would (its CommonJS twin cannot register from here). */
function tsxApi(): string {
	const require = createRequire(import.meta.url);
	const pkg = require.resolve('tsx/package.json');
	const exported = (require(pkg) as { exports: Record<string, { import: { default: string } }> })
		.exports['./esm/api'].import.default;
	return pathToFileURL(join(dirname(pkg), exported)).href;
}

/** A worker thread running the TypeScript module at `entry` (a file: URL). */
export function startTsWorker(entry: string, options: Omit<WorkerOptions, 'eval'> = {}): Worker {
	return new Worker(BOOT, { ...options, eval: true, workerData: { tsx: tsxApi(), entry } });
}
