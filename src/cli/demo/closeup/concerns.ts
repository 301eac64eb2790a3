import type { Concern } from '../../../lib/domain/concerns';
import type { Frame } from './frame';
import { creaseMap } from './lines';
import { acneMarks, melasmaMap } from './pigment';
import { scarsFor, type Scar } from './scars';
import { striaeFor, striaeStrengthAt, type Striae, type StriaeStrength } from './striae';
import type { Mole } from './tone';

// What each concern adds to a patient's skin, laid out once per course and view, and how
// strongly it shows `p` (0..1) of the way through the course. Microneedling changes skin
// gradually, so every strength is a straight line from the first session to the last.

export interface ConcernLayout {
	scars: Scar[];
	/** creases at full depth, mm (fine lines, wrinkles) */
	creases?: Float32Array;
	/** melasma or scattered PIH, 0..1 */
	pigment?: Float32Array;
	/** marks acne left: red on fair skin, brown on deep */
	marks?: Float32Array;
	/** stretch marks' bands */
	striae?: Striae;
}

export interface ConcernStrength {
	/** pore size as a multiple of a typical pore */
	pores: number;
	/** the surface's unevenness as a multiple of typical */
	uneven: number;
	creases: number;
	pigment: number;
	marks: number;
	striae?: StriaeStrength;
}

/** The concern a close-up shows; stretch marks are close-ups of the abdomen, the rest of a cheek. */
export type CloseupConcern = Concern | null;

export function closeupConcern(concern: Concern | null | undefined): CloseupConcern {
	return concern === undefined ? 'acne_scars' : concern;
}

export function layoutConcern(
	c: CloseupConcern,
	f: Frame,
	rnd: () => number,
	moles: Mole[] = []
): ConcernLayout {
	if (c === 'acne_scars') {
		const scars = scarsFor(f, rnd, 0.8 + 0.4 * rnd(), moles);
		return { scars, marks: acneMarks(f, rnd, scars) };
	}
	if (c === 'fine_lines' || c === 'wrinkles') {
		return { scars: [], creases: creaseMap(f, rnd, c === 'wrinkles') };
	}
	if (c === 'pigmentation') {
		return { scars: [], pigment: melasmaMap(f, rnd) };
	}
	if (c === 'stretch_marks') {
		return { scars: [], striae: striaeFor(f, rnd) };
	}
	return { scars: [] };
}

export function strengthAt(c: CloseupConcern, p: number): ConcernStrength {
	const s: ConcernStrength = { pores: 1, uneven: 1, creases: 0, pigment: 0, marks: 0 };
	if (c === 'acne_scars') {
		Object.assign(s, { pores: 1.15 - 0.1 * p, uneven: 2.2 - 0.8 * p, marks: 1 - 0.8 * p });
	} else if (c === 'texture') {
		Object.assign(s, { pores: 2.4 - 0.8 * p, uneven: 3.5 - 1.6 * p });
	} else if (c === 'pigmentation') {
		s.pigment = 1 - 0.6 * p;
	} else if (c === 'fine_lines') {
		s.creases = 1 - 0.55 * p;
	} else if (c === 'wrinkles') {
		s.creases = 1 - 0.3 * p;
	} else if (c === 'stretch_marks') {
		// The belly's skin is smoother than a cheek's, its pores sparser (pores.ts) and fine.
		Object.assign(s, { pores: 0.9, uneven: 0.7, striae: striaeStrengthAt(p) });
	}
	return s;
}
