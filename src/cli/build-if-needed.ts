import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';

const INPUTS = ['src', 'static', 'svelte.config.js', 'vite.config.ts', 'package-lock.json'];

function newestMtime(p: string): number {
	if (!fs.existsSync(p)) {
		return 0;
	}
	const stat = fs.statSync(p);
	if (!stat.isDirectory()) {
		return stat.mtimeMs;
	}
	let newest = stat.mtimeMs;
	for (const entry of fs.readdirSync(p)) {
		newest = Math.max(newest, newestMtime(path.join(p, entry)));
	}
	return newest;
}

/** Builds the app when there is no build or the sources changed since the last one. */
export function buildIfNeeded(root = process.cwd()): void {
	const marker = path.join(root, 'build', 'index.js');
	const built = fs.existsSync(marker) ? fs.statSync(marker).mtimeMs : 0;
	const sources = Math.max(...INPUTS.map((p) => newestMtime(path.join(root, p))));
	if (built > sources) {
		return;
	}
	console.log('Building Resurface (first run or sources changed)…');
	execFileSync(process.execPath, [path.join(root, 'node_modules/vite/bin/vite.js'), 'build'], {
		cwd: root,
		stdio: ['ignore', 'ignore', 'inherit']
	});
}
