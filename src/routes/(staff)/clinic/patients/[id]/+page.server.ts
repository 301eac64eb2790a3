import type { Db } from '$lib/server/db/client';
import { recordPhotoView } from '$lib/server/photos/serve/photo-access-log';
import { fail } from '@sveltejs/kit';
import type { RequestEvent } from '@sveltejs/kit';
import type { Actions, PageServerLoad } from './$types';
import { getStore } from '$lib/server/storage';
import { handlePhotoUpload } from '$lib/server/photos/intake/upload-request';
import { listPhotos } from '$lib/server/photos/serve/list';
import { retryPhoto } from '$lib/server/photos/pipeline/retry';
import { deletePhoto } from '$lib/server/photos/delete';
import { editPhoto } from '$lib/server/photos/edit';
import { parsePhotoEdit } from '$lib/server/photos/photo-edit-form';
import { pokeWorker } from '$lib/server/platform/services';
import { ConsentError, recordConsent, revokeConsent } from '$lib/server/consents/consents';
import { parseConsentForm } from '$lib/server/consents/consent-form';
import { createCourse, findCourse, logSession } from '$lib/server/courses/courses';
import { parseCourseForm, parseSessionForm } from '$lib/server/courses/course-form';
import {
	getClinic,
	clinicSettings,
	clinicTimeZone,
	serverTimeZone
} from '$lib/server/clinic/clinic';
import { todayIn } from '$lib/domain/clock';
import { DEFAULT_CLINIC_SETTINGS } from '$lib/domain/clinic-settings';
import {
	can,
	requirePatientAccess,
	requirePhotoAccess,
	requireStaff
} from '$lib/server/auth/guard';
import { patientOverview, setArchived, updatePatient } from '$lib/server/patients/patients';
import { parsePatientForm } from '$lib/server/patients/patient-form';
import {
	InvitationError,
	invitePatient,
	issuesPatientLinks
} from '$lib/server/invitations/invitations';
import {
	cancelInviteAction,
	confirmInviteAction
} from '$lib/server/invitations/invitation-actions';
import { PortalAccessError, setPortalAccess } from '$lib/server/patients/portal-access';
import { qrSvg } from '$lib/server/platform/qr';

export const load: PageServerLoad = (event) => {
	const actor = requireStaff(event, 'patient.read');
	const db = event.locals.db;
	const overview = patientOverview(db, actor, event.params.id);
	const canPhotos = can(actor.user.role, 'photo.read');
	if (canPhotos) {
		// Looking at a patient's photos is itself recorded.
		recordPhotoView(db, actor, overview.patient.id);
	}
	return {
		...overview,
		photos: canPhotos ? listPhotos(db, overview.patient.id) : null,
		canClinical: can(actor.user.role, 'clinical.read'),
		canInvite: can(actor.user.role, 'patient.invite'),
		issuesLinks: issuesPatientLinks(actor.user.role),
		canPortal: can(actor.user.role, 'portal.manage'),
		canConsent: can(actor.user.role, 'consent.record'),
		canEdit: can(actor.user.role, 'patient.write'),
		canClinicalWrite: can(actor.user.role, 'clinical.write'),
		...clinicDay(db, actor.clinicId),
		canUpload: can(actor.user.role, 'photo.write'),
		canPublish: can(actor.user.role, 'gallery.publish')
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
			today
		}
	};
}

function photoActor(event: RequestEvent) {
	const actor = requireStaff(event, 'photo.write');
	return {
		actor,
		patient: requirePatientAccess(event.locals.db, actor, event.params.id as string, 'photo.write')
	};
}

async function photoIdFrom(event: RequestEvent): Promise<string> {
	return String((await event.request.formData()).get('photoId') ?? '');
}

export const actions: Actions = {
	updatePatient: async (event) => {
		const actor = requireStaff(event, 'patient.write');
		const p = requirePatientAccess(event.locals.db, actor, event.params.id, 'patient.write');
		const parsed = parsePatientForm(await event.request.formData());
		if (!parsed.ok) {
			return fail(400, { editMessage: parsed.message });
		}
		updatePatient(event.locals.db, actor, p, parsed.data);
		return { updated: true };
	},
	archive: async (event) => {
		const actor = requireStaff(event, 'patient.write');
		const p = requirePatientAccess(event.locals.db, actor, event.params.id, 'patient.write');
		const archive = (await event.request.formData()).get('archive') === '1';
		setArchived(event.locals.db, actor, p, archive);
		return { archived: archive };
	},
	createCourse: async (event) => {
		const actor = requireStaff(event, 'clinical.write');
		const p = requirePatientAccess(event.locals.db, actor, event.params.id, 'clinical.write');
		const parsed = parseCourseForm(await event.request.formData());
		if (!parsed.ok) {
			return fail(400, { courseMessage: parsed.message });
		}
		createCourse(event.locals.db, actor, p, parsed.data);
		return { courseCreated: true };
	},
	logSession: async (event) => {
		const actor = requireStaff(event, 'clinical.write');
		const p = requirePatientAccess(event.locals.db, actor, event.params.id, 'clinical.write');
		const data = await event.request.formData();
		const c = findCourse(event.locals.db, p, String(data.get('courseId') ?? ''));
		if (!c) {
			return fail(404, {
				sessionMessage: 'That course does not exist for this patient.',
				courseId: ''
			});
		}
		const parsed = parseSessionForm(data, c.areas);
		if (!parsed.ok) {
			return fail(400, { sessionMessage: parsed.message, courseId: c.id });
		}
		logSession(event.locals.db, actor, c, parsed.data);
		return { sessionLogged: c.id };
	},
	recordConsent: async (event) => {
		const actor = requireStaff(event, 'consent.record');
		const p = requirePatientAccess(event.locals.db, actor, event.params.id, 'consent.record');
		const parsed = await parseConsentForm(
			await event.request.formData(),
			clinicTimeZone(event.locals.db, actor.clinicId)
		);
		if (!parsed.ok) {
			return fail(400, { consentMessage: parsed.message });
		}
		try {
			recordConsent(event.locals.db, actor, p, parsed.data);
		} catch (e) {
			if (e instanceof ConsentError) {
				return fail(400, { consentMessage: e.message });
			}
			throw e;
		}
		return { consentRecorded: parsed.data.scope };
	},
	revokeConsent: async (event) => {
		const actor = requireStaff(event, 'consent.record');
		const p = requirePatientAccess(event.locals.db, actor, event.params.id, 'consent.record');
		const data = await event.request.formData();
		const reason = String(data.get('reason') ?? '').trim();
		if (!reason) {
			return fail(400, { revokeMessage: 'Write down the reason the patient gave.' });
		}
		try {
			await revokeConsent(
				event.locals.db,
				getStore(),
				actor,
				p,
				String(data.get('consentId') ?? ''),
				reason.slice(0, 300)
			);
		} catch (e) {
			if (e instanceof ConsentError) {
				return fail(409, { revokeMessage: e.message });
			}
			throw e;
		}
		return { consentRevoked: true };
	},
	upload: async (event) => {
		const { actor, patient: p } = photoActor(event);
		const outcome = await handlePhotoUpload(event.locals.db, getStore(), actor, p, event.request);
		if (outcome.files.some((f) => f.ok)) {
			pokeWorker();
		}
		const body = { uploadMessage: outcome.message, uploadResults: outcome.files };
		return outcome.status >= 400 ? fail(outcome.status, body) : body;
	},
	retryPhoto: async (event) => {
		const { actor } = photoActor(event);
		const photoId = await photoIdFrom(event);
		requirePhotoAccess(event.locals.db, actor, photoId);
		if (retryPhoto(event.locals.db, actor, photoId)) {
			pokeWorker();
		}
		return { retried: photoId };
	},
	editPhoto: async (event) => {
		const { actor } = photoActor(event);
		const data = await event.request.formData();
		const photoId = String(data.get('photoId') ?? '');
		requirePhotoAccess(event.locals.db, actor, photoId);
		const change = parsePhotoEdit(data);
		if (!change) {
			return fail(400, { photoMessage: 'Choose a view and a role from the lists.' });
		}
		editPhoto(event.locals.db, actor, photoId, change);
		return { edited: photoId };
	},
	deletePhoto: async (event) => {
		const { actor } = photoActor(event);
		const photoId = await photoIdFrom(event);
		requirePhotoAccess(event.locals.db, actor, photoId);
		await deletePhoto(event.locals.db, getStore(), actor, photoId);
		return { deleted: photoId };
	},
	/** A portal invitation to the address on file: a link for clinical staff, a request for front desk. */
	invite: async (event) => {
		const actor = requireStaff(event, 'patient.invite');
		const p = requirePatientAccess(event.locals.db, actor, event.params.id, 'patient.invite');
		let issued;
		try {
			issued = invitePatient(event.locals.db, actor, p);
		} catch (e) {
			if (e instanceof InvitationError) {
				return fail(409, { inviteMessage: e.message });
			}
			throw e;
		}
		if (!issued.token) {
			return { inviteRequested: true };
		}
		const link = `${event.url.origin}/invite/${issued.token}`;
		return {
			invite: { name: p.displayName, email: issued.invitation.email, link, qr: await qrSvg(link) }
		};
	},
	confirmInvite: (event) => {
		const actor = requireStaff(event, 'portal.manage');
		requirePatientAccess(event.locals.db, actor, event.params.id, 'portal.manage');
		return confirmInviteAction(event);
	},
	cancelInvite: (event) => {
		const actor = requireStaff(event, 'patient.invite');
		requirePatientAccess(event.locals.db, actor, event.params.id, 'patient.invite');
		return cancelInviteAction(event);
	},
	/** Ends (enabled=0) or restores (enabled=1) the patient's portal sign-in. */
	portalAccess: async (event) => {
		const actor = requireStaff(event, 'portal.manage');
		const p = requirePatientAccess(event.locals.db, actor, event.params.id, 'portal.manage');
		const enabled = (await event.request.formData()).get('enabled') === '1';
		try {
			setPortalAccess(event.locals.db, actor, p, enabled);
		} catch (e) {
			if (e instanceof PortalAccessError) {
				return fail(409, { portalMessage: e.message });
			}
			throw e;
		}
		return { portalChanged: enabled ? 'restored' : 'ended' };
	}
};
