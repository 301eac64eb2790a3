// Capture quality of a photo against its baseline, from the same region of both (the face, or
// the middle of the frame) resampled to the same size. Pure functions over raw RGB pixels.
import {
	BLUR_RATIO,
	EXPOSURE_EV,
	FRAMING_SCALE,
	FRAMING_SHIFT,
	MIN_SHARPNESS_SAMPLES,
	TILT_DEG,
	TURN_DEG,
	WHITE_BALANCE_RATIO
} from './tolerances';
import { apply, type Similarity } from './similarity';

import type { CaptureWarning } from '../../../domain/capture-warnings';

export type { CaptureWarning };

export interface Quality {
	/** fine detail over detail twice as coarse, in the region (see fineOverCoarse): higher is sharper */
	sharpness: number;
	/** this photo's sharpness ÷ the baseline's, over the same region at the same scale */
	sharpnessVsBaseline: number;
	/** stops of linear light against the baseline: −1 is half as bright */
	exposureEv: number;
	/** (R/G) and (B/G) of linear light, each ÷ the baseline's: 1 = the same white balance */
	whiteBalance: { rg: number; bg: number };
	warnings: CaptureWarning[];
}

export interface RegionStats {
	sharpness: number;
	/** how many pixels the sharpness was measured over */
	samples: number;
	/** mean linear R, G, B (0–1) */
	linear: [number, number, number];
}

export interface Rgb {
	data: Uint8Array;
	width: number;
	height: number;
	channels: number;
}

const LINEAR = Float64Array.from({ length: 256 }, (_, v) => {
	const c = v / 255;
	return c <= 0.04045 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4;
});

/** A rectangle of an image, in its pixels. */
export interface Box {
	x: number;
	y: number;
	w: number;
	h: number;
}

/**
 * Sharpness and mean linear colour inside `box`, counting only pixels `valid` marks (non-zero,
 * one byte a pixel of the whole image): where a warped photo has no pixels, neither side counts.
 */
export function regionStats(img: Rgb, box?: Box, valid?: Uint8Array): RegionStats {
	const { data, width: w, height: h, channels: c } = img;
	const x0 = Math.max(0, Math.floor(box?.x ?? 0));
	const y0 = Math.max(0, Math.floor(box?.y ?? 0));
	const x1 = Math.min(w, Math.ceil(box ? box.x + box.w : w));
	const y1 = Math.min(h, Math.ceil(box ? box.y + box.h : h));
	const ok = (i: number) => !valid || valid[i] !== 0;
	const grey = new Float32Array(w * h);
	const sum = [0, 0, 0];
	let count = 0;
	for (let y = y0; y < y1; y++) {
		for (let x = x0; x < x1; x++) {
			const i = y * w + x;
			const p = i * c;
			grey[i] = 0.299 * data[p] + 0.587 * data[p + 1] + 0.114 * data[p + 2];
			if (ok(i)) {
				sum[0] += LINEAR[data[p]];
				sum[1] += LINEAR[data[p + 1]];
				sum[2] += LINEAR[data[p + 2]];
				count++;
			}
		}
	}
	const k = Math.max(1, count);
	return {
		...fineOverCoarse(grey, w, { x0, y0, x1, y1 }, ok),
		linear: [sum[0] / k, sum[1] / k, sum[2] / k]
	};
}

/**
 * The Laplacian's spread at the pixel scale over its spread at twice that scale. Blur takes the
 * finest detail first, so it lowers this; light, contrast and how much texture the skin has
 * (healing stretch marks fade) scale both alike and leave it. Comparing the Laplacian alone
 * against the baseline called every healed abdomen blurred.
 */
function fineOverCoarse(
	grey: Float32Array,
	w: number,
	{ x0, y0, x1, y1 }: { x0: number; y0: number; x1: number; y1: number },
	ok: (i: number) => boolean
): { sharpness: number; samples: number } {
	const fine = new Spread();
	const coarse = new Spread();
	// 2×2 means, so the coarse Laplacian sees detail twice the size
	const at = (i: number) => (grey[i] + grey[i + 1] + grey[i + w] + grey[i + w + 1]) / 4;
	for (let y = y0 + 2; y < y1 - 3; y++) {
		for (let x = x0 + 2; x < x1 - 3; x++) {
			const i = y * w + x;
			if (!(ok(i) && ok(i - 2) && ok(i + 3) && ok(i - 2 * w) && ok(i + 3 * w))) {
				continue;
			}
			fine.add(grey[i - 1] + grey[i + 1] + grey[i - w] + grey[i + w] - 4 * grey[i]);
			coarse.add(at(i - 2) + at(i + 2) + at(i - 2 * w) + at(i + 2 * w) - 4 * at(i));
		}
	}
	return { sharpness: fine.value() / Math.max(coarse.value(), 1e-6), samples: fine.count };
}

class Spread {
	private n = 0;
	get count() {
		return this.n;
	}
	private sum = 0;
	private squares = 0;
	add(v: number) {
		this.n++;
		this.sum += v;
		this.squares += v * v;
	}
	value() {
		return this.n ? Math.sqrt(Math.max(0, this.squares / this.n - (this.sum / this.n) ** 2)) : 0;
	}
}

export interface Geometry {
	/** photo → baseline, when one was found */
	alignment: Similarity | null;
	photoSize: { width: number; height: number };
	baselineSize: { width: number; height: number };
	/** head turn and roll of each, when both faces were found */
	faces?: {
		photo: { yawDeg: number; rollDeg: number };
		baseline: { yawDeg: number; rollDeg: number };
	};
}

/** Quality figures and the capture warnings, from the two regions' stats and the geometry. */
export function compareQuality(photo: RegionStats, baseline: RegionStats, g: Geometry): Quality {
	const luminance = ([r, gr, b]: RegionStats['linear']) => 0.2126 * r + 0.7152 * gr + 0.0722 * b;
	const eps = 1e-6;
	const exposureEv = Math.log2(
		(luminance(photo.linear) + eps) / (luminance(baseline.linear) + eps)
	);
	const ratio = (s: RegionStats, i: number) => (s.linear[i] + eps) / (s.linear[1] + eps);
	const whiteBalance = {
		rg: ratio(photo, 0) / ratio(baseline, 0),
		bg: ratio(photo, 2) / ratio(baseline, 2)
	};
	const sharpnessVsBaseline = photo.sharpness / Math.max(baseline.sharpness, eps);
	const warnings: CaptureWarning[] = [];
	// a region of a few thousand pixels is mostly JPEG blocks and resampling at the finest
	// scale: its ratio is reported but judges nothing
	const judged = Math.min(photo.samples, baseline.samples) >= MIN_SHARPNESS_SAMPLES;
	if (judged && sharpnessVsBaseline < BLUR_RATIO) {
		warnings.push('blurred');
	}
	if (exposureEv < -EXPOSURE_EV) {
		warnings.push('darker');
	} else if (exposureEv > EXPOSURE_EV) {
		warnings.push('brighter');
	}
	const offBy = (r: number) => Math.max(r, 1 / r);
	if (Math.max(offBy(whiteBalance.rg), offBy(whiteBalance.bg)) > WHITE_BALANCE_RATIO) {
		warnings.push('colour');
	}
	warnings.push(...geometryWarnings(g));
	return {
		sharpness: round(photo.sharpness, 2),
		sharpnessVsBaseline: round(sharpnessVsBaseline, 3),
		exposureEv: round(exposureEv, 3),
		whiteBalance: { rg: round(whiteBalance.rg, 3), bg: round(whiteBalance.bg, 3) },
		warnings
	};
}

function geometryWarnings({
	alignment,
	photoSize,
	baselineSize,
	faces
}: Geometry): CaptureWarning[] {
	const warnings: CaptureWarning[] = [];
	if (faces && Math.abs(faces.photo.yawDeg - faces.baseline.yawDeg) > TURN_DEG) {
		warnings.push('turned');
	}
	// The alignment's rotation is the tilt; without one, the faces' roll says it.
	const tilt = alignment
		? alignment.rotationDeg
		: faces
			? faces.photo.rollDeg - faces.baseline.rollDeg
			: 0;
	if (Math.abs(tilt) > TILT_DEG) {
		warnings.push('tilted');
	}
	if (alignment) {
		const [cx, cy] = apply(alignment, [photoSize.width / 2, photoSize.height / 2]);
		const moved = Math.hypot(cx - baselineSize.width / 2, cy - baselineSize.height / 2);
		// a photo from a camera with another resolution is not "closer" for that
		const relativeScale = (alignment.scale * photoSize.width) / baselineSize.width;
		if (Math.abs(relativeScale - 1) > FRAMING_SCALE || moved > FRAMING_SHIFT * baselineSize.width) {
			warnings.push('framing');
		}
	}
	return warnings;
}

const round = (v: number, digits: number) => Number(v.toFixed(digits));
