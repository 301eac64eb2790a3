import sharp from 'sharp';
import type { Db } from '../db/client';
import type { BlobStore } from '../storage/blob-store';
import { pairAlignmentOf } from '../photos/serve/pair-alignment';
import { warpInto } from '../gallery/warp';
import type { Similarity } from '../../domain/similarity';
import type { ReportPhoto, ReportView } from './report-data';

/** What one view contributes to the report: JPEGs pdfkit can embed, and how they relate. */
export interface ViewImages {
	first: Buffer;
	latest: Buffer | null;
	/** the latest is drawn in the first photo's frame */
	aligned: boolean;
	/** why the latest is shown as taken; null when aligned or when there is no latest */
	note: string | null;
}

const JPEG = { quality: 86, mozjpeg: true } as const;

const asJpeg = async (store: BlobStore, p: ReportPhoto) =>
	sharp(await store.read(p.variant.key))
		.flatten({ background: '#ffffff' })
		.jpeg(JPEG)
		.toBuffer();

/**
 * The view's first photo as taken and its latest moved into the first one's frame, as the
 * compare pages draw it: the stored alignment is in full-size pixels, so it is scaled to the
 * private web versions read here. Without a usable alignment the latest is shown as taken and
 * the note says why, rather than a pair that looks comparable when it is not.
 */
export async function viewImages(db: Db, store: BlobStore, v: ReportView): Promise<ViewImages> {
	const first = await asJpeg(store, v.first);
	if (!v.latest) {
		return { first, latest: null, aligned: false, note: null };
	}
	const pair = pairAlignmentOf(db, v.first.id, v.latest.id);
	const [a, b] = [v.first, v.latest];
	if (pair.status !== 'aligned' || !a.fullWidth || !b.fullWidth) {
		const why =
			pair.status === 'aligned'
				? 'their full size was not recorded'
				: pair.status === 'pending'
					? 'alignment has not run yet'
					: pair.reason;
		return {
			first,
			latest: await asJpeg(store, b),
			aligned: false,
			note: `As taken, not aligned: ${why}.`
		};
	}
	const kA = a.variant.width / a.fullWidth;
	const kB = b.variant.width / b.fullWidth;
	const m = pair.transform;
	const t: Similarity = {
		scale: (m.scale * kA) / kB,
		rotationDeg: m.rotationDeg,
		dx: m.dx * kA,
		dy: m.dy * kA
	};
	const raw = await sharp(await store.read(b.variant.key))
		.removeAlpha()
		.raw()
		.toBuffer({ resolveWithObject: true });
	const warped = await warpInto(
		{ data: raw.data, info: { width: raw.info.width, height: raw.info.height, channels: 3 } },
		t,
		a.variant.width,
		a.variant.height
	);
	const latest = await sharp(warped.data, { raw: warped.info }).jpeg(JPEG).toBuffer();
	return { first, latest, aligned: true, note: null };
}
