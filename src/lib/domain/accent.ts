/**
 * A clinic's accent colour as the design tokens the public pages use. White text sits on the
 * accent (buttons) and the accent is the link colour on white, so a colour with less than
 * 4.5:1 contrast against white (WCAG AA) is not used: the default teal stays.
 */
export interface AccentTokens {
	'--accent': string;
	'--accent-strong': string;
	'--accent-soft': string;
	'--focus': string;
}

const HEX = /^#([0-9a-f]{6})$/i;

function channels(hex: string): [number, number, number] | null {
	const m = HEX.exec(hex.trim());
	if (!m) {
		return null;
	}
	const n = parseInt(m[1], 16);
	return [(n >> 16) & 255, (n >> 8) & 255, n & 255];
}

function luminance([r, g, b]: [number, number, number]): number {
	const lin = (c: number) => {
		const s = c / 255;
		return s <= 0.03928 ? s / 12.92 : ((s + 0.055) / 1.055) ** 2.4;
	};
	return 0.2126 * lin(r) + 0.7152 * lin(g) + 0.0722 * lin(b);
}

export function contrastWithWhite(hex: string): number | null {
	const c = channels(hex);
	return c ? 1.05 / (luminance(c) + 0.05) : null;
}

const toHex = (c: number[]) =>
	'#' + c.map((v) => Math.round(v).toString(16).padStart(2, '0')).join('');
const mix = (c: number[], to: number, share: number) => c.map((v) => v + (to - v) * share);

export function accentTokens(hex: string | null | undefined): AccentTokens | null {
	const c = hex ? channels(hex) : null;
	if (!c || 1.05 / (luminance(c) + 0.05) < 4.5) {
		return null;
	}
	return {
		'--accent': toHex(c),
		'--accent-strong': toHex(mix(c, 0, 0.28)),
		'--accent-soft': toHex(mix(c, 255, 0.88)),
		'--focus': `0 0 0 3px rgb(${c.join(' ')} / 0.35)`
	};
}
