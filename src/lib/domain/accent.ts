/**
 * A clinic's accent colour as the design tokens its pages use. White text sits on the accent
 * (buttons) and the accent is the link colour on the page background (--canvas) and on white
 * cards, so a colour with less than 4.5:1 contrast against either (WCAG AA) is not used: the
 * default teal stays. The settings form refuses such a colour with accentProblem().
 * In the dark theme links need a light colour instead, so a lighter tint is derived here, where
 * its contrast can be checked, rather than by CSS colour mixing. app.css maps these `--brand*`
 * values to the `--accent*` tokens on the `.branded` element that carries them.
 */
export interface AccentTokens {
	'--brand': string;
	'--brand-strong': string;
	'--brand-soft': string;
	'--brand-ink-dark': string;
	'--brand-soft-dark': string;
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
	return contrast(hex, '#ffffff');
}

/** WCAG AA for normal-size text. */
export const AA_CONTRAST = 4.5;

/** The light page background (--canvas in app.css): darker than white, so the stricter one. */
export const CANVAS = '#f6f3ef';

/** The dark theme's card colour (--surface there), lighter than its canvas: the stricter one. */
export const DARK_SURFACE = '#1a2022';

export function contrast(a: string, b: string): number | null {
	const [ca, cb] = [channels(a), channels(b)];
	if (!ca || !cb) {
		return null;
	}
	const [la, lb] = [luminance(ca), luminance(cb)];
	return (Math.max(la, lb) + 0.05) / (Math.min(la, lb) + 0.05);
}

/** Contrast of the accent used as text on the page background. */
export function contrastOnCanvas(hex: string): number | null {
	return contrast(hex, CANVAS);
}

/** Lowercase #rrggbb, or null for anything else ("red", "#abc", CSS injection). */
export function normalizeHex(value: string): string | null {
	const c = channels(value);
	return c ? toHex(c) : null;
}

/**
 * Why a colour cannot be the accent, in words for the owner, or null when it can. Both uses
 * are checked: white text on the accent (buttons) and the accent as text on the page
 * background (links); a light canvas is darker than white, so passing it passes white cards.
 */
export function accentProblem(value: string): string | null {
	const hex = normalizeHex(value);
	if (!hex) {
		return 'Enter the accent colour as # and six hex digits, such as #1d5c63.';
	}
	const onButton = contrastWithWhite(hex) ?? 0;
	const asLink = contrastOnCanvas(hex) ?? 0;
	if (onButton >= AA_CONTRAST && asLink >= AA_CONTRAST) {
		return null;
	}
	const worst = Math.min(onButton, asLink);
	const where =
		onButton < AA_CONTRAST && asLink < AA_CONTRAST
			? 'white button text and links on the page background'
			: onButton < AA_CONTRAST
				? 'white button text'
				: 'links on the page background';
	return `${hex} is too light: ${where} would have ${worst.toFixed(2)}:1 contrast, and WCAG AA needs at least 4.5:1. Choose a darker colour.`;
}

const toHex = (c: number[]) =>
	'#' + c.map((v) => Math.round(v).toString(16).padStart(2, '0')).join('');
const mix = (c: number[], to: number, share: number) => c.map((v) => v + (to - v) * share);

export function accentTokens(hex: string | null | undefined): AccentTokens | null {
	const c = hex ? channels(hex) : null;
	// a colour saved before the form checked it, or written by hand, still never goes out
	if (!c || accentProblem(toHex(c)) !== null) {
		return null;
	}
	const surface = channels(DARK_SURFACE)!;
	const softDark = toHex(c.map((v, i) => v * 0.25 + surface[i] * 0.75));
	// Lighten towards white until the tint reads at AA on the dark card and on its own soft
	// tint (badges); white itself always does, so the loop ends.
	let inkDark = toHex(c);
	for (let share = 0.5; share <= 1; share += 0.05) {
		inkDark = toHex(mix(c, 255, Math.min(1, share)));
		if (
			(contrast(inkDark, DARK_SURFACE) ?? 0) >= AA_CONTRAST &&
			(contrast(inkDark, softDark) ?? 0) >= AA_CONTRAST
		) {
			break;
		}
	}
	return {
		'--brand': toHex(c),
		'--brand-strong': toHex(mix(c, 0, 0.28)),
		'--brand-soft': toHex(mix(c, 255, 0.88)),
		'--brand-ink-dark': inkDark,
		'--brand-soft-dark': softDark
	};
}

/** The tokens as an inline `style` value for the element that carries a clinic's brand. */
export function accentStyle(tokens: AccentTokens | null | undefined): string | undefined {
	return tokens
		? Object.entries(tokens)
				.map(([k, v]) => `${k}: ${v}`)
				.join('; ')
		: undefined;
}
