import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { isVanishedAsset } from './server';

let dir: string;
beforeEach(() => {
	dir = fs.mkdtempSync(path.join(os.tmpdir(), 'resurface-assets-'));
	fs.mkdirSync(path.join(dir, '_app', 'immutable'), { recursive: true });
	fs.writeFileSync(path.join(dir, '_app', 'immutable', 'start.abc.js'), '');
});
afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

describe('isVanishedAsset', () => {
	it('passes built assets that exist and everything outside /_app/immutable/immutable/', () => {
		expect(isVanishedAsset(dir, '/_app/immutable/start.abc.js')).toBe(false);
		expect(isVanishedAsset(dir, '/_app/immutable/start.abc.js?v=1')).toBe(false);
		expect(isVanishedAsset(dir, '/clinic')).toBe(false);
		expect(isVanishedAsset(dir, '/favicon.svg')).toBe(false);
		// served by SvelteKit itself, not files
		expect(isVanishedAsset(dir, '/_app/env.js')).toBe(false);
	});

	it('stops a request for an asset that is gone, or that points outside the build', () => {
		fs.rmSync(path.join(dir, '_app', 'immutable', 'start.abc.js'));
		expect(isVanishedAsset(dir, '/_app/immutable/start.abc.js')).toBe(true);
		expect(isVanishedAsset(dir, '/_app/immutable/../../../etc/passwd')).toBe(true);
		expect(isVanishedAsset(dir, '/_app/immutable/%E0%A4%A')).toBe(true);
	});
});
