import { MIN_CROP, MIN_MASK, type CaseRedactions, type MaskKind, type Rect } from './redaction';

/**
 * The geometry behind the redaction editor. Rectangles are fractions of the upright photo;
 * a crop's shape in pixels is (w × width) ÷ (h × height), so a photo's size is needed
 * whenever a crop is given an aspect ratio.
 */
export interface PhotoSize {
	width: number;
	height: number;
}

export const ASPECT_CHOICES = [
	{ value: 'none', label: 'Whole photo', ratio: null },
	{ value: '4:5', label: '4:5', ratio: 4 / 5 },
	{ value: '1:1', label: '1:1', ratio: 1 },
	{ value: '3:4', label: '3:4', ratio: 3 / 4 },
	{ value: 'free', label: 'Free, matching', ratio: null }
] as const;
export type AspectChoice = (typeof ASPECT_CHOICES)[number]['value'];

export const MASK_NAMES: Record<MaskKind, string> = { bar: 'Eye bar', blur: 'Blur' };

const clamp = (v: number, lo: number, hi: number) => Math.min(hi, Math.max(lo, v));
/** Four decimals: a tenth of a pixel on a 4000-pixel photo, and a short JSON. */
const round = (v: number) => Math.round(v * 10_000) / 10_000;

export function roundRect<T extends Rect>(r: T): T {
	return { ...r, x: round(r.x), y: round(r.y), w: round(r.w), h: round(r.h) };
}

/** Width ÷ height in pixels of a rectangle on a photo of this size. */
export function pixelAspect(r: Rect, size: PhotoSize): number {
	return (r.w * size.width) / (r.h * size.height);
}

/** Moved by (dx, dy), kept whole inside the photo. */
export function moveRect<T extends Rect>(r: T, dx: number, dy: number): T {
	return { ...r, x: clamp(r.x + dx, 0, 1 - r.w), y: clamp(r.y + dy, 0, 1 - r.h) };
}

/** Resized from its top-left corner, at least `min` on each side and inside the photo. */
export function resizeRect<T extends Rect>(r: T, dw: number, dh: number, min = MIN_MASK): T {
	return { ...r, w: clamp(r.w + dw, min, 1 - r.x), h: clamp(r.h + dh, min, 1 - r.y) };
}

/**
 * The rectangle given the pixel aspect `ratio`, keeping its centre and its width where it
 * can: shrunk to fit inside the photo, then moved back inside.
 */
export function withAspect(r: Rect, ratio: number, size: PhotoSize): Rect {
	// height in fractions that a width `w` needs for the ratio on this photo
	const heightFor = (w: number) => (w * size.width) / (ratio * size.height);
	let w = Math.max(r.w, MIN_CROP);
	let h = heightFor(w);
	if (h > 1) {
		w = w / h;
		h = 1;
	}
	if (h < MIN_CROP) {
		w = w * (MIN_CROP / h);
		h = MIN_CROP;
	}
	w = Math.min(w, 1);
	const cx = r.x + r.w / 2;
	const cy = r.y + r.h / 2;
	return {
		x: clamp(cx - w / 2, 0, 1 - w),
		y: clamp(cy - h / 2, 0, 1 - h),
		w,
		h
	};
}

/** The largest crop of that ratio centred on the photo, with a margin to grab it by. */
export function fitCrop(ratio: number, size: PhotoSize, scale = 0.9): Rect {
	const photo = size.width / size.height;
	const w = ratio >= photo ? 1 : ratio / photo;
	const h = ratio >= photo ? photo / ratio : 1;
	return { x: (1 - w * scale) / 2, y: (1 - h * scale) / 2, w: w * scale, h: h * scale };
}

/**
 * A crop resized by (dw, dh). With a ratio the drag along the larger change decides and the
 * other side follows, anchored at the top-left corner.
 */
export function resizeCrop(r: Rect, dw: number, dh: number, ratio: number | null, size: PhotoSize) {
	if (ratio === null) {
		return resizeRect(r, dw, dh, MIN_CROP);
	}
	const aspect = size.width / (ratio * size.height);
	const byWidth = Math.abs(dw) >= Math.abs(dh / aspect);
	let w = byWidth ? r.w + dw : (r.h + dh) / aspect;
	// as large as fits from this corner, as small as the minimum crop
	w = clamp(w, Math.max(MIN_CROP, MIN_CROP / aspect), Math.min(1 - r.x, (1 - r.y) / aspect));
	return { x: r.x, y: r.y, w, h: w * aspect };
}

/** Which choice a saved pair of crops corresponds to, so a reopened draft shows it. */
export function aspectChoiceOf(
	redactions: CaseRedactions,
	sizes: { before: PhotoSize; after: PhotoSize }
): AspectChoice {
	const crop = redactions.before.crop ?? redactions.after.crop;
	if (!redactions.before.crop && !redactions.after.crop) {
		return 'none';
	}
	const aspect = pixelAspect(crop!, redactions.before.crop ? sizes.before : sizes.after);
	const fixed = ASPECT_CHOICES.find((c) => c.ratio && Math.abs(aspect / c.ratio - 1) < 0.005);
	return fixed?.value ?? 'free';
}

/** A new mask where it is most often needed: across the eyes, or a square in the middle. */
export function newMask(kind: MaskKind, index: number) {
	const offset = (index % 4) * 0.05;
	return kind === 'bar'
		? { kind, x: 0.25, y: 0.33 + offset, w: 0.5, h: 0.1 }
		: { kind, x: 0.4 + offset, y: 0.4 + offset, w: 0.2, h: 0.2 };
}
