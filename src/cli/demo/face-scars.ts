// A course's scars and concerns for one session, drawn into the head's texture-space maps: the
// head is laid out once per patient (face-paint.ts) and each session marks its skin here, so a
// scar sits on the same patch of skin in every view and fades as the course goes on.
import { bell, mulberry32 } from './render-kit';
import { drawConcern, type FaceConcern } from './face-concerns';
import type { HeadTexture } from './face-paint';
import type { SkinPhotoOptions } from './skin-image';

const FACE_CONCERNS: readonly string[] = ['fine_lines', 'wrinkles', 'pigmentation', 'texture'];
// Scar kinds index the size and depth tables; PATCH is flat post-inflammatory redness.
const [ICE_PICK, BOXCAR, ROLLING, PATCH] = [0, 1, 2, 3];
type Mark = Record<'x' | 'y' | 'r' | 'aspect' | 'angle' | 'wobble' | 'depth' | 'red', number>;

/** Stamps one scar into texture-space maps `tw` texels wide. */
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
			const r = Math.sqrt(r2);
			let p: number;
			let cav: number;
			if (kind === ICE_PICK) {
				// Narrow and deep: a steep funnel whose bottom holds shadow.
				p = r < 1 ? (1 - r) ** 1.5 : 0;
				cav = p * 1.1;
			} else if (kind === BOXCAR) {
				// Flat floor, steep walls and a faint raised shoulder are what make a boxcar.
				p = r < 0.6 ? 1 : r < 1 ? 1 - ((r - 0.6) / 0.4) ** 2 : 0;
				p -= 0.04 * bell(r - 1.1, 0.15);
				cav = p * 0.45;
			} else if (kind === ROLLING) {
				// A broad shallow undulation tethered at its centre, lit rather than shadowed.
				p = r < 1.6 ? 0.5 + 0.5 * Math.cos((Math.PI * r) / 1.6) : 0;
				cav = p * 0.05;
			} else {
				p = 0;
				cav = 0;
			}
			hm[o] -= s.depth * p;
			ao[o] += s.depth * cav;
			const bowl = r2 < 1 ? (1 - r2) * (1 - r2) : 0;
			red[o] += s.red * (kind === PATCH ? bowl : Math.max(0, 1 - r2 / 2.56));
		}
	}
}

export interface SessionMaps {
	hm: Float32Array;
	red: Float32Array;
	ao: Float32Array;
	pig: Float32Array;
	/**
	 * Texels near any this session marked, 1..: the photo re-lights only pixels showing these
	 * (skin-image.ts), so it reaches two texels along a row and one up and down, as far as
	 * lighting a pixel reads.
	 */
	dirty: Uint8Array;
}

export function session(
	head: HeadTexture,
	opts: Omit<SkinPhotoOptions, 'view' | 'progress'>,
	p: number
): SessionMaps {
	const { tw, h, S, eyeY } = head;
	const k = S / 30;
	const maps = {
		hm: head.hm.slice(),
		red: head.red.slice(),
		ao: head.ao.slice(),
		pig: new Float32Array(tw * h)
	};
	// Every random draw happens regardless of progress, so one seed lays the scars out
	// identically and before/after photos line up.
	const rnd = mulberry32(opts.seed);
	const gauss = () => (rnd() + rnd() + rnd() - 1.5) / 0.75;
	const concern = FACE_CONCERNS.includes(opts.concern ?? '') ? (opts.concern as FaceConcern) : null;
	const mid = tw / 2;
	if (concern) {
		// The concerns were laid out as offsets, in fractions of a 900 px photo's width, from the
		// face's midline; a texel is a pixel across the front of the face.
		const faceX = (off: number, side: 0 | 1) => mid + (side === 0 ? -off : off) * 900 * k;
		// Their rows are fractions of the layout frame; the maps stop at the photo's bottom edge,
		// well below anything a concern draws.
		drawConcern(concern, maps, { w: tw, h: head.H, k, faceX }, opts.seed, p);
	}
	for (const side of concern || opts.concern === null ? [] : [0, 1]) {
		// Side 0 is the patient's right cheek: image left from the front, the subject of right views.
		const sign = side === 0 ? -1 : 1;
		const count = 36 + Math.floor(rnd() * 18);
		for (let i = 0; i < count + 9; i++) {
			const roll = rnd();
			const kind = i >= count ? PATCH : roll < 0.4 ? ICE_PICK : roll < 0.72 ? BOXCAR : ROLLING;
			const [a, b] = [gauss(), gauss()];
			const [size, aspect, angle, wob, resp] = [rnd(), rnd(), rnd(), rnd(), rnd()];
			// Scars respond unevenly to treatment: some vanish by the end, the rest keep a trace.
			const remain = Math.max(0, 1 - p * (0.5 + 0.65 * resp));
			if (remain <= 0) {
				continue;
			}
			const radius = [1.5 + 1.5 * size, 3.5 + 4 * size, 16 + 14 * size, 20 + 26 * size][kind];
			// The cheek below the cheekbone, beside the nose and towards the jaw.
			const cx = 4.6 + a * 1.5;
			const cy = 3.4 + b * 1.5;
			stamp([maps.hm, maps.red, maps.ao], tw, h, kind, {
				x: mid + sign * cx * S,
				y: eyeY + cy * S,
				r: radius * k * (0.65 + 0.35 * remain),
				aspect: 0.7 + 0.5 * aspect,
				angle: angle * Math.PI,
				wobble: kind === PATCH ? 0.3 : kind === BOXCAR ? 0.1 + 0.15 * wob : 0.15 * wob,
				// Relief carries a scar: its shadowed pit or walls under the side light. Redness is
				// mild, and fades faster than the relief does, as post-inflammatory colour does.
				depth: [1.9, 1.4, 4, 0][kind] * (0.7 + 0.3 * size) * remain,
				red: (kind === PATCH ? 0.22 : 0.08) * remain ** 3
			});
		}
	}
	// Whatever was drawn only shows on bare skin, never on hair, lashes or lips.
	const sk = head.skin;
	for (let i = 0; i < sk.length; i++) {
		if (sk[i] < 1) {
			const s = sk[i];
			maps.hm[i] = head.hm[i] + (maps.hm[i] - head.hm[i]) * s;
			maps.red[i] = head.red[i] + (maps.red[i] - head.red[i]) * s;
			maps.pig[i] *= s;
		}
	}
	return { ...maps, dirty: dirtyTexels(head, maps) };
}

function dirtyTexels(head: HeadTexture, maps: Omit<SessionMaps, 'dirty'>) {
	const { tw, h } = head;
	const marked = new Uint8Array(tw * h);
	for (let i = 0; i < marked.length; i++) {
		if (
			maps.hm[i] !== head.hm[i] ||
			maps.red[i] !== head.red[i] ||
			maps.ao[i] !== head.ao[i] ||
			maps.pig[i] !== 0
		) {
			marked[i] = 1;
		}
	}
	const along = new Uint8Array(tw * h);
	for (let y = 0; y < h; y++) {
		const row = y * tw;
		for (let x = 0; x < tw; x++) {
			if (marked[row + x]) {
				for (let d = Math.max(0, x - 2); d <= Math.min(tw - 1, x + 2); d++) {
					along[row + d] = 1;
				}
			}
		}
	}
	const dirty = along.slice();
	for (let i = 0; i < along.length; i++) {
		if (along[i]) {
			if (i >= tw) {
				dirty[i - tw] = 1;
			}
			if (i + tw < dirty.length) {
				dirty[i + tw] = 1;
			}
		}
	}
	return dirty;
}
