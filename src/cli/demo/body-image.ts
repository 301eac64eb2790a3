import sharp from 'sharp';
import { bell, clamp01, skinFor, smooth } from './render-kit';
import { skinAt, skinLayout } from './body-skin';
import type { DemoView, ShotOptions } from './shot';

// How far the patient turns from the camera, in degrees; positive turns the belly towards image
// right and shows their right flank. The lateral views stop short of 90 because a true profile
// hides the whole front of the abdomen behind its own curve.
const TURN = { front: 0, right45: 45, left45: -45, right90: 80, left90: -80 };
const LIGHT = [-0.42, -0.48];

// The torso is an elliptic cylinder whose half-width and half-depth (fractions of the photo's
// width) change down the frame: lower ribs at the top, the waist, then the hips and the lower
// belly, which is what a profile view shows.
const halfWidth = (t: number) =>
	t < 0.33 ? 0.255 + 0.04 * ((0.33 - t) / 0.33) ** 2 : 0.255 + 0.095 * smooth((t - 0.33) / 0.55);
const halfDepth = (t: number) => 0.6 * halfWidth(t) + 0.02 * bell(t - 0.62, 0.2);
// How far the section's centre sits forward of the spine's line: the lower belly comes forward
// and the small of the back curves in, which is what a profile shows.
const belly = (t: number) => 0.045 * bell(t - 0.62, 0.22) - 0.01;

/** A front-lit photo of a patient's abdomen, with stretch marks that fade as `progress` grows. */
export function renderAbdomenPhoto(opts: ShotOptions): Promise<Buffer> {
	return abdomenCourse(opts)(opts.progress)(opts.view);
}

/**
 * One patient's abdomen photos: `course(progress)(view)`. Laying the skin out is the slow half
 * of a photo, so it is done once for the course and once per session, not once per photo; the
 * views differ only in how the torso is turned.
 */
export function abdomenCourse(
	opts: Omit<ShotOptions, 'view' | 'progress'>
): (progress: number) => (view: DemoView) => Promise<Buffer> {
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
	const layout = skinLayout(tw, h, k, opts.seed);
	const [lx, ly] = LIGHT;
	const lz = Math.sqrt(1 - lx * lx - ly * ly);
	const hl = Math.hypot(lx, ly, lz + 1);
	const [hx, hy, hz] = [lx / hl, ly / hl, (lz + 1) / hl];
	const cx = 0.5 * w;

	return (progress) => {
		const { mottle, hm, red, pale, ao } = skinAt(layout, tw, k, clamp01(progress));
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
						const crease =
							e * e < 400 * k * k ? 0.5 * (bell(e + 1, 5 * k) - bell(e - 1, 5 * k)) : 0;
						const gu = (hm[c0 + 2] - hm[c0 - 1]) * 0.45 * skinOnly;
						const gv =
							((hm[down + i] * g + hm[down + i + 1] * f - hm[up + i] * g - hm[up + i + 1] * f) *
								0.7 -
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
	};
}
