import sharp from 'sharp';
import type { Concern } from '../../lib/domain/concerns';
import { addNoise, bell, clamp01, mulberry32, skinFor } from './render-kit';
import { drawConcern, type FaceConcern } from './face-concerns';

export type DemoView = 'front' | 'left45' | 'right45' | 'left90' | 'right90';

export interface SkinPhotoOptions {
	seed: number;
	view: DemoView;
	progress: number;
	/** Fitzpatrick type 1..6; when omitted one is picked from the seed so demo patients vary. */
	skinTone?: number;
	/**
	 * What the face shows: acne scars unless told, clear skin for null. Stretch marks are drawn
	 * on an abdomen (body-image.ts), so a face asked for them gets the scars.
	 */
	concern?: Concern | null;
	width?: number;
	height?: number;
}

// Geometry is written with the nose towards image right and mirrored for the left views, so both
// sides stay consistent. x values are fractions of width. `flat` squares off the face side of the
// head, `hair` moves the hairline back as the head turns, and `scar` centres the visible cheek's
// scar cluster (the front view shows both cheeks), spread horizontally by `sx`.
const VIEWS = {
	front: { cx: 0.5, rx: 0.32, nose: 0, flat: 0.5, neck: 0.5, hair: 0, scar: 0.35, sx: 0.8 },
	'45': { cx: 0.47, rx: 0.31, nose: 0.025, flat: 0.4, neck: 0.46, hair: 0.35, scar: 0.43, sx: 1 },
	'90': { cx: 0.46, rx: 0.31, nose: 0.05, flat: 0.25, neck: 0.38, hair: 0.75, scar: 0.55, sx: 0.9 }
};
// How far a step across the face moves in each view, nearer the midline than the scar centre
// (`inner`) and further out (`outer`): a turned head crowds its far side and spreads its front.
const TURN = {
	front: { inner: 1, outer: 1 },
	'45': { inner: 2.4, outer: 1.1 },
	'90': { inner: 1.9, outer: 0.5 }
};
const FACE_CONCERNS: readonly string[] = ['fine_lines', 'wrinkles', 'pigmentation', 'texture'];
// Light direction in image space (x right, y down); z towards the camera follows from unit length.
const LIGHTS = { front: [-0.42, -0.48], '45': [-0.62, -0.42], '90': [0.55, -0.45] };

// Scar kinds index the size and depth tables; PATCH is flat post-inflammatory redness.
const [ICE_PICK, BOXCAR, ROLLING, PATCH] = [0, 1, 2, 3];
type Mark = Record<'x' | 'y' | 'r' | 'aspect' | 'angle' | 'wobble' | 'depth' | 'red', number>;

function stamp(maps: Float32Array[], w: number, h: number, kind: number, s: Mark) {
	const [hm, red, ao] = maps;
	const ext = s.r * 1.6;
	const [c, sn] = [Math.cos(s.angle), Math.sin(s.angle)];
	const x0 = Math.max(0, Math.floor(s.x - ext));
	const x1 = Math.min(w - 1, Math.ceil(s.x + ext));
	for (let y = Math.max(0, Math.floor(s.y - ext)); y <= Math.min(h - 1, s.y + ext); y++) {
		for (let x = x0; x <= x1; x++) {
			const u = ((x - s.x) * c + (y - s.y) * sn) / s.r;
			const v = ((y - s.y) * c - (x - s.x) * sn) / (s.r * s.aspect);
			let r2 = u * u + v * v;
			// A three-lobed wobble keeps pits from looking drilled.
			r2 *= 1 + (s.wobble * u * (u * u - 3 * v * v)) / (r2 * Math.sqrt(r2) + 1e-3);
			if (r2 >= 2.56) {
				continue;
			}
			const o = y * w + x;
			const bowl = r2 < 1 ? (1 - r2) * (1 - r2) : 0;
			let p = bowl;
			if (kind === BOXCAR) {
				// Flat floor, steep walls and a faint raised shoulder are what make a boxcar.
				const r = Math.sqrt(r2);
				p = r < 0.55 ? 1 : r < 1 ? 1 - ((r - 0.55) / 0.45) ** 2 : 0;
				p -= 0.12 * bell(r - 1.1, 0.15);
			}
			hm[o] -= s.depth * p;
			// Broad rolling scars are lit, not shadowed; narrow pits trap light.
			ao[o] += s.depth * p * (kind === ROLLING ? 0.1 : 1);
			red[o] += s.red * (kind === PATCH ? bowl : Math.max(0, 1 - r2 / 2.56));
		}
	}
}

export async function renderSkinPhoto(opts: SkinPhotoOptions): Promise<Buffer> {
	const w = Math.round(opts.width ?? 900);
	const h = Math.round(opts.height ?? 1200);
	if (!(w >= 16 && h >= 16)) {
		throw new RangeError('width and height must be at least 16');
	}
	const p = clamp01(opts.progress);
	const rnd = mulberry32(opts.seed);
	const k = w / 900;
	const key = opts.view === 'front' ? 'front' : opts.view.endsWith('90') ? '90' : '45';
	const spec = VIEWS[key];
	const mirror = opts.view.startsWith('left');
	const mx = (f: number) => (mirror ? 1 - f : f) * w;

	const skin = skinFor(opts.skinTone, opts.seed);
	const [baseR, baseG, baseB] = skin.base;
	const [redR, redG, redB] = skin.redness;
	// Melasma shows up more on deeper skin, which has more active melanocytes.
	const pigK = 1 + 0.6 * skin.depth;

	// Every random draw happens regardless of view and progress, so one seed always lays the skin
	// and scars out identically and before/after photos line up.
	const n = w * h;
	const [mottle, hm, red, ao, pig] = [0, 1, 2, 3, 4].map(() => new Float32Array(n));
	addNoise(mottle, w, 170 * k, 0.55, rnd);
	addNoise(mottle, w, 60 * k, 0.3, rnd);
	addNoise(mottle, w, 22 * k, 0.15, rnd);
	addNoise(hm, w, 9 * k, 0.1, rnd);
	addNoise(hm, w, 2.5 * k, 0.05, rnd);
	for (let i = Math.round(n / 22); i > 0; i--) {
		const o = Math.floor(rnd() * (w - 2)) + 1 + (Math.floor(rnd() * (h - 2)) + 1) * w;
		const d = 0.06 + 0.16 * rnd();
		hm[o] -= d;
		hm[o - 1] -= d * 0.4;
		hm[o + 1] -= d * 0.4;
		hm[o - w] -= d * 0.4;
		hm[o + w] -= d * 0.4;
		ao[o] += d;
	}
	const gauss = () => (rnd() + rnd() + rnd() - 1.5) / 0.75;
	const concern = FACE_CONCERNS.includes(opts.concern ?? '') ? (opts.concern as FaceConcern) : null;
	if (concern) {
		const turn = TURN[key];
		const faceX = (off: number, side: 0 | 1) => {
			if (key === 'front') {
				return (side === 0 ? 0.5 - off : 0.5 + off) * w;
			}
			if (side !== (mirror ? 1 : 0)) {
				return null;
			}
			return mx(spec.scar + (0.15 - off) * (off < 0.15 ? turn.inner : turn.outer));
		};
		drawConcern(concern, { hm, ao, red, pig }, { w, h, k, faceX }, opts.seed, p);
	}
	for (const side of concern || opts.concern === null ? [] : [0, 1]) {
		// Side 0 is the patient's right cheek: image left from the front, the subject of right views.
		const shown = key === 'front' || side === (mirror ? 1 : 0);
		const cheekX = key === 'front' && side === 1 ? 1 - spec.scar : spec.scar;
		const count = 36 + Math.floor(rnd() * 18);
		for (let i = 0; i < count + 9; i++) {
			const roll = rnd();
			const kind = i >= count ? PATCH : roll < 0.4 ? ICE_PICK : roll < 0.72 ? BOXCAR : ROLLING;
			const [a, b] = [gauss(), gauss()];
			const [size, aspect, angle, wob, resp] = [rnd(), rnd(), rnd(), rnd(), rnd()];
			// Scars respond unevenly to treatment: some vanish by the end, the rest keep a trace.
			const remain = Math.max(0, 1 - p * (0.5 + 0.65 * resp));
			if (!shown || remain <= 0) {
				continue;
			}
			const radius = [2 + 2 * size, 5 + 5 * size, 11 + 10 * size, 22 + 30 * size][kind];
			stamp([hm, red, ao], w, h, kind, {
				x: mx(cheekX) + a * 0.11 * w * spec.sx,
				y: 0.5 * h + b * 0.07 * h,
				r: radius * k * (0.65 + 0.35 * remain),
				aspect: 0.7 + 0.5 * aspect,
				angle: angle * Math.PI,
				wobble: kind === PATCH ? 0.3 : 0.15 * wob,
				depth: [1.5, 0.9, 2.4, 0][kind] * (0.7 + 0.3 * size) * remain,
				red: (kind === PATCH ? 0.5 : 0.3) * remain * remain
			});
		}
	}

	const [lx0, ly] = LIGHTS[key];
	const lz = Math.sqrt(1 - lx0 * lx0 - ly * ly);
	const lx = mirror ? -lx0 : lx0;
	const hl = Math.hypot(lx, ly, lz + 1);
	const [hx, hy, hz] = [lx / hl, ly / hl, (lz + 1) / hl];
	const [cx, cy, rx, ry] = [mx(spec.cx), 0.41 * h, spec.rx * w, 0.33 * h];
	const [neckX, neckW, neckTop] = [mx(spec.neck), 0.17 * w, cy + 0.45 * ry];
	const dir = mirror ? -1 : 1;
	// Centre of the head's soft cast shadow on the backdrop, pushed away from the light.
	const [sx, sy] = [cx - lx * 0.06 * w, cy - ly * 0.04 * h];
	const px = new Uint8ClampedArray(n * 3);
	for (let y = 0, o = 0; y < h; y++) {
		const v = (y - cy) / ry;
		const yy = (y / h - 0.5) * 2;
		// The jaw narrows below the cheekbones; a pure ellipse reads as an egg.
		const jaw = Math.abs(v) < 1 ? rx * (1 - 0.14 * Math.max(0, v)) : 0;
		// A profile's face side is much flatter than the back of the skull.
		const [hwBack, hwFace] = [jaw * Math.sqrt(1 - v * v), jaw * (1 - v * v) ** spec.flat];
		const bump = spec.nose * w * (bell(v - 0.08, 0.11) - 0.3 * bell(v + 0.2, 0.08));
		const [hwL, hwR] = dir > 0 ? [hwBack, hwFace] : [hwFace, hwBack];
		let l = jaw > 0 ? cx - hwL - (dir < 0 ? bump : 0) : Infinity;
		let r = jaw > 0 ? cx + hwR + (dir > 0 ? bump : 0) : -Infinity;
		if (y > neckTop) {
			// Shoulders flare out at the bottom of the frame.
			const flare = 14 * w * Math.max(0, y / h - 0.87) ** 2;
			l = Math.min(l, neckX - neckW - flare);
			r = Math.max(r, neckX + neckW + flare);
		}
		// The neck sits in the jaw's shade and brightens further down.
		const neckShade = 0.5 + 0.35 * clamp01((y - cy - ry) / (0.12 * h));
		for (let x = 0; x < w; x++, o++) {
			const xx = (x / w - 0.5) * 2;
			const vig = 1 - 0.22 * (xx * xx + yy * yy);
			const cover = clamp01(x - l + 0.5) * clamp01(r - x + 0.5);
			const sd = Math.sqrt(((x - sx) / rx) ** 2 + ((y - sy) / ry) ** 2);
			const shadow = 1 - 0.16 * clamp01((1.35 - sd) / 0.45);
			const bgk = vig * shadow * (1.04 - 0.1 * (y / h) + 0.02 * mottle[o]) * (1 - cover);
			let cr = 148 * bgk;
			let cg = 158 * bgk;
			let cb = 170 * bgk;
			if (cover > 0) {
				const u = jaw > 0 ? (x - cx) / (x < cx ? hwL : hwR) : 0;
				const onHead = jaw > 0 && (u * u < 1 || y <= neckTop);
				const nx = onHead
					? Math.max(-0.97, Math.min(0.97, u * Math.sqrt(1 - v * v)))
					: Math.max(-0.9, Math.min(0.9, (x - neckX) / neckW));
				const ny = onHead ? Math.max(-0.8, Math.min(0.8, v * 0.8)) : 0.15;
				const occl = onHead ? 1 : neckShade;
				const hairline = -0.56 + 0.35 * (u - spec.hair * dir) ** 2 + 0.06 * mottle[o];
				const hair = onHead ? clamp01((hairline - v) / 0.08) : 0;
				const bnx = nx + ((x > 0 ? hm[o - 1] : hm[o]) - (x < w - 1 ? hm[o + 1] : hm[o])) * 0.7;
				const bny = ny + ((y > 0 ? hm[o - w] : hm[o]) - (y < h - 1 ? hm[o + w] : hm[o])) * 0.7;
				const bnz = Math.sqrt(Math.max(0.02, 1 - nx * nx - ny * ny));
				const inv = 1 / Math.sqrt(bnx * bnx + bny * bny + bnz * bnz);
				const diff = Math.max(0, (bnx * lx + bny * ly + bnz * lz) * inv);
				// Squared by hand: `** 16` per pixel cost roughly 25 ms a frame.
				const sp2 = Math.max(0, (bnx * hx + bny * hy + bnz * hz) * inv) ** 2;
				const sp8 = sp2 * sp2 * sp2 * sp2;
				const cavity = 1 - Math.min(0.55, ao[o] * 0.3);
				const lit = (0.34 + 0.72 * diff) * occl * vig * cavity * cover;
				// Blotchy rather than uniform: real redness follows the skin's own mottling.
				const rd = red[o] * Math.max(0, 0.7 + 0.8 * mottle[o]) * (1 - hair);
				const mt = 1 + 0.07 * mottle[o];
				const s = (22 - 10 * hair) * sp8 * sp8 * occl * cover;
				const sk = 1 - hair;
				// Melasma absorbs blue most, so patches read brown on every skin tone.
				const pg = pig[o] * sk * pigK;
				// Shadowed skin reads warmer because of subsurface scattering.
				cr +=
					(baseR * mt * (1 + redR * rd) * (1 - 0.3 * pg) * sk + 46 * hair) *
						(1.05 - 0.05 * lit) *
						lit +
					s;
				cg += (baseG * mt * (1 + redG * rd) * (1 - 0.42 * pg) * sk + 34 * hair) * lit + s;
				cb +=
					(baseB * mt * (1 + redB * rd) * (1 - 0.55 * pg) * sk + 28 * hair) *
						(0.95 + 0.05 * lit) *
						lit +
					s;
			}
			px[o * 3] = cr;
			px[o * 3 + 1] = cg;
			px[o * 3 + 2] = cb;
		}
	}
	return sharp(px, { raw: { width: w, height: h, channels: 3 } })
		.jpeg({ quality: 85, mozjpeg: false })
		.toBuffer();
}
