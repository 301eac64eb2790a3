import fs from 'node:fs';
import { describe, expect, it } from 'vitest';
import { accentTokens } from './accent';

// app.css carries Resurface's own accent for pages without a clinic; it must be what accent.ts
// would derive from the same colour, or the dark theme's default link tint goes unchecked.
describe("app.css's default brand tokens", () => {
	it('equal the tokens accent.ts derives from the default accent', () => {
		const css = fs.readFileSync('src/app.css', 'utf8');
		const root = css.slice(css.indexOf(':root {'), css.indexOf('}', css.indexOf(':root {')));
		const declared = Object.fromEntries(
			[...root.matchAll(/(--brand[a-z-]*):\s*(#[0-9a-f]{6});/g)].map((m) => [m[1], m[2]])
		);
		expect(declared).toEqual(accentTokens(declared['--brand']));
	});
});
