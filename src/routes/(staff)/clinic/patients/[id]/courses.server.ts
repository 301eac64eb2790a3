import { createCourse, findCourse, logSession, SessionRefused } from '$lib/server/courses/courses';
import { parseCourseForm, parseSessionForm } from '$lib/server/courses/course-form';
import type { Actions } from './$types';
import { actingOn } from './acting.server';
import { answersFor } from './area-result';

const { done, refused } = answersFor('courses');

export const courseActions = {
	createCourse: async (event) => {
		const { db, actor, patient } = actingOn(event, 'clinical.write');
		const parsed = parseCourseForm(await event.request.formData());
		if (!parsed.ok) {
			return refused(400, 'createCourse', parsed.message);
		}
		const created = createCourse(db, actor, patient, parsed.data);
		return done('createCourse', { courseId: created.id });
	},
	/**
	 * `courseId` says which course's "Log session" form answers ('' for an unknown course). A
	 * logged session is named back (number, date, id) so the page can confirm it and point its
	 * photos at it.
	 */
	logSession: async (event) => {
		const { db, actor, patient } = actingOn(event, 'clinical.write');
		const data = await event.request.formData();
		const c = findCourse(db, patient, String(data.get('courseId') ?? ''));
		if (!c) {
			const message = 'That course does not exist for this patient.';
			return refused(404, 'logSession', message, { courseId: '' });
		}
		const parsed = parseSessionForm(data, c);
		if (!parsed.ok) {
			return refused(400, 'logSession', parsed.message, { courseId: c.id });
		}
		try {
			const s = logSession(db, actor, c, parsed.data);
			return done('logSession', {
				courseId: c.id,
				logged: { sessionId: s.id, number: s.number, performedOn: s.performedOn }
			});
		} catch (e) {
			if (e instanceof SessionRefused) {
				return refused(400, 'logSession', e.message, { courseId: c.id });
			}
			throw e;
		}
	}
} satisfies Actions;
