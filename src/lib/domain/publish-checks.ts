/**
 * What publishing a gallery case asks of the person when the pair is not an honest comparison
 * as it stands (issue 18): a reason when the two captures differ beyond the tolerances, and a
 * confirmation when a face is shown with its eyes uncovered. Pure: the server gathers the
 * alignment rows and the faces, these functions decide and put it in words.
 */
import type { ImageRedaction, Rect } from './redaction';
import type { CaptureWarning } from './capture-warnings';

export type { CaptureWarning };
export type Which = 'before' | 'after';

/** One photo's alignment row, as far as the checks need it. */
export interface CaptureFacts {
	status: 'baseline' | 'aligned' | 'unsure' | 'failed';
	reason: string | null;
	/** whether the photo it was measured against is the case's other photo */
	againstOther: boolean;
	rotationDeg: number | null;
	scale: number | null;
	quality: {
		sharpnessVsBaseline: number;
		exposureEv: number;
		whiteBalance: { rg: number; bg: number };
		warnings: CaptureWarning[];
	} | null;
}

/** Eye centres in fractions (0–1) of the upright photo. */
export type Eyes = readonly [readonly [number, number], readonly [number, number]];

/** What was found about a photo's face: eyes, none, or nothing known (detection unavailable). */
export type FaceFinding = { found: true; eyes: Eyes; bar: Rect } | { found: false; known: boolean };

/** A reason must say something: at least this many words. */
export const MIN_REASON_WORDS = 4;
export const MAX_REASON_CHARS = 500;
export const FACE_VIEWS = ['front', 'left45', 'right45'] as const;

const pct = (v: number) => `${Math.round(v * 100)} %`;
const fixed = (v: number) => (Math.round(v * 10) / 10).toFixed(1);

/**
 * The sentences saying how one photo's capture differs; empty when it is within the tolerances
 * or was never checked (a photo from before the alignment step has no row).
 */
export function captureDifferences(which: Which, facts: CaptureFacts | null): string[] {
	if (!facts) {
		return [];
	}
	const photo = `The ${which} photo`;
	const other = facts.againstOther
		? `the ${which === 'after' ? 'before' : 'after'}`
		: 'the course’s first photo of this view';
	const lines: string[] = [];
	if (facts.status === 'unsure' || facts.status === 'failed') {
		lines.push(
			`${photo} could not be aligned to ${other}${facts.reason ? ` (${facts.reason})` : ''}, so the pair is shown as taken.`
		);
	}
	const q = facts.quality;
	for (const w of q?.warnings ?? []) {
		switch (w) {
			case 'blurred':
				lines.push(
					`${photo} is blurred: ${pct(q!.sharpnessVsBaseline)} of the sharpness of ${other}.`
				);
				break;
			case 'darker':
			case 'brighter':
				lines.push(`${photo} is ${fixed(Math.abs(q!.exposureEv))} stops ${w} than ${other}.`);
				break;
			case 'colour': {
				const off = (r: number) => Math.round(Math.abs(r - 1) * 100);
				lines.push(
					`${photo} is off in colour against ${other} (red ${off(q!.whiteBalance.rg)} %, blue ${off(q!.whiteBalance.bg)} % different).`
				);
				break;
			}
			case 'turned':
				lines.push(`The head is turned differently in the ${which} photo than in ${other}.`);
				break;
			case 'tilted':
				lines.push(
					facts.rotationDeg !== null
						? `${photo} is tilted ${fixed(Math.abs(facts.rotationDeg))}° against ${other}.`
						: `${photo} is tilted against ${other}.`
				);
				break;
			case 'framing':
				lines.push(
					facts.scale !== null && Math.abs(facts.scale - 1) > 0.1
						? `${photo} is taken from ${facts.scale > 1 ? 'further away' : 'closer'} than ${other} (${pct(Math.abs(facts.scale - 1))} in scale).`
						: `${photo} is framed differently from ${other}.`
				);
				break;
		}
	}
	return lines;
}

const inside = ([x, y]: readonly [number, number], r: Rect) =>
	x >= r.x && x <= r.x + r.w && y >= r.y && y <= r.y + r.h;

/**
 * Whether the public image of this photo could show an eye: an eye is hidden when a bar or blur
 * covers its centre, or the crop leaves it out. A photo the detector could not look at (it did
 * not answer in time) counts as showing them unless something is masked on it at all; one it
 * looked at and found no face in (an abdomen, also taken in the front view) shows none.
 */
export function eyesShown(face: FaceFinding, redaction: ImageRedaction): boolean {
	if (!face.found) {
		return !face.known && redaction.masks.length === 0;
	}
	return face.eyes.some(
		(eye) =>
			!redaction.masks.some((m) => inside(eye, m)) &&
			(redaction.crop === null || inside(eye, redaction.crop))
	);
}

/**
 * Photos the confirmation is about: those with a face found, in any view, and front-view photos
 * nobody could check. Profiles and other areas without a face found are not asked about.
 */
function facePhotos(view: string, faces: Record<Which, FaceFinding>): Which[] {
	return (['before', 'after'] as const).filter(
		(w) => faces[w].found || (view === 'front' && !faces[w].known)
	);
}

/** Why the face confirmation is needed, in words; null when the eyes are covered. */
export function uncoveredEyes(
	view: string,
	faces: Record<Which, FaceFinding>,
	redactions: Record<Which, ImageRedaction>
): string | null {
	const shown = facePhotos(view, faces).filter((w) => eyesShown(faces[w], redactions[w]));
	if (shown.length === 0) {
		return null;
	}
	const unchecked = shown.filter((w) => !faces[w].found);
	if (unchecked.length === shown.length) {
		const where = shown.length === 2 ? 'either photo' : `the ${shown[0]} photo`;
		return `The face could not be looked for on ${where}, and nothing is masked on ${shown.length === 2 ? 'them' : 'it'}: the patient’s eyes may be visible.`;
	}
	const photos = shown.length === 2 ? 'both photos' : `the ${shown[0]} photo`;
	return `The patient’s eyes are uncovered on ${photos}: the face can be recognised.`;
}

/** A reason worth recording, or the message saying what is missing. */
export function checkReason(
	raw: string
): { ok: true; reason: string } | { ok: false; message: string } {
	const reason = raw.trim().replace(/\s+/g, ' ');
	if (reason.split(' ').filter((w) => /\p{L}/u.test(w)).length < MIN_REASON_WORDS) {
		return {
			ok: false,
			message: `The two photos were not taken alike. To publish them anyway, say why in a few words (at least ${MIN_REASON_WORDS}); the reason is shown in the case’s public record.`
		};
	}
	if (reason.length > MAX_REASON_CHARS) {
		return { ok: false, message: `Keep the reason under ${MAX_REASON_CHARS} characters.` };
	}
	return { ok: true, reason };
}
