import { fail } from '@sveltejs/kit';
import type { Actions, PageServerLoad } from './$types';
import { notFound, requireStaff } from '$lib/server/auth/guard';
import { dueWithin, openCourses } from '$lib/server/courses/schedule';
import { countPatients } from '$lib/server/patients/patients';
import { clinicTimeZone } from '$lib/server/clinic/clinic';
import { todayIn } from '$lib/domain/clock';
import { dashboardExtras } from '$lib/server/clinic/dashboard';
import { recentActivity } from '$lib/server/audit/activity';
import { markPostRemoved, takedownList } from '$lib/server/gallery/social-takedown';
import { GalleryError } from '$lib/server/gallery/drafts';

export const load: PageServerLoad = (event) => {
	const actor = requireStaff(event, 'schedule.read');
	const db = event.locals.db;
	const timeZone = clinicTimeZone(db, actor.clinicId);
	const today = todayIn(timeZone);
	const courses = openCourses(db, actor, today);
	return {
		today,
		timeZone,
		role: actor.user.role,
		name: actor.user.name,
		patientCount: countPatients(db, actor),
		dueThisWeek: dueWithin(courses, today, 7),
		overdue: courses.filter((c) => c.overdue),
		...dashboardExtras(db, actor),
		takedown: takedownList(db, actor),
		activity: recentActivity(db, actor)
	};
};

export const actions: Actions = {
	/** A post made under a withdrawn social media consent is down: it leaves the checklist. */
	markRemoved: async (event) => {
		const actor = requireStaff(event, 'gallery.publish');
		const data = await event.request.formData();
		const exportId = String(data.get('exportId') ?? '');
		try {
			markPostRemoved(event.locals.db, actor, exportId);
		} catch (e) {
			if (e instanceof GalleryError) {
				if (e.status === 404) {
					notFound();
				}
				return fail(e.status, { exportId, message: e.message });
			}
			throw e;
		}
		return { removed: exportId };
	}
};
