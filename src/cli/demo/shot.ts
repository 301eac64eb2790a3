import type { STANDARD_VIEWS } from '../../lib/domain/views';

/** The five standard views every demo session is photographed in. */
export type DemoView = (typeof STANDARD_VIEWS)[number];

/** One demo photo: whose skin (the seed), which session (`progress`, 0..1) and view, its size. */
export interface ShotOptions {
	seed: number;
	view: DemoView;
	progress: number;
	/** Fitzpatrick type 1..6; picked from the seed when omitted, so demo patients vary */
	skinTone?: number;
	width?: number;
	height?: number;
}
