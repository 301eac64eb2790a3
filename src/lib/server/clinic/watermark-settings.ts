import { eq } from 'drizzle-orm';
import { z } from 'zod';
import { writeTx, type Db } from '../db/client';
import { clinic } from '../db/schema';
import { audit } from '../audit/audit';
import type { StaffActor } from '../auth/guard';
import { notFound } from '../auth/guard';
import { parseValues, type Parsed } from '../http/validation';
import { clinicSettings, getClinic } from './clinic';
import { casesAwaitingStamp, queueRestampIfNeeded } from '../gallery/restamp-job';
import {
	WATERMARK_OPACITY_MAX,
	WATERMARK_OPACITY_MIN,
	WATERMARK_POSITION_LABELS,
	WATERMARK_POSITIONS,
	type WatermarkSettings
} from '../../domain/watermark';

const percent = (n: number) => Math.round(n * 100);
const MIN = percent(WATERMARK_OPACITY_MIN);
const MAX = percent(WATERMARK_OPACITY_MAX);

/** The form (and the preview's query) as the page sends it: opacity in whole percent. */
const schema = z.object({
	enabled: z.boolean(),
	mark: z.enum(['name', 'logo'], 'Choose the clinic name or its logo.'),
	position: z.enum(WATERMARK_POSITIONS, 'Choose where the watermark goes.'),
	opacity: z.coerce
		.number('Set the opacity as a number of percent.')
		.int('Set the opacity in whole percent.')
		.min(MIN, `Set the opacity between ${MIN} % and ${MAX} %.`)
		.max(MAX, `Set the opacity between ${MIN} % and ${MAX} %.`)
		.transform((n) => n / 100)
});

/** Reads the watermark form (or the preview's query string) into settings. */
export function parseWatermark(
	values: { get(name: string): unknown },
	hasLogo: boolean
): Parsed<WatermarkSettings> {
	const parsed = parseValues(schema, {
		enabled: values.get('enabled') === 'on',
		mark: values.get('mark') ?? undefined,
		position: values.get('position') ?? undefined,
		opacity: values.get('opacity') ?? undefined
	});
	if (parsed.ok && parsed.data.mark === 'logo' && !hasLogo) {
		return {
			ok: false,
			field: 'mark',
			message: 'The clinic has no logo yet: upload one in Settings, or use the clinic name.'
		};
	}
	return parsed;
}

export interface WatermarkView {
	watermark: WatermarkSettings;
	clinicName: string;
	hasLogo: boolean;
	/** published cases still showing another mark than the saved one (re-rendered in a job) */
	awaiting: number;
}

export function clinicHasLogo(db: Db, actor: StaffActor): boolean {
	const c = getClinic(db, actor.clinicId) ?? notFound();
	return clinicSettings(c).logo !== null;
}

export function watermarkView(db: Db, actor: StaffActor): WatermarkView {
	const c = getClinic(db, actor.clinicId) ?? notFound();
	const s = clinicSettings(c);
	return {
		watermark: s.watermark,
		clinicName: c.name,
		hasLogo: s.logo !== null,
		awaiting: casesAwaitingStamp(db, actor.clinicId).length
	};
}

/** "on: name, bottom right, 50 %" — what the audit log says was chosen. */
export function watermarkWords(wm: WatermarkSettings): string {
	if (!wm.enabled) {
		return 'off';
	}
	const where = WATERMARK_POSITION_LABELS[wm.position].toLowerCase();
	return `on: ${wm.mark}, ${where}, ${percent(wm.opacity)} %`;
}

/**
 * Saves the watermark, on the record, and queues the re-render of the published cases it
 * changes (gallery/restamp-job.ts) in the same commit.
 */
export function saveWatermark(db: Db, actor: StaffActor, wm: WatermarkSettings): void {
	writeTx(db, (tx) => {
		const row = tx.select().from(clinic).where(eq(clinic.id, actor.clinicId)).get();
		if (!row) {
			notFound();
		}
		const before = clinicSettings(row).watermark;
		const stored = row.settings as Record<string, unknown>;
		tx.update(clinic)
			.set({ settings: { ...stored, watermark: wm } })
			.where(eq(clinic.id, actor.clinicId))
			.run();
		queueRestampIfNeeded(tx, actor.clinicId);
		audit(tx, {
			clinicId: actor.clinicId,
			actorUserId: actor.user.id,
			action: 'clinic_watermark',
			targetType: 'clinic',
			targetId: actor.clinicId,
			ok: true,
			detail: `watermark ${watermarkWords(before)} → ${watermarkWords(wm)}`
		});
	});
}
