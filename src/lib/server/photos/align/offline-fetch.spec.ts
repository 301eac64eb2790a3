import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';
import { blockNetworkFetch } from './offline-fetch';

const original = globalThis.fetch;
afterEach(() => {
	globalThis.fetch = original;
});

describe('the alignment worker’s fetch', () => {
	it('reads local files and refuses the network', async () => {
		const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'fetch-')), 'model.json');
		fs.writeFileSync(file, '{"ok":true}');
		blockNetworkFetch();
		const res = await fetch(pathToFileURL(file));
		expect(await res.json()).toEqual({ ok: true });
		await expect(fetch('https://cdn.jsdelivr.net/npm/x.wasm')).rejects.toThrow(/blocked/);
		await expect(fetch(new Request('http://127.0.0.1:1/'))).rejects.toThrow(/blocked/);
	});
});
