import { createCourse, findCourse, logSession } from '$lib/server/courses/courses';
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
	/** `courseId` says which course's "Log session" form answers ('' for an unknown course). */
	logSession: async (event) => {
		const { db, actor, patient } = actingOn(event, 'clinical.write');
		const data = await event.request.formData();
		const c = findCourse(db, patient, String(data.get('courseId') ?? ''));
		if (!c) {
			const message = 'That course does not exist for this patient.';
			return refused(404, 'logSession', message, { courseId: '' });
		}
		const parsed = parseSessionForm(data, c.areas);
		if (!parsed.ok) {
			return refused(400, 'logSession', parsed.message, { courseId: c.id });
		}
		logSession(db, actor, c, parsed.data);
		return done('logSession', { courseId: c.id });
	}
} satisfies Actions;
