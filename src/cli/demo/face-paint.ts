import { addNoise, bell, mulberry32, smooth, type Skin } from './render-kit';
import {
	EYE,
	FACE_R,
	frame,
	headRow,
	jawBottom,
	radiusAt,
	eyeOpening,
	hairDepth,
	hairline,
	type FaceBuild
} from './face-shape';
import { cavities, normals, noseShadow } from './face-relief';
import { hairStrands } from './face-hair';
import { spots, vellus } from './face-marks';

// One patient's head laid out once per course in texture space (face-shape.ts): its radius and
// normals, the colour of skin, eyes, lips, brows, hair and beard, and the skin's own pores and
// flush. Sessions add their scars on top; views only turn it.

export interface HeadTexture {
	/** texture columns for the full turn of the head; rows are the layout frame's (face-shape.ts) */
	tw: number;
	/** rows drawn: down to the photo's bottom edge */
	h: number;
	/** the layout frame's height, and the photo's top row in it */
	H: number;
	top: number;
	/** pixels per cm, and the pupils' row */
	S: number;
	eyeY: number;
	/** radius in pixels (0 where there is no head, neck or shoulder at that row and angle) */
	R: Float32Array;
	nx: Float32Array;
	ny: Float32Array;
	nz: Float32Array;
	/** colour before light, 0..255 */
	cr: Float32Array;
	cg: Float32Array;
	cb: Float32Array;
	/** the hair's colour, for the strands that stray over the backdrop */
	hairRgb: [number, number, number];
	/** long hair drawn back into a bun, rather than short hair */
	bun: boolean;
	/** 0 matt .. 1 wet (eyes); skin's oily T-zone and lips in between */
	gloss: Float32Array;
	/** 1 on bare skin, where scars, redness and pigment can show */
	skin: Float32Array;
	/** occlusion from the head's own shape, 0 open .. 1 deep crease */
	aoGeo: Float32Array;
	mottle: Float32Array;
	hm: Float32Array;
	red: Float32Array;
	ao: Float32Array;
}

const HAIR = [
	[24, 19, 17],
	[48, 33, 25],
	[82, 56, 38],
	[122, 88, 58],
	[168, 132, 88],
	[116, 58, 34]
];
/** Hair a patient is given rather than drawn from HAIR, so the demo's twelve are not all dark. */
export const NAMED_HAIR = {
	blond: [198, 162, 104],
	red: [150, 66, 32],
	grey: [152, 148, 142]
} as const;
export type HairColour = keyof typeof NAMED_HAIR;
const IRIS = [
	[62, 38, 24],
	[92, 60, 34],
	[96, 112, 72],
	[78, 108, 142],
	[120, 88, 50]
];

const sq = (x: number) => x * x;

/** Stubble grows here on a man: upper lip, chin, jaw and the sideburns. */
function beardZone(X: number, Y: number, phi: number) {
	const aX = Math.abs(X);
	const a = Math.abs(phi);
	if (a > 1.62 || Y < 1) {
		return 0;
	}
	// The moustache's lower edge follows the lip; its sides fade towards the mouth's corners.
	const lip =
		Y > 4.6 && Y < 6.2 && aX < 3.2
			? smooth((3.1 - aX) / 0.8) * smooth((Y - 4.65) / 0.25) * smooth((5.8 + 0.08 * aX - Y) / 0.2)
			: 0;
	// The cheek's lower edge: from the mouth corners up and out to the sideburns.
	const line = 7.6 - 4.2 * smooth((aX - 2.2) / 4.5);
	// Shaved edges are never sharp: the stubble thins out over a centimetre or two.
	// Along the jaw it reaches back to the ears; on the neck only the front is shaved.
	const reach = 1.5 - 0.45 * smooth((Y - 8) / 2.5);
	const low = smooth((Y - line + 0.6) / 1.6) * smooth((12 - Y) / 2.5) * smooth((reach - a) / 0.45);
	const side = a > 1.2 && a < 1.55 ? smooth((Y - 0.8) / 1) * smooth((1.55 - a) / 0.15) : 0;
	return Math.max(lip, low, side);
}

export function paintHead(
	w: number,
	photoH: number,
	seed: number,
	skin: Skin,
	b: FaceBuild
): HeadTexture {
	const { k, S, eyeY, H, top } = frame(w, photoH);
	// Nothing below the photo's bottom edge is ever seen.
	const h = top + photoH;
	const tw = Math.round(2 * Math.PI * FACE_R * S);
	const n = tw * h;
	const rnd = mulberry32(seed * 104729 + 7);
	const dphi = (2 * Math.PI) / tw;
	const c0 = tw / 2;
	const [R, cr, cg, cb, gloss, sk, mottle, hm, red, ao, fine] = Array.from(
		{ length: 11 },
		() => new Float32Array(n)
	);
	// Hair never grows below the nape, nor stubble below the neck: their noise stops there.
	const hairRows = Math.min(h, Math.ceil(eyeY + 6 * S));
	addNoise(mottle, tw, 150 * k, 0.55, rnd);
	addNoise(mottle, tw, 55 * k, 0.3, rnd);
	addNoise(mottle, tw, 18 * k, 0.15, rnd);
	addNoise(fine.subarray(0, Math.min(h, Math.ceil(eyeY + 15 * S)) * tw), tw, 3 * k, 1, rnd);
	addNoise(hm, tw, 9 * k, 0.08, rnd);
	addNoise(hm, tw, 2.5 * k, 0.05, rnd);
	// Hair grows in strands grouped into locks (face-hair.ts): round the head where it is drawn
	// back, up the columns where it is combed back from the forehead.
	const { strand, comb } = hairStrands(tw, hairRows, k, b.bun > 0.5, rnd);

	const tone = skin.depth;
	const [sr, sg, sb] = skin.base;
	const hairIdx = tone > 0.55 ? Math.floor(rnd() * 1.6) : Math.floor(rnd() * HAIR.length);
	const hairRgb = b.hair ? NAMED_HAIR[b.hair] : HAIR[hairIdx];
	const irisRgb = tone > 0.55 ? IRIS[Math.floor(rnd() * 2)] : IRIS[Math.floor(rnd() * IRIS.length)];
	// Lips are a deeper, cooler version of the skin: pink on fair skin, mauve-brown on deep.
	const lipRgb = [sr * (0.95 - 0.12 * tone), sg * (0.74 - 0.04 * tone), sb * (0.8 + 0.02 * tone)];
	const browRgb = hairRgb.map((c) => c * 0.75 + 6);
	const male = b.male;
	// Fine baby hairs reach a little past the hairline in some columns, more at the temples.
	const baby = new Float32Array(tw);
	for (let x = 0; x < tw; x++) {
		const [a, c] = [rnd(), rnd()];
		baby[x] =
			a < 0.12 ? (0.1 + 0.35 * c) * (1 + 0.6 * bell(Math.abs((x - c0) * dphi) - 0.8, 0.3)) : 0;
	}

	// What depends only on the column, worked out once.
	const [colSin, colCos, colJaw, colHair] = [0, 1, 2, 3].map(() => new Float32Array(tw));
	for (let x = 0; x < tw; x++) {
		const phi = (x - c0) * dphi;
		colSin[x] = Math.sin(phi);
		colCos[x] = Math.cos(phi);
		colJaw[x] = jawBottom(phi, b);
		colHair[x] = hairline(phi, b);
	}
	// The head's shape is worked out on every other column and read between them: nothing on
	// it is narrower than a few millimetres (a dozen columns), and this is most of the cost of
	// laying a head out. At the outline, where one neighbour is off the head, it is exact.
	const even = new Float32Array(tw + 1);
	const exact = (x: number, Y: number, axes: [number, number, number]) =>
		radiusAt((x - c0) * dphi, colSin[x], colCos[x], Y, axes, colJaw[x], b);
	for (let y = 0; y < h; y++) {
		const Y = (y - eyeY) / S;
		const axes = headRow(Y, b);
		for (let x = 0; x < tw; x += 2) {
			even[x] = exact(x, Y, axes);
		}
		even[tw] = tw % 2 === 0 ? even[0] : exact(0, Y, axes);
		for (let x = 0; x < tw; x++) {
			const o = y * tw + x;
			const phi = (x - c0) * dphi;
			const X = phi * FACE_R;
			const aX = Math.abs(X);
			const bare =
				(x & 1) === 0
					? even[x]
					: even[x - 1] > 0 && even[x + 1] > 0
						? 0.5 * (even[x - 1] + even[x + 1])
						: exact(x, Y, axes);
			if (bare <= 0) {
				continue;
			}
			if (Y > 17.5) {
				// Well below the neckline there is only the gown.
				R[o] = bare * S;
				const weave = 1 + 0.05 * mottle[o];
				cr[o] = 52 * weave;
				cg[o] = 58 * weave;
				cb[o] = 68 * weave;
				gloss[o] = 0.07;
				continue;
			}
			// Hair: the hairline, broken up by single hairs and a soft edge.
			const hl0 = colHair[x];
			// A soft, irregular hairline: the hair thins out over half a centimetre, and single
			// fine hairs run on past it, fading towards their tips.
			const past = Y - hl0 - 0.2 * fine[o];
			const fringe = past > 0 && past < baby[x] ? 0.35 * (1 - past / baby[x]) : 0;
			const hair = Y < 6 ? Math.max(smooth((0.1 - past) / 0.45), fringe) : 0;
			// The hair's volume follows the hairline itself, not its stray hairs.
			// It builds up over a couple of centimetres, so the hairline is not a ledge.
			R[o] = (bare + hairDepth(phi, Y, Y < 6 ? smooth((hl0 - Y) / 2.2) : 0, b)) * S;
			const mt = 1 + 0.07 * mottle[o];
			let r = sr * mt;
			let g = sg * mt;
			let bl = sb * mt;
			let gl = 0.35;
			let bareSkin = 1 - hair;
			const onFace = Math.abs(phi) < 1.9 && Y > -8 && Y < 9;
			if (onFace) {
				// The T-zone shines; natural flush on cheeks, nose tip and ears; a little
				// shadowing colour round the eyes.
				gl += 0.2 * Math.exp(-sq(X / 1.6) - sq((Y - 1.5) / 3.5)) + 0.2 * bell(Y + 4, 1.5);
				// The nose's tip and bridge, and the cheekbones, have the oily sheen too.
				gl += 0.2 * Math.exp(-sq(X / 0.55) - sq((Y - 3.6) / 0.6));
				gl += 0.12 * Math.exp(-sq((aX - 4.2) / 1.2) - sq((Y - 1.7) / 0.8));
				if (Y > -1 && Y < 7) {
					red[o] =
						0.25 * Math.exp(-sq((aX - 3.9) / 1.8) - sq((Y - 2.8) / 1.6)) +
						0.3 * Math.exp(-sq(X / 1.1) - sq((Y - 3.6) / 0.8)) +
						0.3 * bell(Math.abs(phi) - 1.68, 0.15) * bell(Y - 1.5, 3);
				}
				if (Y > -0.5 && Y < 2.5 && aX < 5.5) {
					const under =
						1 - (0.06 + 0.05 * tone) * Math.exp(-sq((aX - 2.9) / 1.3) - sq((Y - 0.85) / 0.45));
					r *= under;
					g *= under * 0.99;
					bl *= under;
				}
			}
			if (onFace && Math.abs(phi) < 1.4) {
				// Eyes: sclera, iris with its fibres and dark limbal ring, pupil.
				const open = eyeOpening(X, Y);
				const ex = aX - EYE.x;
				const dy = Y - EYE.y;
				if (open > 0) {
					const ri = Math.hypot(ex, dy + 0.06);
					const lid = smooth((dy + EYE.up * 0.9) / 0.45);
					if (ri < 0.56) {
						const ang = Math.atan2(dy, ex);
						const fib = 0.85 + 0.25 * Math.sin(ang * 23 + 3 * fine[o]) * (ri / 0.56);
						const limb = ri > 0.47 ? 0.55 : 1;
						const pupil = ri < 0.21 ? 0.12 : 1;
						[r, g, bl] = irisRgb.map(
							(c) => c * fib * limb * pupil * (1 + 0.4 * (ri < 0.3 ? 0 : 0.5))
						);
					} else {
						// Corners of the eye are pink; the white is never pure white.
						const pink = smooth((-ex - 1.05) / 0.3);
						const edge = 1 - 0.25 * smooth((Math.abs(ex) - 0.7) / 0.7);
						r = (208 + 20 * pink) * edge;
						g = (198 - 75 * pink) * edge;
						bl = (190 - 65 * pink) * edge;
					}
					r *= 0.5 + 0.5 * lid;
					g *= 0.5 + 0.5 * lid;
					bl *= 0.5 + 0.5 * lid;
					gl = 1;
					bareSkin = 0;
				} else {
					// Lashes along the upper lid's margin, sparser along the lower.
					const t = ex / EYE.half;
					if (t * t < 1.1) {
						const tt = Math.min(1, t * t);
						const up = EYE.y - EYE.up * (1 - tt) ** 0.7 * (1 - 0.15 * t);
						const down = EYE.y + EYE.down * (1 - tt) ** 0.9;
						const above = up - Y;
						const below = Y - down;
						let lash = 0;
						if (above > 0 && above < 0.3) {
							const fringe = 0.5 + 0.5 * Math.sin(X * 95 + 2 * fine[o]);
							lash =
								above < 0.07 ? 0.85 : (0.75 - above * 2) * fringe * (0.5 + 0.5 * smooth(t + 0.6));
							ao[o] += 0.6 * bell(above - 0.42, 0.09);
						} else if (below > 0 && below < 0.1) {
							lash = 0.35 * (0.5 + 0.5 * Math.sin(X * 70 + fine[o]));
						}
						if (lash > 0) {
							const mix = Math.min(0.92, lash);
							r += (browRgb[0] * 0.5 - r) * mix;
							g += (browRgb[1] * 0.5 - g) * mix;
							bl += (browRgb[2] * 0.5 - bl) * mix;
							bareSkin *= 1 - mix;
						}
					}
				}
				// Brows: hairs sloping up from the inner end and lying flatter along the arch.
				const bt = (aX - 1.05) / (4.7 + 0.2 * male);
				if (bt > -0.05 && bt < 1.05 && Y < -0.9 && Y > -3.2) {
					const centre =
						-1.85 -
						(0.35 - 0.12 * male) * Math.sin(Math.PI * Math.min(1, Math.max(0, bt) * 1.15)) +
						0.1 * bt;
					const half = (0.3 + 0.2 * male) * (1 - bt) + 0.11;
					const d = Math.abs(Y - centre) / half;
					if (d < 1.3) {
						const slope = 1.2 - 1.1 * Math.min(1, bt * 2);
						const across = aX - (Y - centre) * slope;
						const hairs = 0.5 + 0.5 * Math.sin(across * 55 + 2.5 * fine[o]);
						const dens =
							smooth((1.25 - d) / 0.5) * smooth((bt + 0.05) / 0.15) * smooth((1.05 - bt) / 0.2);
						const mix = Math.min(0.95, dens * (0.45 + 0.55 * hairs));
						r += (browRgb[0] - r) * mix;
						g += (browRgb[1] - g) * mix;
						bl += (browRgb[2] - bl) * mix;
						bareSkin *= 1 - 0.7 * mix;
					}
				}
				// Lips: a cupid's bow over a fuller lower lip, their red fading into the skin at the
				// vermilion border, vertical lines across them, and the dark line where they meet,
				// deepest at the middle and tucked into the corners.
				const lw = 2.45 + 0.15 * b.lips;
				if (aX < lw + 0.9 && Y > 5.2 && Y < 7.9) {
					const q = Math.min(1, aX / lw);
					const bow = 0.16 * bell(aX - 0.5, 0.28) - 0.1 * bell(X, 0.22);
					const top = 6.45 - (0.62 + 0.08 * b.lips) * (1 - q ** 2.2) ** 0.55 - bow;
					const bot = 6.5 + (0.92 + 0.1 * b.lips) * (1 - q ** 2) ** 0.65;
					const meet = 6.47 + 0.06 * q * q;
					const inLip =
						aX < lw ? smooth((Y - top + 0.05) / 0.16) * smooth((bot - Y + 0.08) / 0.3) * 0.9 : 0;
					// The pale rolled edge of the upper lip's border catches the light.
					const roll = 0.06 * bell(Y - top + 0.04, 0.05) * smooth((lw - aX) / 0.5);
					r *= 1 + roll;
					g *= 1 + roll;
					bl *= 1 + roll;
					if (inLip > 0) {
						const lines = 1 - 0.1 * (0.5 + 0.5 * Math.sin(X * 62 + 4 * fine[o])) ** 3;
						// The upper lip faces down and reads darker; the lower is fuller and lighter.
						const lower = smooth((Y - meet) / 0.12);
						const tone = (0.9 + 0.14 * lower) * lines;
						r += (lipRgb[0] * tone - r) * inLip;
						g += (lipRgb[1] * tone - g) * inLip;
						bl += (lipRgb[2] * tone - bl) * inLip;
						const wet = lower * Math.exp(-sq(X / 1.3) - sq((Y - meet - 0.45) / 0.22));
						gl = Math.max(gl, (0.6 + 0.35 * wet) * inLip);
						bareSkin *= 1 - inLip;
					}
					ao[o] +=
						0.75 * bell(Y - meet, 0.035 + 0.025 * (1 - q)) * smooth((lw + 0.1 - aX) / 0.6) +
						0.5 * Math.exp(-sq((aX - lw + 0.05) / 0.28) - sq((Y - meet - 0.03) / 0.14));
				}
				// Nostrils.
				// Nostrils: shaded ovals under the tip, their inner upper part hidden by it.
				const nos = sq((aX - 0.58) / 0.3) + sq((Y - 4.5) / 0.12);
				if (nos < 1) {
					const dark = smooth((1 - nos) / 0.7) * (0.4 + 0.25 * smooth((0.75 - aX) / 0.3));
					r *= 1 - dark;
					g *= 1 - dark;
					bl *= 1 - dark;
					bareSkin *= 1 - dark;
				}
				// The crease of the nostril wing and the lid's crease hold shadow.
				if (aX < 3.2 && Y > 3 && Y < 5.2) {
					// The alar groove runs over the top and round the back of the wing, not under it.
					const ring = Math.sqrt(sq((aX - 1.4) / 0.62) + sq((Y - 4.1) / 0.55));
					ao[o] += 0.3 * bell(ring - 1, 0.14) * smooth((4.45 - Y) / 0.4);
				}
			}
			if (male > 0.5) {
				const beard = beardZone(X, Y, phi) * (1 - hair);
				if (beard > 0) {
					// Single hairs cut short: a dot per follicle, thinned out by the noise.
					let hash = Math.imul(o ^ 0x9e3779b9, 0x85ebca6b);
					hash = Math.imul(hash ^ (hash >>> 13), 0xc2b2ae35);
					hash ^= hash >>> 16;
					const dot = ((hash >>> 0) & 1023) / 1023 > 0.55 - 0.25 * fine[o] ? 1 : 0.15;
					const s = beard * (0.17 - 0.07 * tone) * dot;
					r *= 1 - s * 1.05;
					g *= 1 - s;
					bl *= 1 - s * 0.85;
				}
			}
			if (hair > 0) {
				// Combed back from the forehead, lying along the sides.
				const front = smooth((0.9 - Math.abs(phi)) / 0.5) * smooth((-Y - 2.5) / 2);
				const st = strand[o] * (1 - front) + comb[o] * front;
				const hk = 0.76 + 0.36 * st + 0.08 * mottle[o];
				r += (hairRgb[0] * hk - r) * hair;
				g += (hairRgb[1] * hk - g) * hair;
				bl += (hairRgb[2] * hk - bl) * hair;
				gl += (0.55 + 0.25 * st - gl) * hair;
			}
			// Below the neck: a dark gown, its neckline dipping at the front.
			const front = colCos[x] > 0 ? colCos[x] : 0;
			const neckline = 14.3 + 2.2 * front * front;
			if (Y > neckline - 0.2) {
				const f = smooth((Y - neckline) / 0.25);
				const weave = 1 + 0.07 * mottle[o];
				r += (52 * weave - r) * f;
				g += (58 * weave - g) * f;
				bl += (68 * weave - bl) * f;
				gl *= 1 - 0.8 * f;
				bareSkin *= 1 - f;
			}
			cr[o] = r;
			cg[o] = g;
			cb[o] = bl;
			gloss[o] = gl;
			sk[o] = bareSkin;
		}
	}
	const layers = { cr, cg, cb, hm, sk, tw, h, S, eyeY, c0, tone, rnd };
	spots(layers);
	vellus(layers);
	// Pores: small pits everywhere, denser and deeper over the nose and inner cheeks.
	for (let i = Math.round(n / 18); i > 0; i--) {
		const x = 1 + Math.floor(rnd() * (tw - 2));
		const y = 1 + Math.floor(rnd() * (h - 2));
		const o = y * tw + x;
		const X = (x - c0) / S;
		const Y = (y - eyeY) / S;
		const zone = 0.6 + 0.8 * Math.exp(-sq(X / 3.5) - sq((Y - 3.5) / 2.5));
		const d = (0.07 + 0.18 * rnd()) * zone * sk[o];
		hm[o] -= d;
		hm[o - 1] -= d * 0.4;
		hm[o + 1] -= d * 0.4;
		hm[o - tw] -= d * 0.4;
		hm[o + tw] -= d * 0.4;
		ao[o] += d;
	}
	const { nx, ny, nz } = normals(R, tw, h, dphi, colSin, colCos);
	return {
		tw,
		h,
		H,
		top,
		hairRgb: [...hairRgb] as [number, number, number],
		bun: b.bun > 0.5,
		S,
		eyeY,
		R,
		nx,
		ny,
		nz,
		cr,
		cg,
		cb,
		gloss,
		skin: sk,
		aoGeo: noseShadow(cavities(R, tw, h, S), tw, h, S, eyeY, c0),
		mottle,
		hm,
		red,
		ao
	};
}
