import type { PageServerLoad } from './$types';
import { requireStaff } from '$lib/server/auth/guard';
import { dueWithin, openCourses } from '$lib/server/courses/schedule';
import { countPatients } from '$lib/server/patients/patients';
import { clinicTimeZone } from '$lib/server/clinic/clinic';
import { todayIn } from '$lib/domain/clock';
import { dashboardExtras } from '$lib/server/clinic/dashboard';
import { recentActivity } from '$lib/server/audit/activity';

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
		activity: recentActivity(db, actor)
	};
};
