import type { DemoView } from '../shot';

// How each view frames the skin: a careful clinic photographs a close-up at a fixed distance
// and pose, so the frame is a function of the view alone (and the photo's size) and is shared
// by every session and every patient. Distances are millimetres of skin; the frame is 60 mm
// wide. "Lateral" points from the nose towards the ear (on the abdomen, away from the midline).

export const FRAME_MM = 60;

interface Pose {
	/** +1 when the ear is towards image right (the patient's left side) */
	side: 1 | -1;
	/** where the cheek's crest faces the camera, mm from the frame's centre (lateral, down) */
	crest: [number, number];
	/** the cheek's radii of curvature, across and down, mm */
	radius: [number, number];
	/**
	 * The outer corner of the eye, mm from the frame's centre (lateral, down): just past the
	 * medial edge on a cheek close-up, above the frame in a profile that reaches the jaw.
	 */
	canthus: [number, number];
	/** the jaw's edge, mm below the centre at the frame's middle, and how it rises laterally */
	jaw?: { at: number; rise: number; bow: number; round: number };
}

const PROFILE_JAW = { at: 25, rise: 0.28, bow: 0.0015, round: 10 };

// A cheek close-up has the eye's corner just past its upper medial edge; a profile reaching
// down to the jaw has it above the frame.
const CHEEK_EYE: [number, number] = [-34, -12];
const PROFILE_EYE: [number, number] = [-22, -46];

// The abdomen is nearly flat at this scale and has no edge in view: each view is its own patch
// of the lower belly, turned a little differently to the lamp, never the cheek's dome or jaw.
const BELLY_EYE: [number, number] = [0, -400];
const BELLY: Record<DemoView, Pose> = {
	front: { side: -1, crest: [-10, -20], radius: [280, 420], canthus: BELLY_EYE },
	right45: { side: -1, crest: [-30, -8], radius: [240, 420], canthus: BELLY_EYE },
	left45: { side: 1, crest: [-30, -8], radius: [240, 420], canthus: BELLY_EYE },
	right90: { side: -1, crest: [-45, 5], radius: [220, 400], canthus: BELLY_EYE },
	left90: { side: 1, crest: [-45, 5], radius: [220, 400], canthus: BELLY_EYE }
};

const POSES: Record<DemoView, Pose> = {
	front: { side: -1, crest: [0, -6], radius: [75, 95], canthus: CHEEK_EYE },
	right45: { side: -1, crest: [-12, -8], radius: [55, 90], canthus: CHEEK_EYE },
	left45: { side: 1, crest: [-12, -8], radius: [55, 90], canthus: CHEEK_EYE },
	right90: { side: -1, crest: [2, -14], radius: [70, 80], canthus: PROFILE_EYE, jaw: PROFILE_JAW },
	left90: { side: 1, crest: [2, -14], radius: [70, 80], canthus: PROFILE_EYE, jaw: PROFILE_JAW }
};

/** Where on the body the close-ups are taken. */
export type Site = 'cheek' | 'abdomen';

export interface Frame {
	site: Site;
	w: number;
	h: number;
	/** pixels per millimetre */
	mm: number;
	side: 1 | -1;
	/** the outer corner of the eye, mm from the centre (lateral, down) */
	canthus: [number, number];
	/** the surface's normal at each pixel, before the skin's own relief */
	nx: Float32Array;
	ny: Float32Array;
	nz: Float32Array;
	/** how much of each pixel is skin (0 past the jaw) */
	cover: Float32Array;
	/** how far out of focus each pixel is, 0..1 */
	defocus: Float32Array;
	/** the lens's fall-off towards the corners */
	vignette: Float32Array;
}

const frames = new Map<string, Frame>();

/** Lateral millimetres from the frame's centre for image column x. */
export const lateralMm = (f: Pick<Frame, 'w' | 'mm' | 'side'>, x: number) =>
	(f.side * (x - f.w / 2)) / f.mm;

export function frameFor(view: DemoView, w: number, h: number, site: Site = 'cheek'): Frame {
	const key = `${site}:${view}:${w}x${h}`;
	let f = frames.get(key);
	if (!f) {
		f = buildFrame(site === 'abdomen' ? BELLY[view] : POSES[view], site, w, h);
		// Both sites' five views at one size stay; a third set pushes out the oldest frames.
		if (frames.size >= 10) {
			frames.delete(frames.keys().next().value!);
		}
		frames.set(key, f);
	}
	return f;
}

function buildFrame(pose: Pose, site: Site, w: number, h: number): Frame {
	const mm = w / FRAME_MM;
	const n = w * h;
	const f: Frame = {
		site,
		w,
		h,
		mm,
		side: pose.side,
		canthus: pose.canthus,
		nx: new Float32Array(n),
		ny: new Float32Array(n),
		nz: new Float32Array(n),
		cover: new Float32Array(n),
		defocus: new Float32Array(n),
		vignette: new Float32Array(n)
	};
	const [rx, ry] = pose.radius;
	const diag2 = (w / 2) ** 2 + (h / 2) ** 2;
	for (let y = 0, o = 0; y < h; y++) {
		const v = (y - h / 2) / mm;
		for (let x = 0; x < w; x++, o++) {
			const u = lateralMm(f, x);
			const du = u - pose.crest[0];
			const dv = v - pose.crest[1];
			// A patch of an ellipsoid: depth below the crest and its slope.
			let z = -(du * du) / (2 * rx) - (dv * dv) / (2 * ry);
			let gx = (pose.side * -du) / rx;
			let gy = -dv / ry;
			let cover = 1;
			let turn = 0;
			if (pose.jaw) {
				// Past the jaw's edge the skin rolls under like a cylinder, then the backdrop shows.
				const { at, rise, bow, round } = pose.jaw;
				const t = v - (at - rise * u - bow * u * u);
				const k = Math.min(1, Math.max(0, (t + round) / round));
				turn = Math.asin(k);
				z -= round - Math.sqrt(Math.max(0, round * round - (k * round) ** 2));
				cover = Math.min(1, Math.max(0, 0.5 - t * mm));
			}
			const inv = 1 / Math.sqrt(gx * gx + gy * gy + 1);
			gx *= inv;
			gy *= inv;
			const c = Math.cos(turn);
			const s = Math.sin(turn);
			f.nx[o] = -gx;
			f.ny[o] = -gy * c + inv * s;
			f.nz[o] = inv * c + gy * s;
			f.cover[o] = cover;
			// Macro depth of field: a few millimetres either side of the crest stay sharp.
			f.defocus[o] = cover < 1 ? 1 : Math.min(1, Math.max(0, (-z - 3) / 10));
			const e = ((x - w / 2) ** 2 + (y - h / 2) ** 2) / diag2;
			f.vignette[o] = 1 - 0.2 * e * e - 0.1 * e;
		}
	}
	return f;
}
