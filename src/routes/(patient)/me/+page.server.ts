import { fail } from '@sveltejs/kit';
import { recordPhotoView } from '$lib/server/photos/serve/photo-access-log';
import type { Actions, PageServerLoad } from './$types';
import { clinicSettings, getClinic, serverTimeZone } from '$lib/server/clinic/clinic';
import { requirePatient } from '$lib/server/auth/guard';
import { ownCourses, ownPhotos, type PatientCourseView } from '$lib/server/patients/patient-record';
import { parseForm } from '$lib/server/http/validation';
import { rateSession, SelfRatingError, selfRatingSchema } from '$lib/server/courses/self-rating';
import { courseProgress } from '$lib/domain/schedule';
import { todayIn } from '$lib/domain/clock';
import { consentDocuments } from '$lib/server/consents/documents';
import { healingPhase, resultsWindow, type Phase, type PhaseWording } from '$lib/domain/healing';

/** The healing state of the most recently treated course, or null before any session. */
function currentHealing(
	courses: PatientCourseView[],
	today: string,
	wording: Partial<Record<Phase, PhaseWording>>
) {
	const treated = courses
		.filter((c) => c.sessions.length > 0)
		.sort((a, b) => b.sessions.at(-1)!.performedOn.localeCompare(a.sessions.at(-1)!.performedOn));
	const c = treated[0];
	if (!c) {
		return null;
	}
	const dates = c.sessions.map((s) => s.performedOn);
	const progress = courseProgress(c, dates, today);
	const last = dates.at(-1)!;
	return {
		courseId: c.id,
		...healingPhase(last, today, progress.nextDueOn === null, wording),
		nextDueOn: progress.nextDueOn,
		window: resultsWindow(dates[0], last, progress.planned - progress.done, c.intervalWeeks, today)
	};
}

export const load: PageServerLoad = (event) => {
	const db = event.locals.db;
	const actor = requirePatient(db, event);
	const courses = ownCourses(db, actor);
	recordPhotoView(db, actor, actor.patient.id);
	const clinic = getClinic(db, actor.clinicId);
	const settings = clinic ? clinicSettings(clinic) : null;
	const wording = settings?.healingWording ?? {};
	const today = todayIn(settings?.timeZone ?? serverTimeZone());
	return {
		today,
		healing: currentHealing(courses, today, wording),
		name: actor.patient.displayName,
		clinicName: clinic?.name ?? '',
		courses,
		photos: ownPhotos(db, actor),
		// each links to its document (/me/consents/[id]); the list itself needs no signatures
		consents: consentDocuments(db, actor.clinicId, actor.patient.id)
			.reverse()
			.map((d) => ({
				id: d.id,
				scopeLabel: d.scopeLabel,
				grantedAtText: d.grantedAtText,
				state: d.state
			}))
	};
};

export const actions: Actions = {
	/** The patient's own 0–10 rating and note for one of their sessions. */
	rate: async (event) => {
		const actor = requirePatient(event.locals.db, event);
		const data = await event.request.formData();
		const sessionId = String(data.get('sessionId') ?? '');
		const parsed = parseForm(selfRatingSchema, data);
		if (!parsed.ok) {
			return fail(400, { rateMessage: parsed.message, sessionId });
		}
		try {
			rateSession(event.locals.db, actor, parsed.data.sessionId, parsed.data);
		} catch (e) {
			if (e instanceof SelfRatingError) {
				return fail(400, { rateMessage: e.message, sessionId });
			}
			throw e;
		}
		return { rated: sessionId };
	}
};
