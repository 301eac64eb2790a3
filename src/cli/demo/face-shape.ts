import { bell, smooth } from './render-kit';

// The demo head as a surface of revolution with a face: r(φ, y) is its distance from a vertical
// axis, φ = 0 at the nose and +π/2 at the patient's left ear (image right from the front), y the
// photo's row. Every view is the same surface turned about that axis, so features, scars and
// light sit in the same place on the skin in every photo of a course.
//
// Lengths here are centimetres; Y is measured down from the line through the pupils. X is arc
// length across the front of the face (φ times FACE_R), which is close to the lateral distance a
// clinician would measure from the midline.

/**
 * Pixels per centimetre in a 900 px wide layout frame, and the pupils' row as a fraction of its
 * height. The features, scars and concerns were measured in this frame (40 cm tall, the head
 * small in it); the photo is a closer crop of it (`frame`).
 */
export const PX_PER_CM = 30;
export const EYE_LINE = 0.355;
/**
 * How much closer the camera is than the layout frame, and where the pupils fall in the photo:
 * a clinic frames an acne-scar photo from just above the hair to the upper neck, so the head
 * fills about four fifths of the frame's height and the skin is large.
 */
export const ZOOM = 1.4;
export const PHOTO_EYE_LINE = 0.465;

/** Where a w×h photo sits in its layout frame: the frame's size and the photo's top row in it. */
export function frame(w: number, h: number) {
	const W = w * ZOOM;
	const H = Math.round(h * ZOOM);
	const k = W / 900;
	const S = PX_PER_CM * k;
	const eyeY = EYE_LINE * H;
	return { k, S, H, eyeY, top: Math.max(0, Math.round(eyeY - PHOTO_EYE_LINE * h)) };
}

/**
 * A box on the face given where it lay in the 900×1200 layout frame, as pixels of a front photo
 * of w×h: for the specs, which name the cheek or the chin where the features were measured.
 */
export function photoBox(
	box: { left: number; top: number; width: number; height: number },
	w = 900,
	h = 1200
) {
	const { H, top } = frame(w, h);
	const [sx, sy] = [(w * ZOOM) / 900, H / 1200];
	return {
		left: Math.round(w / 2 + (box.left - 450) * sx),
		top: Math.round(box.top * sy - top),
		width: Math.round(box.width * sx),
		height: Math.round(box.height * sy)
	};
}
/** Radius at which X is measured: roughly where the cheeks are. */
export const FACE_R = 9.3;
/** Where each eye opening is centred and how wide and tall it is (cm). */
export const EYE = { x: 3.1, y: 0.05, half: 1.4, up: 0.44, down: 0.36 };

export interface FaceBuild {
	/** 0 for the softer female face, 1 for a heavier male brow, jaw and nose */
	male: number;
	/** 0: short cropped hair (men), 1: hair drawn back into a bun (women) */
	bun: number;
	/** 0.6..1.4 cm of hair over the crown */
	hairBulk: number;
	/** a named hair colour (face-paint.ts); one drawn from the seed when not given */
	hair?: 'blond' | 'red' | 'grey';
	/** -1..1: small variations of proportion, so twelve patients are not twelve twins */
	jaw: number;
	nose: number;
	lips: number;
}

const sq = (x: number) => x * x;

/** Half-axes of the skull's cross-section at height Y (cm): width, front depth, back depth. */
function skull(Y: number, b: FaceBuild): [number, number, number] {
	const up = Math.min(0, Y + 2.5) / 9.6;
	const cap = Math.sqrt(Math.max(0, 1 - up * up));
	const a = (7.5 + 0.2 * b.male) * cap;
	// The forehead leans back above the brow and rounds into the crown.
	const f = Math.min(0, Y + 1.5) / 10.6;
	const bf = 9.4 * Math.sqrt(Math.max(0, 1 - f * f));
	// Below the crown the back of the head only narrows gently: the nape's own curve (the jaw
	// line below, turned round the back) and the neck finish it.
	const back = (Y + 2.5) / (Y < -2.5 ? 9.6 : 12);
	const bb = 9.9 * Math.sqrt(Math.max(0, 1 - back * back));
	return [a, bf, bb];
}

/** The face below the eyes narrows along the jaw to the chin. */
function faceWidth(Y: number, b: FaceBuild) {
	const jawW = 5.2 + 0.7 * b.male + 0.25 * b.jaw;
	if (Y < 1) {
		return 7.5 + 0.2 * b.male;
	}
	if (Y < 8.3) {
		return 7.5 + 0.2 * b.male + (jawW - 7.5 - 0.2 * b.male) * smooth((Y - 1) / 7.3);
	}
	return jawW;
}

/** Lowest point of the jaw at angle φ: the chin at the front, the jaw's angle towards the ear. */
export function jawBottom(phi: number, b: FaceBuild) {
	const c = Math.cos(phi);
	// Behind the ears the head ends at the nape, which the neck then covers.
	return c > 0 ? 8.6 + (2.5 + 0.3 * b.male) * c ** 1.6 : 8.6 - 3.4 * c * c;
}

/** A superellipse of exponent 2.5: the front of a face is flatter than an ellipse. */
function superR(s: number, c: number, a: number, bz: number) {
	const t = Math.abs(s) / a;
	const u = Math.abs(c) / bz;
	return Math.pow(t * t * Math.sqrt(t) + u * u * Math.sqrt(u), -0.4);
}

/** Distance from the axis, along φ, to an ellipse of half-axes (a, bz) centred `off` cm behind it. */
function ellipseR(s: number, c: number, off: number, a: number, bz: number) {
	// (t s / a)² + ((t c + off) / bz)² = 1, the positive root.
	const qa = (s * s) / (a * a) + (c * c) / (bz * bz);
	const qb = (2 * c * off) / (bz * bz);
	const qc = (off * off) / (bz * bz) - 1;
	const disc = qb * qb - 4 * qa * qc;
	return disc > 0 ? (-qb + Math.sqrt(disc)) / (2 * qa) : 0;
}

/** The head's half-axes on one row: width, front depth, back depth (cm). */
export function headRow(Y: number, b: FaceBuild): [number, number, number] {
	const [a0, bf, bb] = skull(Y, b);
	return [Y > 1 ? Math.min(a0, faceWidth(Y, b)) : a0, bf, bb];
}

/** Radius of the bare head, neck and shoulders (no hair) at angle φ and height Y, in cm. */
export function bareRadius(phi: number, Y: number, b: FaceBuild): number {
	return radiusAt(phi, Math.sin(phi), Math.cos(phi), Y, headRow(Y, b), jawBottom(phi, b), b);
}

/**
 * The same with the row's half-axes and the column's jaw line worked out once: this runs for
 * every texel of every demo head.
 */
export function radiusAt(
	phi: number,
	s: number,
	c: number,
	Y: number,
	row: [number, number, number],
	jb: number,
	b: FaceBuild
): number {
	let r = 0;
	if (Y > -12.6 && Y < 12) {
		const [a, bf, bb] = row;
		const bz = c > 0 ? bf : bb;
		if (a > 0.05 && bz > 0.05) {
			r = c > 0 ? superR(s, c, a, bz) : 1 / Math.sqrt((s * s) / (a * a) + (c * c) / (bz * bz));
		}
		// Below the cheekbones the face's sides and back sweep in to the jaw and the nape.
		// Half a circle and half an S: the jaw's underside curls in without a sharp rim.
		const edge = (Y - (jb - 2.4)) / 2.4;
		if (edge > 0) {
			r *= edge >= 1 ? 0 : 0.5 * Math.sqrt(1 - edge * edge) + 0.5 * (1 - smooth(edge));
		}
		r += face(phi, Y, b);
	}
	// The neck, a little behind the axis, and below it the shoulders.
	const nr = 5.2 + 0.6 * b.male;
	if (Y > 2) {
		// The neck flares into the shoulders gradually: a curve that starts flat, not a crease.
		const u = Math.min(1, Math.max(0, (Y - 8) / 20));
		const t = u * u * Math.sqrt(u);
		const neck = ellipseR(s, c, 1.4, nr + (20 + 2 * b.male) * t, nr + 5 * t);
		// A soft union: the jaw and the back of the skull run into the neck without a crease.
		const k = 1.4;
		const m = Math.min(1, Math.max(0, 0.5 + (0.5 * (r - neck)) / k));
		r = neck + (r - neck) * m + k * m * (1 - m);
	}
	return r;
}

/** Whether a point (X, Y) in cm lies inside an eye opening, and where (dx, dy from its centre). */
export function eyeOpening(X: number, Y: number): number {
	const dx = Math.abs(X) - EYE.x;
	const t = dx / EYE.half;
	if (t * t >= 1) {
		return 0;
	}
	// Almond: the upper lid peaks a little towards the nose, the lower lid towards the ear.
	const dy = Y - EYE.y;
	const lim = dy < 0 ? EYE.up * (1 - t * t) ** 0.7 * (1 - 0.15 * t) : EYE.down * (1 - t * t) ** 0.9;
	const e = Math.abs(dy) / Math.max(lim, 1e-3);
	return e < 1 ? 1 - e : 0;
}

/** The face's relief on top of the base head, in cm, for |φ| < 90°, and the ears. */
function face(phi: number, Y: number, b: FaceBuild): number {
	const c = Math.cos(phi);
	let d = 0;
	const ax = Math.abs(phi);
	// Each feature is only worked out in the band of rows and columns it can reach: this runs
	// for every texel of every demo head.
	if (ax < 1.35 && c > 0 && Y > -6 && Y < 12) {
		const X = phi * FACE_R;
		const aX = Math.abs(X);
		const m = b.male;
		if (Y < 2.6) {
			d += eyes(X, aX, Y, m);
		}
		if (Y > -1.5 && Y < 8) {
			// Cheekbones, and the soft cheek below them.
			d += (0.55 + 0.2 * m) * Math.exp(-sq((aX - 4.3) / 1.7) - sq((Y - 1.9) / 1.2));
			d += 0.35 * Math.exp(-sq((aX - 3.4) / 1.8) - sq((Y - 3.8) / 1.7));
		}
		if (aX < 3 && Y > -2.5 && Y < 5.3) {
			d += nose(X, aX, Y, b);
		}
		if (Y > 1) {
			d += mouth(X, aX, Y, b);
		}
		d *= smooth((1.35 - ax) / 0.35);
	}
	return d + ear(ax, Y);
}

/** Brow ridge, eye sockets, eyeballs and lids. */
function eyes(X: number, aX: number, Y: number, m: number) {
	// Brow ridge, heavier on men, and the eye sockets under it.
	let d = (0.35 + 0.35 * m) * Math.exp(-sq((aX - 2.2) / 3.2) - sq((Y + 1.6) / 0.8));
	d -= 0.85 * Math.exp(-sq((aX - 3.1) / 1.55) - sq((Y - 0.2) / 1.05));
	// The eyeball bulges under the lids; inside the opening it is the bare eye.
	const ex = aX - EYE.x;
	const ball = 1 - (ex * ex + sq(Y - EYE.y)) / (1.3 * 1.3);
	if (ball > 0) {
		d += 0.42 * smooth(ball * 1.6);
	}
	// The upper lid's fold sits over the ball; its margin is a small step down to the eye.
	const open = eyeOpening(X, Y);
	d += open > 0 ? 0 : 0.12 * Math.exp(-sq(ex / 1.5) - sq((Y + 0.62) / 0.3));
	d -= open > 0 ? 0.07 + 0.05 * Math.min(1, open * 4) : 0;
	return d;
}

/**
 * A ridge from between the eyes to the tip, wider at the wings; it ends in a short underside
 * down to the lip (steep, so it is shaded like one).
 */
function nose(X: number, aX: number, Y: number, b: FaceBuild) {
	const m = b.male;
	const n = 1 + 0.12 * b.nose + 0.1 * m;
	const prof = 0.35 * smooth((Y + 1.8) / 1.2) + 1.95 * n * smooth((Y + 0.8) / 4.7) ** 1.3;
	const tipY = 4.05;
	const under = Y > tipY ? Math.max(0, 1 - sq((Y - tipY) / 0.62)) : 1;
	const width = 0.62 + 0.38 * smooth((Y - 1.5) / 2.6) + 0.08 * m;
	const tip = (1.95 * n + 0.1) * Math.exp(-sq(X / 0.8) - sq((Y - 3.75) / 0.5)) * under;
	const ridge = prof * Math.exp(-sq(X / width)) * (1 - smooth((Y - 3.4) / 0.6));
	// A soft maximum, so the ridge runs into the tip without a crease.
	const tipped = tip * (Y > 3.2 ? 1 : smooth((Y - 2.2) / 1));
	let d = Math.log(Math.exp(5 * ridge) + Math.exp(5 * tipped) - 1) / 5;
	// Nostril wings.
	if (Y > 3 && aX < 2.6) {
		const cut = Y > 4.5 ? Math.max(0, 1 - sq((Y - 4.5) / 0.35)) : 1;
		d += 0.42 * n * Math.exp(-sq((aX - 1.15) / 0.5) - sq((Y - 4.05) / 0.45)) * cut;
	}
	return d;
}

/** The muzzle, lips, the fold under them, the chin and the folds beside the mouth. */
function mouth(X: number, aX: number, Y: number, b: FaceBuild) {
	const m = b.male;
	// The teeth and jaws push the mouth region forward.
	let d = 0.55 * Math.exp(-sq(X / 3.2) - sq((Y - 6.4) / 2.2));
	const lw = 2.45 + 0.15 * b.lips;
	if (aX < 9 && Y > 4.4 && Y < 8) {
		// The upper lip from under the nose to the mouth.
		// It leans forward from under the nose: a long soft ramp, not a ledge.
		const upper = Math.exp(-sq(X / (lw + 1.2))) * smooth((Y - 4.45) / 1.4);
		// It gives way to the lower lip and chin gently: an edge across the face here reads as a line.
		d += 0.22 * upper * smooth((8 - Y) / 1.5);
	}
	if (aX < 4.5 && Y > 4) {
		// The lips, a philtrum above them, the fold under them and the chin.
		d += (0.28 + 0.06 * b.lips) * Math.exp(-(sq(X / (lw * 0.95)) ** 2) - sq((Y - 5.95) / 0.28));
		d -= 0.1 * Math.exp(-sq(X / 0.32) - sq((Y - 5.2) / 0.45));
		d -= 0.32 * Math.exp(-(sq(X / lw) ** 3) - sq((Y - 6.5) / 0.09)) * smooth((lw - 0.1 - aX) / 0.5);
		d += (0.5 + 0.08 * b.lips) * Math.exp(-(sq(X / (lw * 0.88)) ** 2) - sq((Y - 7.0) / 0.42));
		d -= 0.35 * Math.exp(-sq(X / 2.2) - sq((Y - 7.9) / 0.45));
		d += (0.75 + 0.2 * m) * Math.exp(-sq(X / (2.1 + 0.3 * m)) - sq((Y - 9.3) / 1.1));
	}
	if (Y > 3.8 && Y < 8) {
		// The cheek's fold beside the nose and mouth, which age deepens.
		// Soft and running down and out from the nose's wing: a young face barely has one.
		const fx = aX - (2 + 0.4 * (Y - 4.2));
		d -= 0.1 * Math.exp(-sq(fx / 0.5)) * Math.sin(((Y - 3.8) / 4.2) * Math.PI);
	}
	return d;
}

/** Ears, a little behind the middle of the head's sides: a shell with a rolled rim and a hollow. */
function ear(ax: number, Y: number) {
	const ep = ax - 1.66;
	if (Math.abs(ep) >= 0.45 || Y <= -2 || Y >= 5.5) {
		return 0;
	}
	const eu = ep * 7.6;
	const ev = Y - 1.55;
	const dd = Math.sqrt(sq(eu / 1.55) + sq(ev / (2.9 + (ev > 0 ? 0.1 : 0))));
	if (dd >= 1.05) {
		return 0;
	}
	const shell = smooth((1.02 - dd) / 0.18);
	const rim = bell(dd - 0.84, 0.09);
	const concha = Math.exp(-sq((eu + 0.25) / 0.6) - sq((ev - 0.1) / 0.95));
	const lobe = 0.25 * smooth((ev - 1.3) / 0.6);
	return shell * (0.9 + 0.45 * rim - 0.75 * concha - lobe + 0.35 * smooth(eu / 1.2));
}

/** The hairline: hair grows where Y is above this, by angle around the head. */
export function hairline(phi: number, b: FaceBuild): number {
	const a = Math.abs(phi);
	// The front hairline with a man's temples set back, down the temples to the sideburns,
	// over the ears and down to the nape.
	const recede = b.male * 0.6 * bell(a - 0.62, 0.22);
	if (a < 0.75) {
		return -6.4 + 0.8 * smooth(a / 0.75) - recede;
	}
	if (a < 1.45) {
		return -5.6 + (4.9 + 1.2 * b.male) * smooth((a - 0.75) / 0.6) - recede;
	}
	if (a < 1.56) {
		return 0.5 + 1.2 * b.male + (-2.5 - 1.2 * b.male) * smooth((a - 1.4) / 0.16);
	}
	if (a < 2.05) {
		return -2 - 0.3 * bell(a - 1.8, 0.15);
	}
	return -2 + 7 * smooth((a - 2.05) / 0.6);
}

/** How much hair thickens the head at (φ, Y), in cm, given the hair mask there (0..1). */
export function hairDepth(phi: number, Y: number, mask: number, b: FaceBuild): number {
	if (mask <= 0) {
		return 0;
	}
	const top = smooth((-Y - 2) / 6);
	const base = b.bun > 0.5 ? 0.3 + 0.6 * top : 0.25 + (b.hairBulk - 0.25) * top;
	// Hair lies thin at the hairline and builds up behind it.
	let d = base * mask * mask;
	if (b.bun > 0.5) {
		// Drawn back into a bun at the crown's back.
		const bp = Math.abs(phi) - Math.PI;
		const dist = Math.sqrt(sq(bp * 8.5) + sq(Y + 4.5));
		if (dist < 4) {
			d += 2.8 * Math.sqrt(1 - sq(dist / 4));
		}
	}
	return d;
}
