// Saving the owner's settings sits apart from clinic.ts because it queues the gallery's
// re-render (a new name is what a name watermark draws), and the restamp job reads the clinic
// through clinic.ts: kept together they imported each other.
import { eq } from 'drizzle-orm';
import { writeTx, type Db } from '../db/client';
import { audit } from '../audit/audit';
import type { StaffActor } from '../auth/guard';
import { clinic } from '../db/schema';
import type { ClinicSettings } from '../../domain/clinic-settings';
import { queueRestampIfNeeded } from '../gallery/restamp-job';

/**
 * Saves the owner's settings (and the display name, when given) and records it; a changed time
 * zone or name is named, old → new. The logo is not taken from `settings`: it changes only
 * through brand-logo.ts, so a form open while a logo was uploaded cannot put the old one back.
 */
export function saveClinicSettings(
	db: Db,
	actor: StaffActor,
	current: ClinicSettings,
	settings: ClinicSettings,
	names?: { current: string; next: string }
): void {
	writeTx(db, (tx) => {
		const row = tx.select().from(clinic).where(eq(clinic.id, actor.clinicId)).get();
		const logo = row ? ((row.settings as Partial<ClinicSettings>).logo ?? null) : null;
		const nameChanged = names !== undefined && names.next !== names.current;
		tx.update(clinic)
			.set({ settings: { ...settings, logo }, ...(nameChanged ? { name: names.next } : {}) })
			.where(eq(clinic.id, actor.clinicId))
			.run();
		const zoneChanged = settings.timeZone !== current.timeZone;
		const details = [
			zoneChanged ? `time zone ${current.timeZone} → ${settings.timeZone}` : null,
			nameChanged ? `name ${names.current} → ${names.next}` : null,
			settings.accentColor !== current.accentColor
				? `accent ${current.accentColor} → ${settings.accentColor}`
				: null,
			// who may frame the gallery is a security decision: the log says exactly what changed
			settings.embedOrigins.join(' ') !== current.embedOrigins.join(' ')
				? `embed origins ${listed(current.embedOrigins)} → ${listed(settings.embedOrigins)}`
				: null,
			settings.caseLinkTemplate !== current.caseLinkTemplate
				? `case link ${current.caseLinkTemplate ?? 'none'} → ${settings.caseLinkTemplate ?? 'none'}`
				: null
		].filter((d) => d !== null);
		// a new name is what a name watermark draws
		queueRestampIfNeeded(tx, actor.clinicId);
		audit(tx, {
			clinicId: actor.clinicId,
			actorUserId: actor.user.id,
			action: 'clinic_settings',
			targetType: 'clinic',
			targetId: actor.clinicId,
			ok: true,
			detail: details.length ? details.join('; ') : undefined
		});
	});
}

const listed = (origins: string[]) => (origins.length ? origins.join(' ') : 'none');
