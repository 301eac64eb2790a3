import type { PageServerLoad } from './$types';
import { getDb } from '$lib/server/db/client';
import { clinicSettings, getClinic } from '$lib/server/clinic';
import { requirePatient } from '$lib/server/auth/guard';
import { patientOverview } from '$lib/server/patients';
import { listPhotos } from '$lib/server/photos/list';
import { audit } from '$lib/server/audit';
import { courseProgress, toIsoDate } from '$lib/domain/schedule';
import { healingPhase, resultsWindow, type Phase, type PhaseWording } from '$lib/domain/healing';

/** The healing state of the most recently treated course, or null before any session. */
function currentHealing(
	courses: ReturnType<typeof patientOverview>['courses'],
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
		...healingPhase(last, today, progress.nextDueOn === null, wording),
		nextDueOn: progress.nextDueOn,
		window: resultsWindow(dates[0], last, progress.planned - progress.done, c.intervalWeeks, today)
	};
}

export const load: PageServerLoad = (event) => {
	const actor = requirePatient(event);
	const db = getDb();
	const overview = patientOverview(db, actor, actor.patient.id);
	audit(db, {
		clinicId: actor.clinicId,
		actorUserId: actor.user.id,
		action: 'photo_view',
		targetType: 'patient',
		targetId: actor.patient.id,
		ip: event.getClientAddress(),
		ok: true
	});
	const clinic = getClinic(db, actor.clinicId);
	const wording = clinic ? clinicSettings(clinic).healingWording : {};
	return {
		healing: currentHealing(overview.courses, toIsoDate(new Date()), wording),
		name: actor.patient.displayName,
		clinicName: clinic?.name ?? '',
		courses: overview.courses,
		photos: listPhotos(db, actor.patient.id)
	};
};
