import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import vm from 'node:vm';
import { describe, expect, it } from 'vitest';

// These files are served as plain (classic) scripts, and a page may load two of them (the
// embedded case page loads embed-frame.js and case-compare.js). Classic scripts share one global
// scope: a top-level `function start` in one replaced the other's, so whichever arrived last ran
// twice and the frame never learned its height. Each must keep its names to itself.

const dir = path.dirname(new URL(import.meta.url).pathname);
const scripts = readdirSync(dir).filter((f) => f.endsWith('.js'));

/** A page still being parsed: the scripts only register for DOMContentLoaded. */
function page() {
	const document = { readyState: 'loading', currentScript: null, addEventListener() {} };
	return vm.createContext({ document, window: {} });
}

describe('static scripts', () => {
	it('are found', () => {
		expect(scripts).toEqual(
			expect.arrayContaining(['case-compare.js', 'embed-frame.js', 'gallery-filters.js'])
		);
	});

	it('declare no global names, so any two can share a page', () => {
		const context = page();
		const before = new Set(Object.getOwnPropertyNames(context));
		for (const file of scripts) {
			const source = readFileSync(path.join(dir, file), 'utf8');
			// twice: a top-level const or let would be declared again and throw
			vm.runInContext(source, context, { filename: file });
			vm.runInContext(source, context, { filename: `${file} (again)` });
		}
		const added = Object.getOwnPropertyNames(context).filter((n) => !before.has(n));
		expect(added).toEqual([]);
	});
});
