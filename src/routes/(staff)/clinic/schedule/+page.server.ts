import { fail } from '@sveltejs/kit';
import type { Actions, PageServerLoad } from './$types';
import { requireStaff } from '$lib/server/auth/guard';
import { clinicTimeZone } from '$lib/server/clinic/clinic';
import { todayIn } from '$lib/domain/clock';
import { CONCERNS } from '$lib/domain/concerns';
import {
	DEFAULT_WEEK_RANGE,
	WEEK_RANGES,
	type ScheduleQuery,
	type WeekRange
} from '$lib/domain/schedule-weeks';
import { frontDeskSchedule } from '$lib/server/front-desk/schedule';
import { parseContactForm } from '$lib/server/front-desk/contact-form';
import { recordContact } from '$lib/server/front-desk/contacts';
import { CONTACT_OUTCOME_LABELS } from '$lib/domain/contacts';

/** Filters live in the query string: the schedule can be bookmarked and works without JS. */
function queryFrom(params: URLSearchParams): ScheduleQuery {
	const weeks = Number(params.get('weeks'));
	const concern = params.get('concern') ?? '';
	return {
		weeks: (WEEK_RANGES as readonly number[]).includes(weeks)
			? (weeks as WeekRange)
			: DEFAULT_WEEK_RANGE,
		concern: (CONCERNS as readonly string[]).includes(concern) ? concern : null,
		uncontacted: params.get('uncontacted') === '1',
		q: params.get('q')?.trim().slice(0, 100) ?? ''
	};
}

export const load: PageServerLoad = (event) => {
	const actor = requireStaff(event, 'schedule.read');
	const db = event.locals.db;
	const timeZone = clinicTimeZone(db, actor.clinicId);
	const today = todayIn(timeZone);
	const query = queryFrom(event.url.searchParams);
	return { today, timeZone, query, schedule: frontDeskSchedule(db, actor, today, query) };
};

export const actions: Actions = {
	contact: async (event) => {
		const actor = requireStaff(event, 'patient.write');
		const data = await event.request.formData();
		const parsed = parseContactForm(data);
		if (!parsed.ok) {
			// the row whose form was refused opens again with the message
			const courseId = String(data.get('courseId') ?? '').slice(0, 64);
			return fail(400, { message: parsed.message, courseId, logged: null });
		}
		const row = recordContact(event.locals.db, actor, parsed.data);
		return {
			message: null,
			courseId: row.courseId,
			logged: {
				courseId: row.courseId,
				outcome: CONTACT_OUTCOME_LABELS[row.outcome]
			}
		};
	}
};
