// The watermark as it is drawn on one publication of a case: the clinic's settings resolved to
// what is actually drawn (its name as of now, or one logo file). Recorded in the provenance
// record, so the AVIF job draws the same mark and the re-render job knows which cases carry an
// outdated one.
import type { Clinic } from '../db/schema';
import type { BlobStore } from '../storage/blob-store';
import type { ProvenanceBody, WatermarkOperation } from '../../domain/provenance';
import { clinicSettings } from '../clinic/clinic';
import { logoBlobKey } from '../clinic/brand';
import type { WatermarkMark } from '../images/watermark';
import type { WatermarkSettings } from '../../domain/watermark';

export type Stamp = Omit<WatermarkOperation, 'op'>;

/** What the clinic's watermark settings draw today; null while it is off. */
export function currentStamp(c: Pick<Clinic, 'name' | 'settings'>): Stamp | null {
	const s = clinicSettings(c as Clinic);
	const wm = s.watermark;
	if (!wm.enabled) {
		return null;
	}
	const base = { position: wm.position, opacity: wm.opacity };
	// the name stands in while a clinic that chose its logo has none
	return wm.mark === 'logo' && s.logo
		? { mark: 'logo', logo: s.logo.key, ...base }
		: { mark: 'name', text: c.name, ...base };
}

/** The stamp a publication's record says its images carry (null: none). */
export function recordedStamp(body: ProvenanceBody | null): Stamp | null {
	const op = body?.operations.before.find((o): o is WatermarkOperation => o.op === 'watermark');
	if (!op) {
		return null;
	}
	const { op: _op, ...stamp } = op;
	return stamp;
}

export function sameStamp(a: Stamp | null, b: Stamp | null): boolean {
	if (!a || !b) {
		return a === b;
	}
	return (
		a.mark === b.mark &&
		a.text === b.text &&
		a.logo === b.logo &&
		a.position === b.position &&
		a.opacity === b.opacity
	);
}

/** A stamp's logo file is gone: the clinic has changed its logo since, so it is outdated. */
export class StampOutdated extends Error {
	override name = 'StampOutdated';
}

/** The settings and mark for watermarkLayer(), with the logo's bytes read from the store. */
export async function stampInput(
	store: BlobStore,
	stamp: Stamp | null
): Promise<{ settings: WatermarkSettings; mark: WatermarkMark } | null> {
	if (!stamp) {
		return null;
	}
	let logo: Buffer | null = null;
	if (stamp.mark === 'logo' && stamp.logo) {
		logo = await store.read(logoBlobKey(stamp.logo)).catch(() => null);
		if (!logo) {
			throw new StampOutdated('The logo of this watermark has been replaced.');
		}
	}
	return {
		settings: {
			enabled: true,
			mark: stamp.mark,
			position: stamp.position,
			opacity: stamp.opacity
		},
		mark: { name: stamp.text ?? '', logo }
	};
}
