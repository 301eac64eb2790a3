import type { Concern } from '../../lib/domain/concerns';
import { addNoise, clamp01, mulberry32, skinFor, smoothStairs, stairRows } from './render-kit';
import { session, type SessionMaps } from './face-scars';
import { EYE, FACE_R, PHOTO_EYE_LINE, PX_PER_CM, ZOOM, type FaceBuild } from './face-shape';
import { develop } from './camera';
import { flyaways } from './face-hair';
import { paintHead, type HeadTexture } from './face-paint';

export type DemoView = 'front' | 'left45' | 'right45' | 'left90' | 'right90';

export interface SkinPhotoOptions {
	seed: number;
	view: DemoView;
	progress: number;
	/** Fitzpatrick type 1..6; when omitted one is picked from the seed so demo patients vary. */
	skinTone?: number;
	/** Face build: a man's heavier brow and jaw, stubble and short hair; picked from the seed when omitted. */
	sex?: 'female' | 'male';
	/** a named hair colour; one drawn from the seed, suited to the skin, when omitted */
	hair?: FaceBuild['hair'];
	/**
	 * What the face shows: acne scars unless told, clear skin for null. Stretch marks are drawn
	 * on an abdomen (body-image.ts), so a face asked for them gets the scars.
	 */
	concern?: Concern | null;
	width?: number;
	height?: number;
}

// How far the head is turned, in degrees, towards showing the patient's left side. Right views
// show the patient's right cheek (image left from the front) with the nose towards image right.
const YAW: Record<DemoView, number> = {
	front: 0,
	right45: -45,
	left45: 45,
	right90: -90,
	left90: 90
};
// One studio light, fixed to the camera, up and to the left, and a weak fill from the right: a
// careful clinic keeps both where they are for every photo of a course.
const KEY = [-0.45, -0.5, 0.74];
const FILL = [0.6, -0.15, 0.78];

/** The normalised rectangle a clinic's bar covers the eyes with, in one view of the demo head. */
export function eyeBar(
	view: DemoView,
	width = 900,
	height = 1200,
	/** where the head's axis is in this photo (`viewAxis`); a typical head's when not given */
	axis = axisX(width, (YAW[view] * Math.PI) / 180)
): { x: number; y: number; w: number; h: number } {
	const k = width / 900;
	const S = PX_PER_CM * ZOOM * k;
	const yaw = (YAW[view] * Math.PI) / 180;
	// Both eyes' corners, projected; a margin of half a centimetre each way.
	const xs: number[] = [];
	for (const X of [-EYE.x - EYE.half, -EYE.x + EYE.half, EYE.x - EYE.half, EYE.x + EYE.half]) {
		const phi = X / FACE_R;
		if (Math.cos(phi - yaw) > 0.05) {
			xs.push(axis + 9 * S * Math.sin(phi - yaw));
		}
	}
	const m = 0.45 * S;
	const x0 = Math.max(0, Math.min(...xs) - m);
	const x1 = Math.min(width, Math.max(...xs) + m);
	const eyeY = PHOTO_EYE_LINE * height + EYE.y * S;
	const top = eyeY - EYE.up * S - 0.45 * S;
	const bot = eyeY + EYE.down * S + 0.4 * S;
	return { x: x0 / width, y: top / height, w: (x1 - x0) / width, h: (bot - top) / height };
}

const backdrops = new Map<string, { k: Float32Array; vig: Float32Array }>();

/**
 * The grey-blue backdrop's brightness (vignette, fall-off down the frame and the head's soft
 * shadow, pushed away from the light) and the lens's vignette, the same for every photo of a
 * view: worked out once.
 */
function backdropFor(w: number, h: number, axisAt: number) {
	// The shadow sits in one of a few places, so the cache stays small as heads are centred.
	const step = w / 40;
	const axis = Math.round(axisAt / step) * step;
	const key = `${w}x${h}@${axis}`;
	let b = backdrops.get(key);
	if (!b) {
		if (backdrops.size > 12) {
			backdrops.clear();
		}
		b = { k: new Float32Array(w * h), vig: new Float32Array(w * h) };
		const [shx, shy] = [axis + 0.08 * w, 0.45 * h];
		// A painted studio backdrop, far behind the focus: its brush marks are soft blotches.
		const cloth = new Float32Array(w * h);
		const rnd = mulberry32(w * 7 + h);
		addNoise(cloth, w, w / 3, 0.05, rnd);
		addNoise(cloth, w, w / 9, 0.025, rnd);
		for (let y = 0, o = 0; y < h; y++) {
			const yy = (y / h - 0.5) * 2;
			for (let x = 0; x < w; x++, o++) {
				const xx = (x / w - 0.5) * 2;
				const vig = 1 - 0.22 * (xx * xx + yy * yy);
				const sd = Math.hypot((x - shx) / (0.45 * w), (y - shy) / (0.5 * h));
				const shadow = 1 - 0.2 * clamp01((1.3 - sd) / 0.5);
				b.vig[o] = vig;
				// Lit from the upper left: brighter there, falling off down and to the right.
				const fall = 1.1 - 0.12 * (y / h) - 0.1 * (x / w);
				b.k[o] = vig * shadow * fall * (1 + cloth[o]);
			}
		}
		backdrops.set(key, b);
	}
	return b;
}

/**
 * Where a typical head's axis sits as it turns: a little towards the nose, since the back of the
 * head (and a bun) reaches further from the axis than the nose does. `viewAxis` measures it.
 */
function axisX(w: number, yaw: number) {
	return w * (0.5 - 0.02 * ZOOM * Math.sin(yaw));
}

const axes = new WeakMap<HeadTexture, Map<DemoView, number>>();

/**
 * Where this head's axis sits in a view so the head is centred in the frame, as a clinic frames
 * a profile: the nose and the back of the head (or the bun) equally far from the frame's sides,
 * the ear near the middle. Measured on the head above the chin, so the shoulders do not count.
 * The front view stays exactly central: the face is symmetric and the gallery's eye bar assumes it.
 */
export function viewAxis(head: HeadTexture, w: number, view: DemoView): number {
	let perHead = axes.get(head);
	if (!perHead) {
		perHead = new Map();
		axes.set(head, perHead);
	}
	let axis = perHead.get(view);
	if (axis === undefined) {
		axis = w / 2;
		if (view !== 'front') {
			const yaw = (YAW[view] * Math.PI) / 180;
			const { tw, R } = head;
			const angle = (c: number) => ((c - tw / 2) * 2 * Math.PI) / tw - yaw;
			// The far side is never drawn (see shoot), so it does not count here either.
			const sin = Float32Array.from({ length: tw }, (_, c) =>
				Math.cos(angle(c)) < -0.45 ? 0 : Math.sin(angle(c))
			);
			let [lo, hi] = [Infinity, -Infinity];
			const chin = Math.min(head.h, Math.round(head.eyeY + 9 * head.S));
			for (let y = 0; y < chin; y++) {
				for (let c = 0, o = y * tw; c < tw; c++, o++) {
					const r = R[o];
					if (r > 0) {
						const x = r * sin[c];
						lo = x < lo ? x : lo;
						hi = x > hi ? x : hi;
					}
				}
			}
			if (hi > lo) {
				axis = w / 2 - (lo + hi) / 2;
				// A head deeper than the frame is wide (a bun, in profile) loses the back of the
				// head, never the face: the nose keeps a margin on its side.
				const margin = 0.07 * w;
				if (yaw > 0 && axis + lo < margin) {
					axis = margin - lo;
				} else if (yaw < 0 && axis + hi > w - margin) {
					axis = w - margin - hi;
				}
			}
		}
		perHead.set(view, axis);
	}
	return axis;
}

/** The demo head's build, from the seed and, when known, the patient's sex. */
export function faceBuild(
	seed: number,
	sex?: 'female' | 'male',
	hair?: FaceBuild['hair']
): FaceBuild {
	const rnd = mulberry32(seed * 31 + 17);
	const male = sex ? (sex === 'male' ? 1 : 0) : rnd() < 0.5 ? 1 : 0;
	return {
		male,
		bun: male ? 0 : 1,
		hairBulk: male ? 0.6 + 0.6 * rnd() : 0.9,
		jaw: rnd() * 2 - 1,
		nose: rnd() * 2 - 1,
		lips: rnd() * 2 - 1,
		hair
	};
}

export function renderSkinPhoto(opts: SkinPhotoOptions): Promise<Buffer> {
	return faceCourse(opts)(opts.progress)(opts.view);
}

/**
 * One patient's face photos: `course(progress)(view)`. The head is laid out once per course,
 * its scars and concerns once per session, and each view only turns it.
 */
export function faceCourse(
	opts: Omit<SkinPhotoOptions, 'view' | 'progress'>
): (progress: number) => (view: DemoView) => Promise<Buffer> {
	const w = Math.round(opts.width ?? 900);
	const h = Math.round(opts.height ?? 1200);
	if (!(w >= 16 && h >= 16)) {
		throw new RangeError('width and height must be at least 16');
	}
	const skin = skinFor(opts.skinTone, opts.seed);
	const head = paintHead(w, h, opts.seed, skin, faceBuild(opts.seed, opts.sex, opts.hair));
	return (progress) => {
		const maps = session(head, opts, clamp01(progress));
		return (view) => shoot(head, maps, skin, w, h, view, opts.seed);
	};
}

/** Where each pixel of a view lands on the head: a texture column, or none, and how much. */
interface Raster {
	/** texture column (fractional) the pixel shows, -1 for the backdrop */
	u: Float32Array;
	/** how much of the pixel the head covers, 0..1 */
	cover: Float32Array;
	solid: Uint8Array;
	/** the rows `smoothStairs` works on, found once */
	stairs: number[];
	axis: number;
	/** each texture column's angle from the camera, turned by the view (`turnTables`) */
	sinC: Float32Array;
	cosC: Float32Array;
	/** the last session lit in this view, and the texels that session marked */
	last?: { px: Float32Array; dirty: Uint8Array };
}

/** Sine and cosine of each texture column's angle from the camera once the head is turned. */
function turnTables(tw: number, view: DemoView) {
	const yaw = (YAW[view] * Math.PI) / 180;
	const dphi = (2 * Math.PI) / tw;
	const sinC = new Float32Array(tw + 1);
	const cosC = new Float32Array(tw + 1);
	for (let c = 0; c <= tw; c++) {
		const a = (c - tw / 2) * dphi - yaw;
		sinC[c] = Math.sin(a);
		cosC[c] = Math.cos(a);
	}
	return { sinC, cosC };
}

const rasters = new WeakMap<HeadTexture, Map<string, Raster>>();

/**
 * Projects the head into one view: for each pixel, the texture column it shows. The same for
 * every session of a course, so it is worked out once per head and view.
 */
function rasterize(head: HeadTexture, w: number, h: number, view: DemoView): Raster {
	let perHead = rasters.get(head);
	if (!perHead) {
		perHead = new Map();
		rasters.set(head, perHead);
	}
	const key = `${view}:${w}x${h}`;
	const cached = perHead.get(key);
	if (cached) {
		return cached;
	}
	const { tw, top, R } = head;
	const axis = viewAxis(head, w, view);
	const { sinC, cosC } = turnTables(tw, view);
	const zb = new Float32Array(w);
	const uu = new Float32Array(w);
	const cov = new Float32Array(w);
	const U = new Float32Array(w * h);
	const C = new Float32Array(w * h);
	const solid = new Uint8Array(w * h);
	for (let y = 0; y < h; y++) {
		zb.fill(-Infinity);
		cov.fill(0);
		// The photo's row y is the layout's row top + y (face-shape.ts `frame`).
		const row = (y + top) * tw;
		let prevX = 0;
		let prevZ = 0;
		let prevOk = false;
		for (let c = 0; c <= tw; c++) {
			const cc = c === tw ? 0 : c;
			// The far side of the head can never show: nothing on it reaches round the front.
			if (cosC[c] < -0.45) {
				prevOk = false;
				continue;
			}
			const r = R[row + cc];
			const ok = r > 0;
			const x1 = axis + r * sinC[c];
			const z1 = r * cosC[c];
			if (ok && prevOk && x1 > prevX && (z1 > -0.2 * r || prevZ > -0.2 * r)) {
				const x0 = prevX;
				const span = x1 - x0;
				const i0 = Math.floor(x0);
				const i1 = Math.floor(x1);
				if (i0 >= 0 && i0 < w) {
					cov[i0] += Math.min(x1, i0 + 1) - x0;
					if (zb[i0] === -Infinity) {
						zb[i0] = prevZ - 1e6;
						uu[i0] = c - 1;
					}
				}
				if (i1 > i0 && i1 >= 0 && i1 < w) {
					cov[i1] += x1 - i1;
				}
				for (let i = Math.max(0, i0 + 1); i < Math.min(w, i1); i++) {
					cov[i] += 1;
				}
				const a = Math.max(0, Math.ceil(x0 - 0.5));
				const b = Math.min(w - 1, Math.floor(x1 - 0.5));
				for (let i = a; i <= b; i++) {
					const t = (i + 0.5 - x0) / span;
					const z = prevZ + (z1 - prevZ) * t;
					if (z > zb[i]) {
						zb[i] = z;
						uu[i] = c - 1 + t;
					}
				}
			}
			prevX = x1;
			prevZ = z1;
			prevOk = ok;
		}
		for (let x = 0, o = y * w; x < w; x++, o++) {
			const cover = zb[x] === -Infinity ? 0 : Math.min(1, cov[x]);
			solid[o] = cover > 0.5 ? 1 : 0;
			C[o] = cover;
			let u = uu[x];
			if (u < 0) {
				u += tw;
			}
			U[o] = cover > 0 ? u : -1;
		}
	}
	const raster = { u: U, cover: C, solid, stairs: stairRows(solid, w, h), axis, sinC, cosC };
	perHead.set(key, raster);
	return raster;
}

export function shoot(
	head: HeadTexture,
	maps: SessionMaps,
	skin: ReturnType<typeof skinFor>,
	w: number,
	h: number,
	view: DemoView,
	seed = 0
): Promise<Buffer> {
	const raster = rasterize(head, w, h, view);
	// The first session is lit whole; each later one re-lights only the pixels showing skin that
	// it or the last one marked (`dirty`). Everywhere else both show the head's own skin, so this
	// is the same arithmetic on the same numbers: the same bytes in whatever order sessions come.
	const lit = raster.last
		? light(head, maps, skin, w, h, view, raster, raster.last.px, [raster.last.dirty, maps.dirty])
		: light(head, maps, skin, w, h, view, raster);
	raster.last = { px: lit, dirty: maps.dirty };
	const px = lit.slice();
	smoothStairs(px, raster.solid, w, h, raster.stairs);
	// Flyaway hairs over the backdrop, from the crown down to the temples, lit as the hair is.
	const { S, eyeY, top, hairRgb } = head;
	const strand = hairRgb.map((c) => c * 0.9) as [number, number, number];
	const crown = Math.max(0, Math.round(eyeY - top - 13 * S));
	const temples = Math.round(eyeY - top - (head.bun ? 1 : 3) * S);
	flyaways(
		px,
		raster.solid,
		w,
		h,
		[crown, temples],
		strand,
		S / 42,
		mulberry32(seed * 13 + 5),
		head.bun ? 70 : 25
	);
	const views = Object.keys(YAW).indexOf(view);
	return develop(px, w, h, seed * 8 + views);
}

/**
 * The light reaching the camera, RGB floats (255 = white): the backdrop, and the head's skin,
 * hair and eyes under the key light, the fill and the room. Given a `base` (another session in
 * this view) and two sessions' `dirty` texels, only pixels showing a dirty texel are lit anew.
 */
function light(
	head: HeadTexture,
	maps: Pick<SessionMaps, 'hm' | 'red' | 'ao' | 'pig'>,
	skin: ReturnType<typeof skinFor>,
	w: number,
	h: number,
	view: DemoView,
	raster: Raster,
	base?: Float32Array,
	dirty?: [Uint8Array, Uint8Array]
): Float32Array {
	const { tw, top, nx: NX, ny: NY, nz: NZ, cr: CR, cg: CG, cb: CB, gloss, aoGeo, mottle } = head;
	const bare = head.skin;
	const { hm, red, ao, pig } = maps;
	const [redR, redG, redB] = skin.redness;
	// Melasma shows up more on deeper skin, which has more active melanocytes.
	const pigK = 1 + 0.6 * skin.depth;
	const yaw = (YAW[view] * Math.PI) / 180;
	const { sinC, cosC } = raster;
	const [lx, ly, lz] = KEY;
	const hl = Math.hypot(lx, ly, lz + 1);
	const [hx, hy, hz] = [lx / hl, ly / hl, (lz + 1) / hl];
	const [fx, fy, fz] = FILL;
	const [cy, sy] = [Math.cos(yaw), Math.sin(yaw)];
	// The last session's light is updated in place: it is not needed again.
	const px = base ?? new Float32Array(w * h * 3);
	const { u: U, cover: C } = raster;
	// The head's soft shadow on the backdrop, pushed away from the light.
	const backdrop = backdropFor(w, h, raster.axis);
	for (let y = 0; y < h; y++) {
		const ty = y + top;
		const row = ty * tw;
		const up = Math.max(0, ty - 1) * tw;
		const dn = Math.min(head.h - 1, ty + 1) * tw;
		for (let x = 0, o = y * w; x < w; x++, o++) {
			const cover = C[o];
			if (base) {
				const t = row + Math.floor(U[o]);
				if (cover <= 0 || !dirty || !(dirty[0][t] || dirty[1][t])) {
					continue;
				}
			}
			const vig = backdrop.vig[o];
			const bgk = backdrop.k[o] * (1 - cover);
			let r = 148 * bgk;
			let g = 158 * bgk;
			let b = 170 * bgk;
			if (cover > 0) {
				const u = U[o];
				let i = Math.floor(u);
				const f = u - i;
				const gf = 1 - f;
				if (i >= tw - 1) {
					i = tw - 2;
				}
				const t0 = row + i;
				const t1 = t0 + 1;
				const nhx = NX[t0] * gf + NX[t1] * f;
				const ny0 = NY[t0] * gf + NY[t1] * f;
				const nhz = NZ[t0] * gf + NZ[t1] * f;
				// Into the camera's frame.
				const nx = nhx * cy - nhz * sy;
				const nz = nhx * sy + nhz * cy;
				// Skin relief: pores, scars and lines tilt the normal along and across the head.
				const gu = ((i > 0 ? hm[t0 - 1] : hm[t0]) - hm[t1 + 1 < row + tw ? t1 + 1 : t1]) * 0.35;
				const gv = (hm[up + i] - hm[dn + i]) * 0.7;
				let bnx = nx + gu * cosC[i];
				let bny = ny0 + gv;
				let bnz = nz - gu * sinC[i];
				const inv = 1 / Math.sqrt(bnx * bnx + bny * bny + bnz * bnz);
				bnx *= inv;
				bny *= inv;
				bnz *= inv;
				// Relief turned away from the light darkens fully; turned towards it, it brightens
				// only a little. Pits and walls of scars show as shadow on the side away from the
				// light and a faint highlight opposite, never a bright rim all round.
				const ndl0 = nx * lx + ny0 * ly + nz * lz;
				const ndlB = bnx * lx + bny * ly + bnz * lz;
				const ndl = ndlB > ndl0 ? ndl0 + 0.4 * (ndlB - ndl0) : ndlB;
				// Light bleeds through skin: red wraps further round the terminator than blue.
				const dR = ndl > -0.3 ? (ndl + 0.3) * 0.769 : 0;
				const dG = ndl > -0.18 ? (ndl + 0.18) * 0.847 : 0;
				const dB = ndl > -0.12 ? (ndl + 0.12) * 0.893 : 0;
				const fill = Math.max(0, bnx * fx + bny * fy + bnz * fz) * 0.25;
				// Smooth maps are read at the nearer texel; colour and normals are interpolated.
				const tn = f < 0.5 ? t0 : t1;
				const occ = (1 - 0.4 * aoGeo[tn]) * (1 - Math.min(0.6, ao[tn] * 0.3));
				// Sky from above, and light bounced off the chest into the underside of the jaw.
				const amb = 0.2 * (0.6 + 0.4 * Math.max(0, -bny * 0.5 + 0.5)) + 0.1 * Math.max(0, bny);
				const gl = gloss[tn];
				const sp = Math.max(0, bnx * hx + bny * hy + bnz * hz);
				const sp2 = sp * sp;
				const sp4 = sp2 * sp2;
				const sp16 = sp4 * sp4 * sp4 * sp4;
				// Steep relief (a scar's walls) scatters the sheen instead of mirroring it.
				const steep = 1 / (1 + 60 * (gu * gu + gv * gv));
				let spec = (gl < 0.9 ? 38 * gl * gl * sp16 * sp4 : 700 * sp16 * sp16 * sp16 * sp16) * occ;
				// A sheen band on hair as well as the skin's own highlight.
				spec += 8 * gl * sp4 * sp2 * occ;
				// Skin's own broad sheen, strongest on the oily T-zone, which photographs always show.
				spec += 22 * gl * gl * sp4 * sp4 * occ;
				spec *= steep;
				const mo = mottle[tn];
				const rd = Math.max(0, red[tn]) * Math.max(0, 0.7 + 0.8 * mo);
				// Melasma absorbs blue most, so patches read brown on every skin tone.
				const pg = pig[tn] * pigK;
				const cr = (CR[t0] * gf + CR[t1] * f) * (1 + redR * rd) * (1 - 0.3 * pg);
				const cg = (CG[t0] * gf + CG[t1] * f) * (1 + redG * rd) * (1 - 0.42 * pg);
				const cb = (CB[t0] * gf + CB[t1] * f) * (1 + redB * rd) * (1 - 0.55 * pg);
				const k0 = occ * vig * cover;
				// Light that travelled under the skin comes out redder: skin's shadows and the
				// terminator go warm, not grey.
				const warm = bare[tn] * (1 - clamp01(dG * 1.4));
				r += cr * (0.78 * dR + fill + amb) * k0 * (1 + 0.1 * warm) + spec * cover;
				g += cg * (0.78 * dG + fill + amb) * k0 * (1 - 0.04 * warm) + spec * cover;
				b += cb * (0.78 * dB + fill + amb) * k0 * (1 - 0.14 * warm) + spec * cover;
			}
			px[o * 3] = r;
			px[o * 3 + 1] = g;
			px[o * 3 + 2] = b;
		}
	}
	return px;
}
