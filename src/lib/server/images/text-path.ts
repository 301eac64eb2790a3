// Text drawn into images (watermarks, collage labels) as SVG outlines from a font shipped in
// an npm package (@fontsource/figtree's WOFF files, read by opentype.js). sharp's own text
// rendering needs fontconfig and whatever fonts the machine has, which a fresh server may
// not: outlines look the same everywhere and need nothing installed.
import { createRequire } from 'node:module';
import { readFileSync } from 'node:fs';
import opentype, { type PathCommand } from 'opentype.js';

const require = createRequire(import.meta.url);

export type FontWeight = 400 | 600;

/** Latin first, then Latin Extended for the letters it lacks (Élan, Łódź, Ştefan…). */
const fonts = new Map<FontWeight, opentype.Font[]>();

function fontsOf(weight: FontWeight): opentype.Font[] {
	let list = fonts.get(weight);
	if (!list) {
		list = ['latin', 'latin-ext'].map((subset) => {
			const file = require.resolve(
				`@fontsource/figtree/files/figtree-${subset}-${weight}-normal.woff`
			);
			const bytes = readFileSync(file);
			return opentype.parse(bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.length));
		});
		fonts.set(weight, list);
	}
	return list;
}

export interface TextOutline {
	/** SVG path data, its baseline's start at (x, y) as asked */
	d: string;
	/** the same outline as drawing commands, for fill-path.ts (no SVG loader needed) */
	commands: PathCommand[];
	/** advance width in px */
	width: number;
}

/**
 * The outline of one line of text at `size` px. Each character comes from the first subset
 * that has it; one no subset has is left out rather than drawn as a box.
 */
export function textOutline(
	text: string,
	opts: { size: number; weight?: FontWeight; x?: number; y?: number }
): TextOutline {
	const list = fontsOf(opts.weight ?? 400);
	let x = opts.x ?? 0;
	const y = opts.y ?? 0;
	const parts: string[] = [];
	const commands: PathCommand[] = [];
	for (const ch of text.normalize('NFC')) {
		const font = list.find((f) => f.charToGlyphIndex(ch) > 0);
		if (!font) {
			continue;
		}
		const glyph = font.charToGlyph(ch);
		const scale = opts.size / font.unitsPerEm;
		const path = glyph.getPath(x, y, opts.size);
		parts.push(path.toPathData(2));
		commands.push(...path.commands);
		x += (glyph.advanceWidth ?? 0) * scale;
	}
	return { d: parts.join(''), commands, width: x - (opts.x ?? 0) };
}

/** The font's cap height at `size` px: to centre a line of capitals and figures in a box. */
export function capHeight(size: number, weight: FontWeight = 400): number {
	const font = fontsOf(weight)[0];
	const os2 = font.tables.os2 as { sCapHeight?: number } | undefined;
	return ((os2?.sCapHeight ?? font.unitsPerEm * 0.7) / font.unitsPerEm) * size;
}
