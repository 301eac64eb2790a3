// What the alignment worker answers, shared by both sides of the thread.
import type { SourceType } from '../pipeline/decode';
import type { Point, Similarity } from './similarity';
import type { Quality } from './quality';

export type { CaptureWarning, Quality } from './quality';

export type PhotoView = 'front' | 'left45' | 'right45' | 'left90' | 'right90' | 'custom';

export interface ImageRef {
	path: string;
	type: SourceType;
}

/**
 * How the transform was found: face landmarks then ECC inside the face; ORB feature matches then
 * ECC over the frame; or ECC alone over a search of scales (smooth skin with few features).
 */
export type AlignMethod = 'face-landmarks+ecc' | 'orb+ecc' | 'ecc';

/** Photo → baseline, in full-size upright pixels of the two originals. */
export interface Alignment extends Similarity {
	method: AlignMethod;
	/** ECC's correlation between the baseline and the aligned photo, clamped to 0–1 */
	confidence: number;
}

/** A face in full-size upright pixels: box [x, y, w, h], iris centres left to right. */
export interface Face {
	box: [number, number, number, number];
	eyes: [Point, Point];
}

/** A face with what de-identification needs: where a bar covers both eyes, in fractions. */
export interface DetectedFace extends Face {
	score: number;
	eyeBar: { x: number; y: number; w: number; h: number };
}

export interface AlignResult {
	alignment: Alignment | null;
	/** why `alignment` is null */
	reason?: string;
	/** this photo's face, for the front and 45° views */
	face: Face | null;
	quality: Quality;
}

export type Request =
	| { id: number; op: 'align'; photo: ImageRef; baseline: ImageRef; view: PhotoView }
	| { id: number; op: 'face'; image: ImageRef };

export type Reply =
	| { id: number; ok: true; result: AlignResult | DetectedFace | null }
	| { id: number; ok: false; error: string; name: string };
