import type { Concern } from '../../../lib/domain/concerns';
import { develop } from '../camera';
import { clamp01, mulberry32, skinFor, type Skin } from '../render-kit';
import type { DemoView } from '../shot';
import {
	closeupConcern,
	layoutConcern,
	strengthAt,
	type CloseupConcern,
	type ConcernLayout
} from './concerns';
import { frameFor, type Frame } from './frame';
import { hairFor, type Hair } from './hair';
import { poresFor, settleInFurrows, stampPores, type Pore } from './pores';
import { microrelief, unevenness } from './relief';
import { stampScars, type Scar } from './scars';
import { stampStriae, thinSkin } from './striae';
import { compose, illuminate, keyLightFor, scratchFor, type KeyLight, type Scratch } from './shade';
import { toneFor, type Tone } from './tone';

// Macro photographs of the treated skin, about 6 × 8 cm of cheek (of the abdomen for stretch
// marks): `closeupCourse(opts)` lays out one patient's skin, `(progress)` one session of the
// course and `(view)` the photo.

export interface CloseupOptions {
	seed: number;
	/** Fitzpatrick type 1..6; picked from the seed when omitted */
	skinTone?: number;
	/** acne scars when omitted, clear skin for null */
	concern?: Concern | null;
	width?: number;
	height?: number;
}

/** Everything about one view of the patient's skin that no session changes. */
interface Patch {
	f: Frame;
	relief: Float32Array;
	uneven: Float32Array;
	pores: Pore[];
	tone: Tone;
	hair: Hair;
	concern: ConcernLayout;
}

/**
 * Buffers one photo is worked out in. A photo is drawn synchronously up to `develop`, which
 * copies the light before it returns, so every course of a size can share one set.
 */
interface Workspace {
	scratch: Scratch;
	height: Float32Array;
	/** this session's pore mouths and ice-pick throats, 0..1 */
	open: Float32Array;
	/** this session's scar tissue, 0..1 */
	tissue: Float32Array;
	/** this session's stretch-mark floors, 0..1 */
	band: Float32Array;
	light: Float32Array;
}

const workspaces = new Map<number, Workspace>();

function workspace(n: number): Workspace {
	let ws = workspaces.get(n);
	if (!ws) {
		workspaces.clear();
		ws = {
			scratch: scratchFor(n),
			height: new Float32Array(n),
			open: new Float32Array(n),
			tissue: new Float32Array(n),
			band: new Float32Array(n),
			light: new Float32Array(n * 3)
		};
		workspaces.set(n, ws);
	}
	return ws;
}

// Each view frames its own patch of skin: the straight-on close-up sits lower on the cheek, a
// profile further back towards the jaw than the 45° view. So no two views of a session look
// like copies of each other, and a view shows the same patch in every session.
const PATCH_SEED: Record<DemoView, number> = {
	front: 0x2c3b,
	right45: 0x51ed,
	right90: 0x6a17,
	left45: 0x7f4a,
	left90: 0x1d93
};
const VIEW_NO: Record<DemoView, number> = {
	front: 1,
	left45: 2,
	right45: 3,
	left90: 4,
	right90: 5
};

export function closeupCourse(
	opts: CloseupOptions
): (progress: number) => (view: DemoView) => Promise<Buffer> {
	const w = Math.round(opts.width ?? 900);
	const h = Math.round(opts.height ?? 1200);
	if (!(w >= 16 && h >= 16)) {
		throw new RangeError('width and height must be at least 16');
	}
	const skin = skinFor(opts.skinTone, opts.seed);
	const concern = closeupConcern(opts.concern);
	const site = siteOf(concern);
	const key = keyLightFor(mulberry32(opts.seed ^ 0x6b1e));
	const patches = new Map<DemoView, Patch>();
	const patchFor = (view: DemoView) => {
		let patch = patches.get(view);
		if (!patch) {
			patch = layOut(frameFor(view, w, h, site), opts.seed ^ PATCH_SEED[view], skin, concern);
			patches.set(view, patch);
		}
		return patch;
	};
	return (progress) => {
		const p = clamp01(progress);
		return (view) => {
			const patch = patchFor(view);
			const ws = workspace(w * h);
			render(patch, ws, skin, concern, key, p);
			const grain = (opts.seed * 7919 + VIEW_NO[view] * 104729 + Math.round(p * 1000)) >>> 0;
			return develop(ws.light, w, h, grain);
		};
	};
}

/** The scars one view of a course shows, where they are in its photos (for specs and tools). */
export function closeupScars(opts: CloseupOptions, view: DemoView): Scar[] {
	const [w, h] = [Math.round(opts.width ?? 900), Math.round(opts.height ?? 1200)];
	const skin = skinFor(opts.skinTone, opts.seed);
	const concern = closeupConcern(opts.concern);
	const f = frameFor(view, w, h, siteOf(concern));
	return layOut(f, opts.seed ^ PATCH_SEED[view], skin, concern).concern.scars;
}

const siteOf = (c: CloseupConcern) => (c === 'stretch_marks' ? 'abdomen' : 'cheek');

function layOut(f: Frame, seed: number, skin: Skin, concern: CloseupConcern): Patch {
	// One generator per layer, so adding detail to one layer leaves the others as they were.
	const rnd = (layer: number) => mulberry32(seed * 16 + layer);
	const relief = microrelief(f.w, f.h, f.mm, rnd(3), f.side < 0);
	let pores = settleInFurrows(poresFor(f, rnd(1)), relief, f);
	const tone = toneFor(f, rnd(2), skin.depth);
	for (const m of tone.moles) {
		// A mole stands a little proud of the skin.
		raise(relief, f, m.x, m.y, m.r * f.mm, 0.06);
	}
	const layout = layoutConcern(concern, f, rnd(6), tone.moles);
	if (layout.striae) {
		pores = thinSkin(layout.striae, relief, tone.oil, pores, f, rnd(7));
	}
	return {
		f,
		relief,
		uneven: unevenness(f.w, f.h, f.mm, rnd(4)),
		pores,
		tone,
		hair: hairFor(f, pores, rnd(5)),
		concern: layout
	};
}

function render(
	patch: Patch,
	ws: Workspace,
	skin: Skin,
	concern: CloseupConcern,
	key: KeyLight,
	p: number
) {
	const { f, concern: layout } = patch;
	const { height } = ws;
	const k = strengthAt(concern, p);
	const creases = layout.creases;
	for (let o = 0; o < height.length; o++) {
		height[o] =
			patch.relief[o] + k.uneven * patch.uneven[o] + (creases ? k.creases * creases[o] : 0);
	}
	stampPores(height, ws.open, f, patch.pores, k.pores);
	stampScars(height, ws, f, layout.scars, p);
	if (layout.striae && k.striae) {
		stampStriae(height, ws.band, layout.striae, k.striae);
	}
	illuminate(f, height, patch.tone, patch.hair, ws.tissue, key, ws.scratch);
	compose(
		f,
		skin,
		patch.tone,
		patch.hair,
		{
			pigment: layout.pigment,
			pigmentK: k.pigment,
			marks: layout.marks,
			marksK: k.marks,
			open: ws.open,
			tissue: ws.tissue,
			band: layout.striae && ws.band,
			bandRed: layout.striae?.red,
			bandK: k.striae,
			// Treatment builds collagen under a scar, but it never quite matches the skin.
			tissueK: 1 - 0.4 * p
		},
		ws.scratch,
		ws.light
	);
}

function raise(map: Float32Array, f: Frame, cx: number, cy: number, r: number, by: number) {
	const reach = Math.ceil(r + 1);
	for (let y = Math.max(0, Math.floor(cy - reach)); y <= Math.min(f.h - 1, cy + reach); y++) {
		for (let x = Math.max(0, Math.floor(cx - reach)); x <= Math.min(f.w - 1, cx + reach); x++) {
			const d2 = ((x - cx) ** 2 + (y - cy) ** 2) / (r * r);
			if (d2 < 1) {
				map[y * f.w + x] += by * Math.sqrt(1 - d2);
			}
		}
	}
}
