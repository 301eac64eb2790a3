// Capture quality of a photo against its baseline, from the same region of both (the face, or
// the middle of the frame) resampled to the same size. Pure functions over raw RGB pixels.
import {
	BLUR_RATIO,
	EXPOSURE_EV,
	FRAMING_SCALE,
	FRAMING_SHIFT,
	TILT_DEG,
	TURN_DEG,
	WHITE_BALANCE_RATIO
} from './tolerances';
import { apply, type Similarity } from './similarity';

export type CaptureWarning =
	'blurred' | 'darker' | 'brighter' | 'colour' | 'turned' | 'tilted' | 'framing';

export interface Quality {
	/** the Laplacian's spread over the grey's spread, in the region: higher is sharper */
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
	let [s1, s2, n, g1, g2] = [0, 0, 0, 0, 0];
	for (let y = y0 + 1; y < y1 - 1; y++) {
		for (let x = x0 + 1; x < x1 - 1; x++) {
			const i = y * w + x;
			if (ok(i) && ok(i - 1) && ok(i + 1) && ok(i - w) && ok(i + w)) {
				const lap = grey[i - 1] + grey[i + 1] + grey[i - w] + grey[i + w] - 4 * grey[i];
				s1 += lap;
				s2 += lap * lap;
				g1 += grey[i];
				g2 += grey[i] * grey[i];
				n++;
			}
		}
	}
	const spread = (sum: number, squares: number) =>
		n ? Math.sqrt(Math.max(0, squares / n - (sum / n) ** 2)) : 0;
	const k = Math.max(1, count);
	return {
		// over the grey's own spread, so a darker or flatter-lit photo is not taken for a blurred one
		sharpness: spread(s1, s2) / Math.max(spread(g1, g2), 1e-6),
		linear: [sum[0] / k, sum[1] / k, sum[2] / k]
	};
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
	if (sharpnessVsBaseline < BLUR_RATIO) {
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
