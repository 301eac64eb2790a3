import { addNoise, mulberry32 } from '../render-kit';
import { addBumps } from './grid';

// The skin's own surface, in millimetres of height: the microrelief of crossing furrows that
// splits skin into small polygonal plates, and the slow unevenness under it. Pores, scars and
// lines are stamped on top per session (pores.ts, scars.ts, lines.ts).

/** Cell size of the skin's furrow network, mm: plates are about 0.5–1 mm across. */
const PLATE_MM = 0.75;
/** How deep a furrow is, mm. */
const FURROW_MM = 0.016;

const MARGIN_MM = 20;
const sheets = new Map<string, { map: Float32Array; w: number; h: number }>();

/**
 * The microrelief of one patient's view: a window, at a place the seed picks and mirrored for
 * the other cheek, into one large sheet of it per photo size. The furrow network is the
 * costliest layer to lay out and no one can tell two patients' furrows apart, so patients
 * share the sheet; their pores, hair, tone and scars are their own.
 */
export function microrelief(
	w: number,
	h: number,
	mm: number,
	rnd: () => number,
	mirror: boolean
): Float32Array {
	const key = `${w}x${h}`;
	let sheet = sheets.get(key);
	if (!sheet) {
		const pad = Math.round(MARGIN_MM * mm);
		sheet = { w: w + pad, h: h + pad, map: furrows(w + pad, h + pad, mm, mulberry32(0x5eed)) };
		sheets.set(key, sheet);
	}
	const ox = Math.floor(rnd() * (sheet.w - w));
	const oy = Math.floor(rnd() * (sheet.h - h));
	const out = new Float32Array(w * h);
	for (let y = 0; y < h; y++) {
		const from = (y + oy) * sheet.w + ox;
		if (!mirror) {
			out.set(sheet.map.subarray(from, from + w), y * w);
			continue;
		}
		for (let x = 0; x < w; x++) {
			out[y * w + x] = sheet.map[from + w - 1 - x];
		}
	}
	return out;
}

/**
 * Furrows along the edges of a stretched cellular pattern: the plates are longer along the
 * skin's tension lines, which a clinician reads as the grain of the skin.
 */
function furrows(w: number, h: number, mm: number, rnd: () => number): Float32Array {
	const out = new Float32Array(w * h);
	const angle = 0.8;
	const [ca, sa] = [Math.cos(angle), Math.sin(angle)];
	const cell = PLATE_MM * mm;
	const stretch = 1.45;
	// Grid coordinates of any pixel fall inside this box; one jitter per grid point.
	const span = Math.ceil((w + h) / cell) + 4;
	const off = Math.ceil(w / cell) + 2;
	const jx = new Float32Array(span * span);
	const jy = new Float32Array(span * span);
	for (let i = 0; i < jx.length; i++) {
		jx[i] = 0.1 + 0.8 * rnd();
		jy[i] = 0.1 + 0.8 * rnd();
	}
	const width = 0.16 / PLATE_MM;
	// Furrows are deep in some places and nearly gone in others.
	const strength = new Float32Array(w * h);
	addNoise(strength, w, 2.5 * mm, 0.5, rnd);
	addNoise(strength, w, 0.9 * mm, 0.3, rnd);
	for (let y = 0, o = 0; y < h; y++) {
		for (let x = 0; x < w; x++, o++) {
			const px = (x * ca + y * sa) / (cell * stretch) + 1;
			const py = (y * ca - x * sa) / cell + off;
			const ix = Math.floor(px);
			const iy = Math.floor(py);
			let d1 = 9;
			let d2 = 9;
			for (let j = iy - 1; j <= iy + 1; j++) {
				const row = j * span;
				for (let i = ix - 1; i <= ix + 1; i++) {
					const k = row + i;
					const dx = i + jx[k] - px;
					const dy = j + jy[k] - py;
					const d = dx * dx + dy * dy;
					if (d < d1) {
						d2 = d1;
						d1 = d;
					} else if (d < d2) {
						d2 = d;
					}
				}
			}
			const edge = (Math.sqrt(d2) - Math.sqrt(d1)) / width;
			const k = 0.6 + strength[o];
			// Plates are gently domed, not flat tiles with cracks between them.
			out[o] = -FURROW_MM * (k > 0.1 ? k : 0.1) * Math.exp(-edge * (0.6 + 0.4 * edge));
		}
	}
	// A fine grain below the plates, so no two plates are equally flat.
	addNoise(out, w, 0.3 * mm, 0.006, rnd);
	addNoise(out, w, 0.12 * mm, 0.003, rnd);
	return out;
}

/** The slow rise and fall of the surface over a few millimetres, mm; concerns scale it. */
export function unevenness(w: number, h: number, mm: number, rnd: () => number): Float32Array {
	// Soft bumps and hollows rather than lattice noise, whose square cells raking light would
	// show as a grid of bright tiles.
	const out = new Float32Array(w * h);
	addBumps(out, w, mm, 3, [2.5 * mm, 5 * mm], 0.05, rnd);
	addBumps(out, w, mm, 18, [0.8 * mm, 1.8 * mm], 0.025, rnd);
	return out;
}
