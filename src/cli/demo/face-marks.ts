// The small marks painted onto the head's skin texture after its tone: moles, freckles and
// papules (spots) and vellus hair. Split from face-paint.ts, which lays out the head itself.

/** The head texture's layers these painters write into, and where the face sits on them. */
export interface SkinLayers {
	/** colour before light, 0..255, one channel each, `tw` × `h` texels */
	cr: Float32Array;
	cg: Float32Array;
	cb: Float32Array;
	/** the skin's fine relief, which a raised mole lifts */
	hm: Float32Array;
	/** 1 on bare skin (HeadTexture.skin): marks go nowhere else */
	sk: Float32Array;
	tw: number;
	h: number;
	/** pixels per cm */
	S: number;
	/** the pupils' row and the face's middle column */
	eyeY: number;
	c0: number;
	/** 0 on the fairest skin to 1 on the deepest */
	tone: number;
	rnd: () => number;
}

/**
 * Everyone's few moles, freckles over the nose and cheeks of fair skin, and on the deepest
 * skin the small dark papules many people of African descent have on the cheeks.
 */
export function spots({ cr, cg, cb, hm, sk, tw, h, S, eyeY, c0, tone, rnd }: SkinLayers) {
	const gauss = () => (rnd() + rnd() + rnd() - 1.5) / 0.75;
	const put = (X: number, Y: number, radius: number, alpha: number, raised: number) => {
		const [cx, cy, rr] = [c0 + X * S, eyeY + Y * S, Math.max(0.7, radius * S)];
		const reach = Math.ceil(rr * 1.6);
		for (let y = Math.max(0, Math.round(cy) - reach); y <= Math.min(h - 1, cy + reach); y++) {
			for (let x = Math.max(0, Math.round(cx) - reach); x <= Math.min(tw - 1, cx + reach); x++) {
				const o = y * tw + x;
				const d2 = ((x - cx) ** 2 + (y - cy) ** 2) / (rr * rr);
				if (d2 >= 2.5 || sk[o] < 0.9) {
					continue;
				}
				const a = alpha * Math.exp(-d2 * d2);
				cr[o] *= 1 - 0.5 * a;
				cg[o] *= 1 - 0.62 * a;
				cb[o] *= 1 - 0.7 * a;
				hm[o] += raised * Math.exp(-d2);
			}
		}
	};
	const moles = 3 + Math.floor(rnd() * 4);
	for (let i = 0; i < moles; i++) {
		const [X, Y, size, a] = [gauss() * 4, -3 + rnd() * 11, rnd(), rnd()];
		put(X, Y, 0.06 + 0.1 * size, 0.45 + 0.35 * a, size > 0.6 ? 0.4 : 0);
	}
	const freckles = tone < 0.35 ? Math.round(110 * (1 - tone / 0.35)) : 0;
	for (let i = 0; i < freckles; i++) {
		const [X, Y, size, a] = [gauss() * 2.6, 1.2 + gauss() * 1.2, rnd(), rnd()];
		put(X, Y, 0.04 + 0.06 * size, 0.12 + 0.18 * a, 0);
	}
	const papules = tone > 0.75 ? 10 + Math.floor(rnd() * 10) : 0;
	for (let i = 0; i < papules; i++) {
		const side = rnd() < 0.5 ? -1 : 1;
		const [X, Y, size, a] = [side * (3.6 + gauss() * 0.9), 0.9 + gauss() * 0.6, rnd(), rnd()];
		put(X, Y, 0.05 + 0.05 * size, 0.5 + 0.3 * a, 0.3);
	}
}

/**
 * Vellus hair: fine, sparse, short hairs on the cheeks, jaw and upper lip, seen only at full
 * size; a little darker than fair skin and a little lighter than deep skin.
 */
export function vellus({ cr, cg, cb, sk, tw, S, eyeY, c0, tone, rnd }: SkinLayers) {
	const shade = tone > 0.55 ? 1.1 : 0.9;
	for (let i = 0; i < 2600; i++) {
		const side = rnd() < 0.5 ? -1 : 1;
		const [a, b, len, tilt, alpha] = [rnd(), rnd(), rnd(), rnd(), rnd()];
		// Cheeks and jaw, from beside the nose out to the ear and down to the jaw's edge.
		const X = side * (1.5 + 6 * a);
		const Y = 1 + 8 * b;
		// Hairs lie down and outwards, following the face's growth pattern.
		const ang = Math.PI / 2 - side * (0.5 + 0.5 * tilt);
		const L = (0.12 + 0.15 * len) * S;
		const m = (shade - 1) * (0.5 + 0.5 * alpha);
		let [x, y] = [c0 + X * S, eyeY + Y * S];
		for (let s = 0; s < L; s++) {
			const o = Math.round(y) * tw + Math.round(x);
			if (o < 0 || o >= sk.length || sk[o] < 0.9) {
				break;
			}
			const k = 1 + m * (1 - s / L);
			cr[o] *= k;
			cg[o] *= k;
			cb[o] *= k;
			x += Math.cos(ang);
			y += Math.sin(ang);
		}
	}
}
