/**
 * The provenance record of a public case: what the published images were made from and every
 * step on the way, fixed at publish time and served signed (README, "Checking a provenance
 * record"). Plain data that survives JSON unchanged, so a verifier's RFC 8785 canonical form of
 * the fetched record is byte for byte the one that was signed.
 */
import type { MaskKind, Rect } from './redaction';
import type { WatermarkPosition } from './watermark';

export const PROVENANCE_SCHEMA = 'resurface-provenance/1';

export type SourceRole = 'before' | 'after';

export interface ProvenanceSource {
	role: SourceRole;
	/** hex SHA-256 of the original file as uploaded (never modified: DESIGN invariant 7) */
	sha256: string;
	/** the month only ("2026-01"), as on the public page: a day could point at one visit */
	capturedOn: string;
	view: string;
}

export interface PixelRect {
	left: number;
	top: number;
	width: number;
	height: number;
}

/**
 * Where the later alignment step hooks in: a similarity transform to another photo of the
 * same view (the API's `alignment`, DESIGN "Interfaces"). Listed first when present.
 */
export interface AlignOperation {
	op: 'align';
	/** the role of the photo whose pixel grid this one was moved into ('before') */
	to: string;
	method: string;
	confidence: number;
	scale: number;
	rotationDeg: number;
	dx: number;
	dy: number;
}
/** Masks are painted on the whole upright photo before the crop; rects are its fractions. */
export interface RedactOperation {
	op: 'redact';
	masks: { kind: MaskKind; rect: Rect }[];
}
export interface CropOperation {
	op: 'crop';
	rect: Rect;
	/** the same rectangle in pixels of the upright original (`of`); null if its size is unknown */
	pixels: PixelRect | null;
	of: { width: number; height: number } | null;
}
export interface ResizeOperation {
	op: 'resize';
	width: number;
	height: number;
}
export interface EncodeOperation {
	op: 'encode';
	formats: string[];
	widths: number[];
}
/** The Open Graph card: before and after side by side. */
export interface ComposeOperation {
	op: 'compose';
	from: SourceRole[];
	layout: 'side-by-side';
	width: number;
	height: number;
}
/**
 * The clinic's watermark, drawn over the framed image before it is encoded: what it said (the
 * name) or which logo (its public file key), where, and how strongly.
 */
export interface WatermarkOperation {
	op: 'watermark';
	mark: 'name' | 'logo';
	/** the clinic's name as drawn (mark 'name') */
	text?: string;
	/** the logo's key, as in /media/brand/{key}.webp (mark 'logo') */
	logo?: string;
	position: WatermarkPosition;
	opacity: number;
}
export type ImageOperation =
	| AlignOperation
	| RedactOperation
	| CropOperation
	| ResizeOperation
	| WatermarkOperation
	| EncodeOperation;
export type CardOperation = ComposeOperation | WatermarkOperation | EncodeOperation;

/** A person's decision recorded with the case (issue 18's publish override). */
export interface ProvenanceOverride {
	kind: string;
	reason: string;
	/** the role of who decided, never their name */
	by: string;
	at: string;
}

/** What is stored in gallery_case.provenance. */
export interface ProvenanceBody {
	schema: typeof PROVENANCE_SCHEMA;
	/** package.json's version; null when the record was rebuilt for a case published earlier */
	appVersion: string | null;
	publishedAt: string;
	sources: ProvenanceSource[];
	operations: { before: ImageOperation[]; after: ImageOperation[]; og: CardOperation[] };
	/**
	 * An aligned after photo is published twice: aligned (operations.after, the default view)
	 * and as taken (these steps, its files under this token), for the page's "As taken" view.
	 */
	afterAsTaken?: { token: string; operations: ImageOperation[] };
	overrides: ProvenanceOverride[];
	/** set when the record was made from the rows after the fact, not at publish time */
	recordedAfterPublishing?: true;
}

export interface ProvenanceOutput {
	which: 'before' | 'after' | 'og';
	/** the after photo's as-taken files, beside its aligned ones (ProvenanceBody.afterAsTaken) */
	rendition?: 'as-taken';
	width: number;
	format: string;
	sha256: string;
	url: string;
}

/** What /c/{clinic}/cases/{id}/provenance.json serves. */
export interface SignedProvenance extends ProvenanceBody {
	case: { id: string; clinic: string; url: string };
	outputs: ProvenanceOutput[];
	signature: { alg: 'Ed25519'; kid: string; value: string };
}

const percent = (r: Rect) => Math.round(r.w * r.h * 100);
const plural = (n: number, one: string, many: string) => `${n} ${n === 1 ? one : many}`;
const ops = <T extends ImageOperation['op']>(list: ImageOperation[], op: T) =>
	list.filter((o): o is Extract<ImageOperation, { op: T }> => o.op === op);

const onePlace = (n: number) => (Math.round(n * 10) / 10).toLocaleString('en');

/** "after photo aligned to the before: only moved, turned 1.5° and scaled to 102 %" */
function alignWords(role: SourceRole, op: AlignOperation): string {
	const steps = ['moved'];
	if (Math.abs(op.rotationDeg) >= 0.05) {
		steps.push(`turned ${onePlace(Math.abs(op.rotationDeg))}°`);
	}
	if (Math.abs(op.scale - 1) >= 0.0005) {
		steps.push(`scaled to ${onePlace(op.scale * 100)} %`);
	}
	const how = steps.length > 1 ? `${steps.slice(0, -1).join(', ')} and ${steps.at(-1)}` : steps[0];
	const onto = op.to === 'before' || op.to === 'after' ? ` to the ${op.to}` : '';
	return `${role} photo aligned${onto}: only ${how}`;
}

/**
 * "Cropped to 62 % of the photo · 2 eye bars · resized to 1280 × 1600 · not retouched": the
 * record in a prospect's words, each part said once for both photos. The crop is not named
 * after the treated area: a clinic may keep the whole face for a case about the nose.
 */
export function provenanceWords(body: ProvenanceBody): string[] {
	const both = [body.operations.before, body.operations.after];
	const parts: string[] = [];
	for (const [role, list] of [
		['before', body.operations.before],
		['after', body.operations.after]
	] as const) {
		const align = ops(list, 'align')[0];
		if (align) {
			parts.push(alignWords(role, align));
		}
	}
	const crops = both.map((list) => ops(list, 'crop')[0]).filter((c) => c !== undefined);
	if (crops.length) {
		const shares = [...new Set(crops.map((c) => percent(c.rect)))];
		const share =
			shares.length === 1
				? `${shares[0]} % of the photo`
				: `${Math.min(...shares)}–${Math.max(...shares)} % of the photo`;
		parts.push(`cropped to ${share}`);
	}
	const masks = both.flatMap((list) => ops(list, 'redact').flatMap((o) => o.masks));
	const bars = masks.filter((m) => m.kind === 'bar').length;
	const blurs = masks.filter((m) => m.kind === 'blur').length;
	if (bars) {
		parts.push(plural(bars, 'eye bar', 'eye bars'));
	}
	if (blurs) {
		parts.push(plural(blurs, 'blurred area', 'blurred areas'));
	}
	const resize =
		ops(body.operations.after, 'resize')[0] ?? ops(body.operations.before, 'resize')[0];
	if (resize) {
		parts.push(`resized to ${resize.width} × ${resize.height}`);
	}
	if (ops(body.operations.before, 'watermark').length) {
		parts.push("the clinic's watermark added");
	}
	// every step the pipeline can take is listed above: none of them retouches the skin
	parts.push('not retouched');
	parts[0] = parts[0][0].toUpperCase() + parts[0].slice(1);
	return parts;
}
