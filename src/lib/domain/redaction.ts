/**
 * How a photo is de-identified for the public gallery: an optional crop and any number of eye
 * bars / blurred rectangles. Every rectangle is in fractions (0–1) of the upright photo, so the
 * same numbers work on the preview in the browser and on the full-size original on the server.
 * Masks are painted before the crop, so a mask may reach past the crop's edge.
 */
export interface Rect {
	x: number;
	y: number;
	w: number;
	h: number;
}
export const MASK_KINDS = ['bar', 'blur'] as const;
export type MaskKind = (typeof MASK_KINDS)[number];
export interface Mask extends Rect {
	kind: MaskKind;
}
export interface ImageRedaction {
	crop: Rect | null;
	masks: Mask[];
}
export interface CaseRedactions {
	before: ImageRedaction;
	after: ImageRedaction;
}

export const NO_REDACTION: CaseRedactions = {
	before: { crop: null, masks: [] },
	after: { crop: null, masks: [] }
};
export const MAX_MASKS = 12;
/** A crop smaller than a tenth of the photo's side is a slip of the mouse, not a framing. */
export const MIN_CROP = 0.1;
export const MIN_MASK = 0.01;
/** Before and after are shown in one frame: their crops may differ in shape by at most 2 %. */
export const SHAPE_TOLERANCE = 0.02;

export type RedactionCheck = { ok: true; value: CaseRedactions } | { ok: false; message: string };

const isFraction = (n: unknown): n is number => typeof n === 'number' && n >= 0 && n <= 1;

function rect(value: unknown, min: number): Rect | null {
	if (typeof value !== 'object' || value === null) {
		return null;
	}
	const { x, y, w, h } = value as Record<string, unknown>;
	if (!isFraction(x) || !isFraction(y) || !isFraction(w) || !isFraction(h)) {
		return null;
	}
	// a hair of rounding from the browser is allowed at the far edges
	if (w < min || h < min || x + w > 1.0001 || y + h > 1.0001) {
		return null;
	}
	return { x, y, w: Math.min(w, 1 - x), h: Math.min(h, 1 - y) };
}

function image(value: unknown, label: string): ImageRedaction | string {
	if (typeof value !== 'object' || value === null) {
		return `The ${label} photo's redaction is missing.`;
	}
	const { crop, masks } = value as Record<string, unknown>;
	const c = crop === null || crop === undefined ? null : rect(crop, MIN_CROP);
	if (crop && !c) {
		return `The ${label} photo's crop must lie inside the photo and keep at least a tenth of each side.`;
	}
	if (!Array.isArray(masks ?? [])) {
		return `The ${label} photo's masks are not a list.`;
	}
	const list = (masks ?? []) as unknown[];
	if (list.length > MAX_MASKS) {
		return `At most ${MAX_MASKS} masks per photo.`;
	}
	const out: Mask[] = [];
	for (const m of list) {
		const r = rect(m, MIN_MASK);
		const kind = (m as { kind?: unknown } | null)?.kind;
		if (!r || !MASK_KINDS.includes(kind as MaskKind)) {
			return `A mask on the ${label} photo is outside the photo or not a bar or blur.`;
		}
		out.push({ kind: kind as MaskKind, ...r });
	}
	return { crop: c, masks: out };
}

/** Checks redactions that came from a form (JSON) before anything is rendered from them. */
export function parseRedactions(value: unknown): RedactionCheck {
	if (typeof value !== 'object' || value === null) {
		return { ok: false, message: 'The redaction is missing.' };
	}
	const v = value as Record<string, unknown>;
	const before = image(v.before, 'before');
	const after = image(v.after, 'after');
	if (typeof before === 'string') {
		return { ok: false, message: before };
	}
	if (typeof after === 'string') {
		return { ok: false, message: after };
	}
	return { ok: true, value: { before, after } };
}

/** A rectangle in whole pixels of a `width`×`height` image, at least one pixel, inside it. */
export function toPixels(r: Rect, width: number, height: number) {
	const left = Math.min(width - 1, Math.max(0, Math.round(r.x * width)));
	const top = Math.min(height - 1, Math.max(0, Math.round(r.y * height)));
	return {
		left,
		top,
		width: Math.max(1, Math.min(width - left, Math.round(r.w * width))),
		height: Math.max(1, Math.min(height - top, Math.round(r.h * height)))
	};
}

/** Width ÷ height of the framed image, in pixels of a photo of the given size. */
export function framedAspect(crop: Rect | null, width: number, height: number): number {
	const c = crop ?? { x: 0, y: 0, w: 1, h: 1 };
	return (c.w * width) / (c.h * height);
}

/** Whether two framings can share one frame in the compare slider. */
export function sameShape(a: number, b: number): boolean {
	return Math.abs(a / b - 1) <= SHAPE_TOLERANCE;
}
