import sharp from 'sharp';
import { addNoise, bell, clamp01, mulberry32, skinFor } from './render-kit';
import type { DemoView, SkinPhotoOptions } from './skin-image';

// How far the patient turns from the camera, in degrees; positive turns the belly towards image
// right and shows their right flank. The lateral views stop short of 90 because a true profile
// hides the whole front of the abdomen behind its own curve.
const TURN = { front: 0, right45: 45, left45: -45, right90: 80, left90: -80 };
const LIGHT = [-0.42, -0.48];

// The torso is an elliptic cylinder whose half-width and half-depth (fractions of the photo's
// width) change down the frame: lower ribs at the top, the waist, then the hips and the lower
// belly, which is what a profile view shows.
const smooth = (t: number) => (t <= 0 ? 0 : t >= 1 ? 1 : t * t * (3 - 2 * t));
const halfWidth = (t: number) =>
	t < 0.33 ? 0.255 + 0.04 * ((0.33 - t) / 0.33) ** 2 : 0.255 + 0.095 * smooth((t - 0.33) / 0.55);
const halfDepth = (t: number) => 0.6 * halfWidth(t) + 0.02 * bell(t - 0.62, 0.2);
// How far the section's centre sits forward of the spine's line: the lower belly comes forward
// and the small of the back curves in, which is what a profile shows.
const belly = (t: number) => 0.045 * bell(t - 0.62, 0.22) - 0.01;

interface Stria {
	x: number;
	y: number;
	dx: number;
	dy: number;
	len: number;
	width: number;
	bend: number;
	phase: number;
	depth: number;
	red: number;
	pale: number;
}

// One stretch mark in the skin's own coordinates: a long, slightly bowed, tapering band with a
// depressed floor crossed by fine wrinkles, a reddish halo while it is young and a pale centre.
function stamp(maps: Float32Array[], tw: number, k: number, s: Stria) {
	const [hm, red, pale, ao] = maps;
	const th = hm.length / tw;
	const ext = s.len / 2 + s.width * 2 + Math.abs(s.bend) * s.len;
	const [x0, x1] = [Math.max(1, Math.floor(s.x - ext)), Math.min(tw - 2, Math.ceil(s.x + ext))];
	const [y0, y1] = [Math.max(1, Math.floor(s.y - ext)), Math.min(th - 2, Math.ceil(s.y + ext))];
	for (let y = y0; y <= y1; y++) {
		for (let x = x0; x <= x1; x++) {
			const [du, dv] = [x - s.x, y - s.y];
			const along = du * s.dx + dv * s.dy;
			const sl = along / (s.len / 2);
			if (sl <= -1 || sl >= 1) {
				continue;
			}
			const across = dv * s.dx - du * s.dy - s.bend * sl * sl * s.len * 0.5;
			const hw =
				(s.width / 2) *
				(0.3 + 0.7 * Math.sqrt(1 - sl * sl)) *
				(1 + 0.25 * Math.sin((along * 0.09) / k + s.phase));
			const q2 = (across / hw) ** 2;
			if (q2 >= 2.56) {
				continue;
			}
			const o = y * tw + x;
			const core = q2 < 1 ? (1 - q2) * (1 - q2) : 0;
			hm[o] -= s.depth * core * (1 - 0.15 * Math.sin((along * 0.8) / k + s.phase));
			ao[o] += s.depth * core * 0.35;
			red[o] += s.red * (1 - q2 / 2.56);
			pale[o] += s.pale * core;
		}
	}
}

/** The skin of the whole torso, laid out from the seed alone so every view and session agrees. */
function skinTexture(tw: number, h: number, k: number, seed: number, progress: number) {
	const rnd = mulberry32(seed);
	const n = tw * h;
	const [mottle, hm, red, pale, ao] = [0, 1, 2, 3, 4].map(() => new Float32Array(n));
	addNoise(mottle, tw, 170 * k, 0.55, rnd);
	addNoise(mottle, tw, 60 * k, 0.3, rnd);
	addNoise(mottle, tw, 22 * k, 0.15, rnd);
	addNoise(hm, tw, 12 * k, 0.08, rnd);
	addNoise(hm, tw, 3 * k, 0.04, rnd);
	const front = tw / 2;
	const perRad = tw / (2 * Math.PI);
	const navelY = 0.455 * h;
	// The navel, and the faint groove of the midline above it.
	for (let y = Math.floor(navelY - 0.3 * h); y < navelY + 20 * k; y++) {
		for (let x = Math.floor(front - 40 * k); x < front + 40 * k; x++) {
			const [u, v] = [(x - front) / (8 * k), (y - navelY) / (13 * k)];
			const r2 = u * u + v * v;
			const o = y * tw + x;
			if (y < navelY) {
				hm[o] -= 0.25 * bell(x - front, 14 * k) * smooth((y - navelY + 0.3 * h) / (0.1 * h));
			}
			if (r2 < 1) {
				hm[o] -= 3 * (1 - r2) ** 1.5;
				ao[o] += (v < 0 ? 3 : 1.5) * (1 - r2);
			}
			// the hood of skin over the navel's upper rim
			hm[o] += 0.5 * bell(u, 1.3) * bell(v + 1.1, 0.45);
		}
	}
	// Striae come in groups of near-parallel lines that slope down towards the pubis, steeply
	// beside the midline and flatter out on the flanks. Every draw is made whatever the progress.
	for (const side of [-1, 1]) {
		const groups = 5 + Math.floor(rnd() * 3);
		for (let g = 0; g < groups; g++) {
			const off = 0.2 + 1.3 * rnd();
			const gy = h * (off < 0.55 ? 0.56 + 0.2 * rnd() : 0.4 + 0.36 * rnd());
			const slope = 1.05 - 0.6 * (off / 1.5) + 0.2 * (rnd() - 0.5);
			const lines = 3 + Math.floor(rnd() * 6);
			for (let i = 0; i < lines; i++) {
				const [spread, shift, len, wid, bend, tilt, phase, resp, age] = Array.from(
					{ length: 9 },
					rnd
				);
				const a = slope + 0.12 * (tilt - 0.5);
				const [dx, dy] = [-side * Math.cos(a), Math.sin(a)];
				const across = (i - lines / 2) * (13 + 14 * spread) * k;
				// Some marks fade almost away, the rest keep a thin pale line.
				const remain = Math.max(0, 1 - progress * (0.55 + 0.4 * resp));
				const young = 0.5 + 0.5 * age;
				stamp([hm, red, pale, ao], tw, k, {
					x: front + side * off * perRad - dy * across + dx * (shift - 0.5) * 40 * k,
					y: gy + dx * across + dy * (shift - 0.5) * 40 * k,
					dx,
					dy,
					len: (70 + 150 * len) * k * (0.8 + 0.2 * remain),
					width: (5 + 8 * wid) * k * (0.45 + 0.55 * remain),
					bend: 0.12 * (bend - 0.5),
					phase: phase * 6.28,
					depth: 0.45 * remain,
					red: 0.55 * young * remain * remain,
					pale: (0.3 + 0.4 * (1 - young)) * (0.35 + 0.65 * remain)
				});
			}
		}
	}
	return { mottle, hm, red, pale, ao };
}

/** A front-lit photo of a patient's abdomen, with stretch marks that fade as `progress` grows. */
export function renderAbdomenPhoto(opts: SkinPhotoOptions): Promise<Buffer> {
	return abdomenSession(opts)(opts.view);
}

/**
 * The views of one session's abdomen photos. The skin is laid out once for them all: that is
 * the slow half of a photo, and the views differ only in how the torso is turned.
 */
export function abdomenSession(
	opts: Omit<SkinPhotoOptions, 'view'>
): (view: DemoView) => Promise<Buffer> {
	const w = Math.round(opts.width ?? 900);
	const h = Math.round(opts.height ?? 1200);
	if (!(w >= 16 && h >= 16)) {
		throw new RangeError('width and height must be at least 16');
	}
	const k = w / 900;
	const { base, depth: pih } = skinFor(opts.skinTone, opts.seed);
	// Young striae (rubrae) are pink to violet; old ones (albae) lighter than the skin around them.
	const rub = [0.02 - 0.35 * pih, -0.26 - 0.15 * pih, -0.1 - 0.15 * pih];
	const paleRgb = [238, 214, 205].map((c, i) => base[i] * 0.55 + c * 0.45);
	// One texel per pixel across the front of the belly: the texture wraps the whole torso.
	const perRad = Math.round(0.3 * w);
	const tw = Math.round(2 * Math.PI * perRad);
	const tex = skinTexture(tw, h, k, opts.seed, clamp01(opts.progress));
	const { mottle, hm, red, pale, ao } = tex;
	const [lx, ly] = LIGHT;
	const lz = Math.sqrt(1 - lx * lx - ly * ly);
	const hl = Math.hypot(lx, ly, lz + 1);
	const [hx, hy, hz] = [lx / hl, ly / hl, (lz + 1) / hl];
	const cx = 0.5 * w;

	return (view) => {
		const theta = (TURN[view] * Math.PI) / 180;
		const [cosT, sinT] = [Math.cos(theta), Math.sin(theta)];
		const px = new Uint8ClampedArray(w * h * 3);
		for (let y = 0, o = 0; y < h; y++) {
			const t = y / h;
			const [a, b, zc] = [halfWidth(t) * w, halfDepth(t) * w, belly(t) * w];
			// slopes of the outline down the frame, in pixels per pixel
			const [da, db, dz] = [halfWidth(t + 1 / h), halfDepth(t + 1 / h), belly(t + 1 / h)].map(
				(v, j) => v * w - [a, b, zc][j]
			);
			// X = R cos(phi - delta) is where the surface point at angle phi lands in the photo.
			const R = Math.hypot(a * cosT, b * sinT);
			const delta = Math.atan2(b * sinT, a * cosT);
			const mid = cx + zc * sinT;
			const row = y * tw;
			const [up, down] = [Math.max(0, y - 1) * tw, Math.min(h - 1, y + 1) * tw];
			const yy = (t - 0.5) * 2;
			for (let x = 0; x < w; x++, o++) {
				const X = x + 0.5 - mid;
				const xx = (x / w - 0.5) * 2;
				const vig = 1 - 0.22 * (xx * xx + yy * yy);
				const cover = clamp01(R - Math.abs(X) + 0.5);
				// the torso's soft shadow on the backdrop falls away from the light
				const shadow = 1 - 0.16 * clamp01((1.3 - Math.abs(X - 0.05 * w) / R) / 0.4);
				const bgk = vig * shadow * (1.04 - 0.1 * t + 0.02 * mottle[row + x]) * (1 - cover);
				let cr = 148 * bgk;
				let cg = 158 * bgk;
				let cb = 170 * bgk;
				if (cover > 0) {
					const phi = delta + Math.acos(X >= R ? 1 : X <= -R ? -1 : X / R);
					const cp = Math.cos(phi);
					const sp = Math.sin(phi);
					// The texture wraps at the back of the torso, which no view shows.
					const uf = Math.min(tw - 3, Math.max(2, (phi + Math.PI / 2) * perRad));
					const i = Math.floor(uf);
					const f = uf - i;
					const g = 1 - f;
					const c0 = row + i;
					// Outward normal of the cylinder, tilted by how its outline changes down the frame.
					let nx = b * cp;
					const ny = -(da * b * cp * cp + a * (db * sp + dz) * sp);
					let nz = a * sp;
					[nx, nz] = [nx * cosT + nz * sinT, -nx * sinT + nz * cosT];
					// the direction in which phi grows, for the bumps of the skin texture
					let tx = -a * sp * cosT + b * cp * sinT;
					let tz = a * sp * sinT + b * cp * cosT;
					const tl = 1 / Math.sqrt(tx * tx + tz * tz);
					tx *= tl;
					tz *= tl;
					const nl = 1 / Math.sqrt(nx * nx + ny * ny + nz * nz);
					const band = h * (0.795 + 0.035 * (sp > 0 ? sp * sp : 0));
					const fabric = clamp01((y - band) / 1.5);
					const elastic = y < band + 0.035 * h ? fabric : 0;
					const skinOnly = 1 - fabric;
					// A crease in the skin just above the waistband, and a step up onto it.
					const e = y - band + 2 * k;
					const crease = e * e < 400 * k * k ? 0.5 * (bell(e + 1, 5 * k) - bell(e - 1, 5 * k)) : 0;
					const gu = (hm[c0 + 2] - hm[c0 - 1]) * 0.45 * skinOnly;
					const gv =
						((hm[down + i] * g + hm[down + i + 1] * f - hm[up + i] * g - hm[up + i + 1] * f) * 0.7 -
							crease) *
							skinOnly -
						0.4 * elastic;
					let bnx = nx * nl - gu * tx;
					let bny = ny * nl - gv;
					let bnz = nz * nl - gu * tz;
					const bl = 1 / Math.sqrt(bnx * bnx + bny * bny + bnz * bnz);
					bnx *= bl;
					bny *= bl;
					bnz *= bl;
					const diff = Math.max(0, bnx * lx + bny * ly + bnz * lz);
					const sp2 = Math.max(0, bnx * hx + bny * hy + bnz * hz) ** 2;
					const sp8 = sp2 * sp2 * sp2 * sp2;
					const cavity = 1 - Math.min(0.55, (ao[c0] * g + ao[c0 + 1] * f) * 0.3);
					const lit = (0.34 + 0.72 * diff) * vig * cavity * cover;
					const mo = mottle[c0] * g + mottle[c0 + 1] * f;
					const mt = 1 + 0.07 * mo;
					const rd = Math.max(0, red[c0] * g + red[c0 + 1] * f) * Math.max(0, 0.7 + 0.8 * mo);
					const pl = Math.min(0.8, Math.max(0, pale[c0] * g + pale[c0 + 1] * f)) * skinOnly;
					const s = 12 * ((1 + 2 * pl) * skinOnly + 0.2 * fabric) * sp8 * sp8 * cover;
					// Charcoal cotton, its elastic band ribbed across.
					const weave = (1 + 0.06 * mo + 0.08 * elastic * Math.sin((uf * 0.9) / k)) * fabric;
					const r0 = base[0] * mt * (1 + rub[0] * rd);
					const g0 = base[1] * mt * (1 + rub[1] * rd);
					const b0 = base[2] * mt * (1 + rub[2] * rd);
					const sr = (r0 + (paleRgb[0] - r0) * pl) * skinOnly + 58 * weave;
					const sg = (g0 + (paleRgb[1] - g0) * pl) * skinOnly + 60 * weave;
					const sb = (b0 + (paleRgb[2] - b0) * pl) * skinOnly + 67 * weave;
					// Shadowed skin reads warmer because of subsurface scattering.
					cr += sr * (1.05 - 0.05 * lit) * lit + s;
					cg += sg * lit + s;
					cb += sb * (0.95 + 0.05 * lit) * lit + s;
				}
				px[o * 3] = cr;
				px[o * 3 + 1] = cg;
				px[o * 3 + 2] = cb;
			}
		}
		return sharp(px, { raw: { width: w, height: h, channels: 3 } })
			.jpeg({ quality: 85, mozjpeg: false })
			.toBuffer();
	};
}
