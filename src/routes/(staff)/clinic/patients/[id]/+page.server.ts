import type { Db } from '$lib/server/db/client';
import { recordPhotoView } from '$lib/server/photos/serve/photo-access-log';
import type { Actions, PageServerLoad } from './$types';
import { openPostCount } from '$lib/server/gallery/social-takedown';
import { listPhotos } from '$lib/server/photos/serve/list';
import { withAnalysis } from '$lib/server/photos/align/stored';
import { getClinic, clinicSettings, serverTimeZone } from '$lib/server/clinic/clinic';
import { todayIn } from '$lib/domain/clock';
import { DEFAULT_CLINIC_SETTINGS } from '$lib/domain/clinic-settings';
import type { StaffRole } from '$lib/domain/roles';
import { can, requireStaff, type Permission } from '$lib/server/auth/guard';
import { patientOverview } from '$lib/server/patients/patients';
import { handsOverPatientLinks } from '$lib/server/invitations/invitations';
import { patientMailSummary } from '$lib/server/mail/patient-mail';
import { detailsActions } from './details.server';
import { courseActions } from './courses.server';
import { consentActions } from './consents.server';
import { photoActions } from './photos.server';
import { hasActivePhotoConsent } from '$lib/server/photos/intake/ingest';
import { portalActions } from './portal.server';
import { lastDevice } from '$lib/server/courses/courses';
import { consentOffers, hasActiveConsent } from '$lib/server/consents/consents';

/** What the page offers the actor, each read from the guard's permission table. */
const OFFERS = {
	canClinical: 'clinical.read',
	canClinicalWrite: 'clinical.write',
	canInvite: 'patient.invite',
	canPortal: 'portal.manage',
	canConsent: 'consent.record',
	canEdit: 'patient.write',
	canUpload: 'photo.write',
	canPublish: 'gallery.publish'
} as const satisfies Record<string, Permission>;

function offersFor(role: StaffRole) {
	const entries = Object.entries(OFFERS).map(([flag, permission]) => [flag, can(role, permission)]);
	return Object.fromEntries(entries) as Record<keyof typeof OFFERS, boolean>;
}

export const load: PageServerLoad = (event) => {
	const actor = requireStaff(event, 'patient.read');
	const db = event.locals.db;
	const overview = patientOverview(db, actor, event.params.id);
	const canPhotos = can(actor.user.role, 'photo.read');
	if (canPhotos) {
		// Looking at a patient's photos is itself recorded.
		recordPhotoView(db, actor, overview.patient.id);
	}
	const day = clinicDay(db, actor.clinicId);
	return {
		...overview,
		// with each photo's capture check, so kept warnings show on it
		photos: canPhotos ? withAnalysis(db, listPhotos(db, overview.patient.id)) : null,
		// the controls say why they are off, instead of each file failing with a 403
		photoConsent: hasActivePhotoConsent(db, overview.patient.id),
		...offersFor(actor.user.role),
		canHandOver: handsOverPatientLinks(actor.user.role),
		mail: patientMailSummary(db, actor, overview.patient.id),
		...day,
		// the one-signature form: every scope's current wording, and which are held already
		consentOffers: consentOffers(db, actor.clinicId, overview.patient.id, day.timeZone),
		// posts made under a social media consent no longer in force, still to take down
		postsToTakeDown: hasActiveConsent(db, overview.patient.id, 'social_media')
			? 0
			: openPostCount(db, overview.patient.id)
	};
};

/** The clinic's zone and today, and what a new course or session starts with. */
function clinicDay(db: Db, clinicId: string) {
	const clinic = getClinic(db, clinicId);
	const settings = clinic ? clinicSettings(clinic) : null;
	const timeZone = settings?.timeZone ?? serverTimeZone();
	const today = todayIn(timeZone);
	return {
		timeZone,
		today,
		courseDefaults: {
			plannedSessions: settings?.defaultPlannedSessions ?? 3,
			intervalWeeks: settings?.defaultIntervalWeeks ?? 4,
			depthPresets: settings?.depthPresets ?? DEFAULT_CLINIC_SETTINGS.depthPresets,
			device: lastDevice(db, clinicId),
			today
		}
	};
}

// One file per card of the page holds that card's actions (and its markup, *Card.svelte).
export const actions = {
	...detailsActions,
	...courseActions,
	...consentActions,
	...photoActions,
	...portalActions
} satisfies Actions;
