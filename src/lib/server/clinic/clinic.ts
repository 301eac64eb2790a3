import { eq } from 'drizzle-orm';
import { writeTx, type Db } from '../db/client';
import { audit } from '../audit/audit';
import { clinic, user, type Clinic } from '../db/schema';
import { hashPassword } from '../auth/password';
import { DEFAULT_CLINIC_SETTINGS, type ClinicSettings } from '../../domain/clinic-settings';
import { FALLBACK_TIME_ZONE, knownTimeZone, todayIn } from '../../domain/clock';

export function hasAnyClinic(db: Db): boolean {
	return db.select({ id: clinic.id }).from(clinic).limit(1).get() !== undefined;
}

/** The clinic's slug when the install has exactly one clinic, else null (none, or several). */
export function soleClinicSlug(db: Db): string | null {
	const rows = db.select({ slug: clinic.slug }).from(clinic).limit(2).all();
	return rows.length === 1 ? rows[0].slug : null;
}

export function getClinic(db: Db, clinicId: string): Clinic | undefined {
	return db.select().from(clinic).where(eq(clinic.id, clinicId)).get();
}

// Asking Intl for the zone builds a formatter each time, and clinicSettings() asks on every
// read for a clinic that never chose a zone (1 ms of the timeline's CPU per request, profiled).
// Node reads TZ afresh when it changes, so the answer is kept per value of TZ.
let zoneOfServer: { tz: string | undefined; zone: string } | null = null;

/** The zone this server's clock is set to: a new clinic's, and any clinic's that never chose. */
export function serverTimeZone(): string {
	const tz = process.env.TZ;
	if (!zoneOfServer || zoneOfServer.tz !== tz) {
		const zone =
			knownTimeZone(Intl.DateTimeFormat().resolvedOptions().timeZone ?? '') ?? FALLBACK_TIME_ZONE;
		zoneOfServer = { tz, zone };
	}
	return zoneOfServer.zone;
}

export function clinicSettings(c: Clinic): ClinicSettings {
	const stored = c.settings as Partial<ClinicSettings>;
	return {
		...DEFAULT_CLINIC_SETTINGS,
		...stored,
		depthPresets: { ...DEFAULT_CLINIC_SETTINGS.depthPresets, ...stored.depthPresets },
		watermark: { ...DEFAULT_CLINIC_SETTINGS.watermark, ...stored.watermark },
		// a zone the runtime no longer knows would make every date throw; the server's stands in
		timeZone: knownTimeZone(stored.timeZone ?? '') ?? serverTimeZone()
	};
}

/** The clinic's time zone (the server's if the clinic is gone: callers have checked access). */
export function clinicTimeZone(db: Db, clinicId: string): string {
	const c = getClinic(db, clinicId);
	return c ? clinicSettings(c).timeZone : serverTimeZone();
}

/** Today's date (YYYY-MM-DD) on the clinic's wall clock. */
export function clinicToday(db: Db, clinicId: string, now = new Date()): string {
	return todayIn(clinicTimeZone(db, clinicId), now);
}

export class SetupClosedError extends Error {
	constructor() {
		super('This installation already has a clinic.');
	}
}

export interface NewClinic {
	clinicName: string;
	slug: string;
	ownerName: string;
	email: string;
	password: string;
}

/**
 * First run: the clinic and its owner, together or not at all, and on the record; refused
 * once a clinic exists.
 */
export function createFirstClinic(db: Db, input: NewClinic) {
	return createClinic(db, input, { firstRun: true });
}

/** A clinic with its owner. Beyond first run this is for operators' scripts and tests. */
export async function createClinic(db: Db, input: NewClinic, opts = { firstRun: false }) {
	const passwordHash = await hashPassword(input.password);
	return writeTx(db, (tx) => {
		if (opts.firstRun && tx.select({ id: clinic.id }).from(clinic).limit(1).get()) {
			throw new SetupClosedError();
		}
		const c = tx
			.insert(clinic)
			.values({
				slug: input.slug,
				name: input.clinicName,
				settings: { ...DEFAULT_CLINIC_SETTINGS, timeZone: serverTimeZone() }
			})
			.returning()
			.get();
		const owner = tx
			.insert(user)
			.values({
				clinicId: c.id,
				email: input.email,
				name: input.ownerName,
				role: 'owner',
				passwordHash
			})
			.returning()
			.get();
		if (opts.firstRun) {
			audit(tx, {
				clinicId: c.id,
				actorUserId: owner.id,
				action: 'clinic_setup',
				targetType: 'clinic',
				targetId: c.id,
				ok: true
			});
		}
		return { clinic: c, owner };
	});
}
