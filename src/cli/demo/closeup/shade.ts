import type { Skin } from '../render-kit';
import { boxBlur } from './blur';
import type { Frame } from './frame';
import type { Hair } from './hair';
import type { StriaeStrength } from './striae';
import type { Tone } from './tone';

// Lights a height field the way a clinic lights a close-up: one key light raking in from the
// upper left at about 33° (it shows every dip a scar makes), a soft fill from the camera, the
// skin's oily sheen, shadow and occlusion in pits and furrows, and light that enters the skin
// and leaves it a little further on: red travels furthest, so shadow edges warm and soften.

const norm = (v: number[]) => v.map((c) => c / Math.hypot(...v));
const FILL = norm([0.25, 0.18, 0.95]);
const [KEY_I, FILL_I, AMBIENT, BOUNCE] = [1.1, 0.28, 0.07, 0.16];

export interface KeyLight {
	/** towards the light */
	dir: number[];
	/** halfway between the light and the camera, for the sheen */
	half: number[];
	/** the light's rise per unit run, for the shadows it casts along a row */
	rise: number;
}

/**
 * The key light for one patient: from the upper left at about 33°, give or take a few degrees.
 * A clinic sets the lamp up once for a patient and keeps it for the whole course.
 */
export function keyLightFor(rnd: () => number): KeyLight {
	const azimuth = Math.atan2(-0.32, -0.78) + (rnd() - 0.5) * 0.35;
	const elevation = (33 + (rnd() - 0.5) * 6) * (Math.PI / 180);
	const dir = [
		Math.cos(elevation) * Math.cos(azimuth),
		Math.cos(elevation) * Math.sin(azimuth),
		Math.sin(elevation)
	];
	return { dir, half: norm([dir[0], dir[1], dir[2] + 1]), rise: Math.tan(elevation) };
}

export interface Scratch {
	irradiance: Float32Array;
	spread: Float32Array;
	sheen: Float32Array;
	tmp: Float32Array;
	blurred: Float32Array;
}

export const scratchFor = (n: number): Scratch => ({
	irradiance: new Float32Array(n),
	spread: new Float32Array(n),
	sheen: new Float32Array(n),
	tmp: new Float32Array(n * 3),
	blurred: new Float32Array(n * 3)
});

/**
 * Diffuse light reaching each pixel (irradiance) and the sheen leaving it, from the height field;
 * `matt` (0..1) marks scar tissue, which has no oil glands and so no sheen.
 */
export function illuminate(
	f: Frame,
	hf: Float32Array,
	tone: Tone,
	hair: Hair,
	matt: Float32Array,
	key: KeyLight,
	sc: Scratch
) {
	const { w, h, mm } = f;
	const [kx, ky, kz] = key.dir;
	const [hx, hy, hz] = key.half;
	const cavity = sc.spread;
	boxBlur(hf, cavity, sc.tmp, w, h, 0.35 * mm);
	const shadowDrop = key.rise / mm;
	// The lamp is not a point: a shadow's edge softens over a pixel or two.
	const penumbra = 0.045;
	const { irradiance, sheen } = sc;
	const { oil } = tone;
	const { glint, cover } = hair;
	for (let y = 0; y < h; y++) {
		let horizon = -1e9;
		const row = y * w;
		for (let x = 0; x < w; x++) {
			const o = row + x;
			const here = hf[o];
			const gx = (hf[x < w - 1 ? o + 1 : o] - hf[x > 0 ? o - 1 : o]) * mm * 0.5;
			const gy = (hf[y < h - 1 ? o + w : o] - hf[y > 0 ? o - w : o]) * mm * 0.5;
			const mz = f.nz[o];
			let nx = f.nx[o] - gx * mz;
			let ny = f.ny[o] - gy * mz;
			let nz = mz;
			const inv = 1 / Math.sqrt(nx * nx + ny * ny + nz * nz);
			nx *= inv;
			ny *= inv;
			nz *= inv;
			// Shadows cast along the row by anything higher between here and the light.
			horizon = Math.max(horizon - shadowDrop, here);
			let lit = 1 - (horizon - here) / penumbra;
			lit = lit > 0 ? (lit < 1 ? lit : 1) : 0;
			if (x > 2 && y > 0) {
				lit *= 1 - 0.45 * cover[o - w - 2];
			}
			const ndl = nx * kx + ny * ky + nz * kz;
			const diffuse = ndl > -0.15 ? (ndl + 0.15) / 1.15 : 0;
			const fill = nx * FILL[0] + ny * FILL[1] + nz * FILL[2];
			// Pits and furrows darken their own depths; a scar's foot no more than a pore's, or its
			// outline would read as a dark line all round.
			const sunk = cavity[o] - here;
			let occlusion = 1 - 3.5 * (sunk < 0.045 ? sunk : 0.045);
			occlusion = occlusion < 0.2 ? 0.2 : occlusion > 1 ? 1 : occlusion;
			// In a scar the key light's own shadows already darken the wall turned from it; its
			// foot dimming the key too would draw an even dark line all round the floor.
			const keyOcc = occlusion + (1 - occlusion) * 0.75 * matt[o];
			// A scar's shadowed side still gets what its lit wall throws back across the floor.
			const bounce = BOUNCE * matt[o] * (1 - lit);
			irradiance[o] =
				KEY_I * diffuse * lit * keyOcc +
				(FILL_I * (fill > 0 ? fill : 0) + AMBIENT + bounce) * occlusion;
			const ndh = nx * hx + ny * hy + nz * hz;
			let shine = 0;
			if (ndh > 0) {
				const n2 = ndh * ndh;
				const n8 = n2 * n2 * n2 * n2;
				const n64 = n8 * n8 * n8 * n8 * n8 * n8 * n8 * n8;
				shine = (0.045 * n8 + 0.3 * n64) * oil[o] + 0.5 * glint[o] * n8;
				// A broad slope turned just so would mirror the lamp as a smooth white blob; on real
				// skin the film of oil is too thin and broken for that, so the highlight saturates.
				shine /= 1 + 4 * shine;
			}
			sheen[o] = shine * lit * occlusion * (1 - 0.9 * matt[o]);
		}
	}
}

export interface Pigments {
	/** concern pigment (melasma, PIH) and its strength this session */
	pigment?: Float32Array;
	pigmentK: number;
	/** acne marks and their strength this session */
	marks?: Float32Array;
	marksK: number;
	/** pore mouths, 0..1 */
	open: Float32Array;
	/** scar tissue, 0..1, and how much it still differs from the skin this session */
	tissue: Float32Array;
	tissueK: number;
	/** stretch marks' floors this session, 0..1, how young each is (1 red) and the session's fading */
	band?: Float32Array;
	bandRed?: Float32Array;
	bandK?: StriaeStrength;
}

/** Turns light and pigment into the frame's colour (255 = white) in `out`, RGB interleaved. */
export function compose(
	f: Frame,
	skin: Skin,
	tone: Tone,
	hair: Hair,
	pig: Pigments,
	sc: Scratch,
	out: Float32Array
) {
	const { w, h, mm } = f;
	boxBlur(sc.irradiance, sc.spread, sc.tmp, w, h, 0.3 * mm);
	const [br, bg, bb] = skin.base;
	const [rr, rg, rb] = skin.redness;
	const d = skin.depth;
	// Epidermal melanin browns; pigment deep in dark skin reads grey-brown.
	const mel = [0.5, 0.78, 1.0];
	const pk = [0.5 + 0.25 * d, 0.78, 1.0 - 0.2 * d];
	// Vellus hair is pale on fair skin and dark on deep skin.
	const dark = Math.min(1, Math.max(0, (d - 0.3) / 0.4));
	const hc = [0, 1, 2].map((i) => skin.base[i] * 1.12 * (1 - dark) + [50, 38, 30][i] * dark);
	// Dark hair on dark skin shows less than its cover suggests.
	const hairShow = 1 - 0.45 * dark;
	// Acne marks: red on fair skin, brown on deep.
	const markBlood = 0.9 * (1 - d) * pig.marksK;
	const markMel = 0.45 * d * pig.marksK;
	const sheenK = 255 * (0.9 + 0.15 * d);
	// Shade warms less on deep skin: melanin absorbs the red that fair skin scatters back.
	const warm = 1.2 - 0.15 * d;
	// Green and blue fall off faster than red in shade, less so where melanin has absorbed them.
	const [shadeG, shadeB] = [0.15 * (1 - 0.5 * d), 0.3 * (1 - 0.5 * d)];
	// The clinic exposes for the skin: deep skin gets more light than fair, and the fairest a
	// little less, so the key light does not wash out their texture.
	const gain = 0.95 + 0.15 * d;
	// On fair skin the clinic also softens the key (a diffuser), most on the fairest: the side
	// of the cheek turned to the lamp would otherwise bleach to a pale, textureless white.
	const soften = 0.6 * (1 - d) ** 2.5;
	const knee = 0.95;
	// Scar tissue is duller than the skin; only old scars on deep skin are paler (less melanin).
	const scarPale = 0.1 * d * d * pig.tissueK;
	const scarDull = 0.16 * pig.tissueK;
	// Young stretch marks are inflamed: pink-red to violet on fair skin, purple-brown on deep
	// (blood under melanin). Mature ones have lost melanocytes: paler, most plainly on deep skin.
	const bk = pig.bandK;
	const [bandBlood, bandMel] = bk ? [bk.red * (0.5 - 0.1 * d), bk.red * 0.5 * d] : [0, 0];
	// Any less melanin than the skin around it shows at once, as the base tone is mostly melanin.
	const bandPale = bk ? bk.pale * (0.02 + 0.45 * d * d) : 0;
	const silver = bk ? 0.12 * bk.pale : 0;
	const { irradiance: e, spread: es, sheen } = sc;
	for (let o = 0, i = 0; o < w * h; o++, i += 3) {
		const mark = pig.marks ? pig.marks[o] : 0;
		const p = pig.pigment ? pig.pigment[o] * pig.pigmentK : 0;
		const scar = pig.tissue[o];
		let m = tone.melanin[o] + markMel * mark - scarPale * scar;
		let b = tone.blood[o] + markBlood * mark - 0.05 * scar;
		let [young, old] = [0, 0];
		if (pig.band && pig.band[o] > 0) {
			const red = pig.bandRed![o];
			young = pig.band[o] * red;
			old = pig.band[o] * (1 - red);
			b += bandBlood * young - 0.08 * old * bk!.pale;
			m += bandMel * young - bandPale * old;
			m = m > -0.6 ? m : -0.6;
		}
		const hairK = hair.cover[o] * hairShow;
		const mouth = (1 - 0.6 * (pig.open[o] < 1 ? pig.open[o] : 1)) * (1 - scarDull * scar);
		// Absorption that saturates: a little pigment darkens blue most, a lot (a mole) darkens
		// every channel towards a deep, fairly neutral brown rather than an orange.
		let r = (br / (1 + mel[0] * m + pk[0] * p)) * (1 + rr * b) * mouth;
		let g = (bg / (1 + mel[1] * m + pk[1] * p)) * (1 + rg * b) * mouth;
		let bl = (bb / (1 + mel[2] * m + pk[2] * p)) * (1 + rb * b) * mouth;
		if (young + old > 0) {
			// Violet in a young band; a mature one greys towards silver.
			bl *= 1 + 0.12 * young * bk!.red * (1 - 0.5 * d);
			const grey = (r + g + bl) / 3;
			r += (grey - r) * silver * old;
			g += (grey - g) * silver * old;
			bl += (grey - bl) * silver * old;
		}
		r += (hc[0] - r) * hairK;
		g += (hc[1] - g) * hairK;
		bl += (hc[2] - bl) * hairK;
		const s = sheen[o] * sheenK;
		const v = f.vignette[o] * gain;
		// Light that travelled through the skin comes out redder: shade warms as it deepens.
		const e0 = e[o] > knee ? e[o] - soften * (e[o] - knee) : e[o];
		const es0 = es[o] > knee ? es[o] - soften * (es[o] - knee) : es[o];
		const er = 0.35 * e0 + 0.65 * es0;
		const eg = 0.7 * e0 + 0.3 * es0;
		const eb = 0.9 * e0 + 0.1 * es0;
		// Only shade warms: a slope turned to the key light is brighter, not bluer.
		const wr = er < 1 ? warm - (warm - 1) * er : 1;
		const wg = eg < 1 ? 1 - shadeG * (1 - eg) : 1;
		const wb = eb < 1 ? 1 - shadeB * (1 - eb) : 1;
		let cr = (r * er * wr + s) * v;
		let cg = (g * eg * wg + 0.97 * s) * v;
		let cb = (bl * eb * wb + 0.94 * s) * v;
		const c = f.cover[o];
		if (c < 1) {
			// The dark backdrop past the jaw.
			cr = cr * c + 16 * (1 - c);
			cg = cg * c + 17 * (1 - c);
			cb = cb * c + 20 * (1 - c);
		}
		out[i] = cr > 0 ? cr : 0;
		out[i + 1] = cg > 0 ? cg : 0;
		out[i + 2] = cb > 0 ? cb : 0;
	}
	defocus(f, out, sc);
}

/** The macro lens's shallow depth of field: what curves away from the focus plane goes soft. */
function defocus(f: Frame, out: Float32Array, sc: Scratch) {
	boxBlur(out, sc.blurred, sc.tmp, f.w, f.h, 0.4 * f.mm, 3);
	const blurred = sc.blurred;
	for (let o = 0, i = 0; o < f.w * f.h; o++, i += 3) {
		const k = f.defocus[o];
		if (k > 0) {
			out[i] += (blurred[i] - out[i]) * k;
			out[i + 1] += (blurred[i + 1] - out[i + 1]) * k;
			out[i + 2] += (blurred[i + 2] - out[i + 2]) * k;
		}
	}
}
