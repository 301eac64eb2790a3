import { createHash } from 'node:crypto';
import { eq, inArray } from 'drizzle-orm';
// with the attribute, so Node itself (tsx, Playwright's loader) reads it as Vite does
import pkg from '../../../../package.json' with { type: 'json' };
import type { Db, Tx } from '../db/client';
import { galleryImage, photo, type GalleryCase, type Photo } from '../db/schema';
import {
	NO_REDACTION,
	toPixels,
	type CaseRedactions,
	type ImageRedaction
} from '../../domain/redaction';
import {
	PROVENANCE_SCHEMA,
	type AlignOperation,
	type CardOperation,
	type ImageOperation,
	type ProvenanceBody,
	type ProvenanceOverride,
	type SourceRole,
	type WatermarkOperation
} from '../../domain/provenance';

export const APP_VERSION: string = pkg.version;

export const sha256Hex = (bytes: Uint8Array) => createHash('sha256').update(bytes).digest('hex');

/** One photo of the case as the record needs it: never its id, its patient or its file key. */
export interface SourceFacts {
	photo: Pick<Photo, 'sha256' | 'takenOn' | 'view' | 'width' | 'height'>;
	redaction: ImageRedaction;
	/** the alignment step's transform, when the photo was aligned before redaction */
	align?: Omit<AlignOperation, 'op'>;
	/**
	 * The photo whose pixel grid the crop is cut from, when it is not this one: an aligned after
	 * is moved into the before's pixels and cut with the before's crop.
	 */
	frame?: Pick<Photo, 'width' | 'height'>;
}

/** A public file of the case, as rendered (or as its row says). */
export interface OutputFacts {
	/** `asTaken`: the after photo as taken, published beside its aligned rendition */
	which: 'before' | 'after' | 'asTaken' | 'og';
	width: number;
	height: number;
	format: string;
}

export interface ProvenanceInput {
	appVersion: string | null;
	publishedAt: Date;
	before: SourceFacts;
	after: SourceFacts;
	outputs: OutputFacts[];
	/** for an aligned pair: the after as taken (its own redaction) and the token of its files */
	afterAsTaken?: { source: SourceFacts; token: string };
	/** what staff decided against a warning at publish (issue 18), with their reasons */
	overrides?: ProvenanceOverride[];
	/** the record is made from the rows of a case published before records existed */
	recordedAfterPublishing?: boolean;
	/** the clinic's watermark as drawn on every public image (gallery/stamp.ts), or none */
	watermark?: Omit<WatermarkOperation, 'op'> | null;
}

const sorted = <T extends string | number>(values: T[]) =>
	[...new Set(values)].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));

/**
 * The steps from one original to its public files, in the order render.ts applies them:
 * (alignment), masks on the whole upright photo, the crop, one common frame, the encodes.
 */
function imageOperations(
	source: SourceFacts,
	outputs: OutputFacts[],
	watermark: WatermarkOperation | null
): ImageOperation[] {
	const list: ImageOperation[] = [];
	if (source.align) {
		list.push({ op: 'align', ...source.align });
	}
	const { crop, masks } = source.redaction;
	if (masks.length) {
		list.push({
			op: 'redact',
			masks: masks.map(({ kind, x, y, w, h }) => ({ kind, rect: { x, y, w, h } }))
		});
	}
	if (crop) {
		const { width, height } = source.frame ?? source.photo;
		const of = width && height ? { width, height } : null;
		list.push({
			op: 'crop',
			rect: { x: crop.x, y: crop.y, w: crop.w, h: crop.h },
			pixels: of ? toPixels(crop, of.width, of.height) : null,
			of
		});
	}
	const largest = outputs.reduce<OutputFacts | null>(
		(max, o) => (max && max.width >= o.width ? max : o),
		null
	);
	if (largest) {
		list.push({ op: 'resize', width: largest.width, height: largest.height });
		if (watermark) {
			list.push(watermark);
		}
		list.push({
			op: 'encode',
			formats: sorted(outputs.map((o) => o.format)),
			widths: sorted(outputs.map((o) => o.width))
		});
	}
	return list;
}

function cardOperations(
	outputs: OutputFacts[],
	watermark: WatermarkOperation | null
): CardOperation[] {
	const card = outputs[0];
	if (!card) {
		return [];
	}
	return [
		{
			op: 'compose',
			from: ['before', 'after'],
			layout: 'side-by-side',
			width: card.width,
			height: card.height
		},
		...(watermark ? [watermark] : []),
		{ op: 'encode', formats: [card.format], widths: [card.width] }
	];
}

/** The record's body, as stored in gallery_case.provenance. */
export function provenanceBody(input: ProvenanceInput): ProvenanceBody {
	const of = (which: OutputFacts['which']) => input.outputs.filter((o) => o.which === which);
	const wm: WatermarkOperation | null = input.watermark
		? { op: 'watermark', ...input.watermark }
		: null;
	const source = (role: SourceRole) => {
		const p = input[role].photo;
		return { role, sha256: p.sha256, capturedOn: p.takenOn.slice(0, 7), view: p.view };
	};
	return {
		schema: PROVENANCE_SCHEMA,
		appVersion: input.appVersion,
		publishedAt: input.publishedAt.toISOString(),
		sources: [source('before'), source('after')],
		operations: {
			before: imageOperations(input.before, of('before'), wm),
			after: imageOperations(input.after, of('after'), wm),
			og: cardOperations(of('og'), wm)
		},
		...(input.afterAsTaken
			? {
					afterAsTaken: {
						token: input.afterAsTaken.token,
						operations: imageOperations(input.afterAsTaken.source, of('asTaken'), wm)
					}
				}
			: {}),
		overrides: input.overrides ?? [],
		...(input.recordedAfterPublishing ? { recordedAfterPublishing: true as const } : {})
	};
}

/**
 * The record after a format was added to the case's images (the AVIF job): every image's
 * encode step lists it. The card keeps its own (one JPEG).
 */
export function withEncodedFormat(body: ProvenanceBody, format: string): ProvenanceBody {
	const add = (list: ImageOperation[]): ImageOperation[] =>
		list.map((o) => (o.op === 'encode' ? { ...o, formats: sorted([...o.formats, format]) } : o));
	return {
		...body,
		operations: {
			...body.operations,
			before: add(body.operations.before),
			after: add(body.operations.after)
		},
		...(body.afterAsTaken
			? { afterAsTaken: { ...body.afterAsTaken, operations: add(body.afterAsTaken.operations) } }
			: {})
	};
}

/**
 * A case's record body: the one fixed at publish, or for a case published before records
 * existed, one made now from its rows (same photos, redactions and files), marked as such.
 */
export function caseProvenanceBody(db: Db | Tx, row: GalleryCase): ProvenanceBody {
	if (row.provenance) {
		return row.provenance as ProvenanceBody;
	}
	const ids = [row.beforePhotoId, row.afterPhotoId];
	const photos = db.select().from(photo).where(inArray(photo.id, ids)).all();
	const photoOf = (id: string) => {
		const p = photos.find((x) => x.id === id);
		if (!p) {
			throw new Error(`Case ${row.id} points at a missing photo.`);
		}
		return p;
	};
	const redactions = { ...NO_REDACTION, ...(row.redactions as Partial<CaseRedactions>) };
	return provenanceBody({
		appVersion: null,
		publishedAt: row.publishedAt ?? row.createdAt,
		before: { photo: photoOf(row.beforePhotoId), redaction: redactions.before },
		after: { photo: photoOf(row.afterPhotoId), redaction: redactions.after },
		outputs: db.select().from(galleryImage).where(eq(galleryImage.caseId, row.id)).all(),
		recordedAfterPublishing: true
	});
}

/**
 * The record of a case re-rendered with another watermark (restamp-job.ts): the same photos,
 * redactions, alignment and frame, the new mark (or none) before each encode, the encode
 * listing the formats rendered now (the AVIF job adds its own), and the as-taken after's new
 * token.
 */
export function withWatermark(
	body: ProvenanceBody,
	watermark: Omit<WatermarkOperation, 'op'> | null,
	formats: string[],
	asTakenToken: string | undefined
): ProvenanceBody {
	const wm: WatermarkOperation[] = watermark ? [{ op: 'watermark', ...watermark }] : [];
	const restamp = <T extends ImageOperation | CardOperation>(list: T[], encoded: string[]): T[] =>
		list
			.filter((o) => o.op !== 'watermark')
			.flatMap((o) =>
				o.op === 'encode' ? [...(wm as T[]), { ...o, formats: sorted(encoded) }] : [o]
			);
	const cardFormats = body.operations.og.flatMap((o) => (o.op === 'encode' ? o.formats : []));
	return {
		...body,
		operations: {
			before: restamp(body.operations.before, formats),
			after: restamp(body.operations.after, formats),
			og: restamp(body.operations.og, cardFormats)
		},
		...(body.afterAsTaken && asTakenToken
			? {
					afterAsTaken: {
						token: asTakenToken,
						operations: restamp(body.afterAsTaken.operations, formats)
					}
				}
			: {})
	};
}
