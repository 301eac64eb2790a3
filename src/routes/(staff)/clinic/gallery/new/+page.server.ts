import { fail, redirect } from '@sveltejs/kit';
import { recordPhotoView } from '$lib/server/photos/serve/photo-access-log';
import type { Actions, PageServerLoad } from './$types';
import { requirePatientAccess, requireStaff } from '$lib/server/auth/guard';
import { GalleryError } from '$lib/server/gallery/drafts';
import { createDraftWithEyeBars } from '$lib/server/gallery/eye-bars';
import { getStore } from '$lib/server/storage';
import { caseChoices, galleryConsentOf, galleryPatients } from '$lib/server/gallery/new-case';

export const load: PageServerLoad = (event) => {
	const actor = requireStaff(event, 'gallery.publish');
	const db = event.locals.db;
	const params = event.url.searchParams;
	const q = (params.get('q') ?? '').slice(0, 100);
	const patientId = params.get('patient');
	if (!patientId) {
		return { step: 'patient' as const, q, patients: galleryPatients(db, actor, q) };
	}
	const p = requirePatientAccess(event.locals.db, actor, patientId, 'gallery.publish');
	const patient = { id: p.id, name: p.displayName };
	const consent = galleryConsentOf(db, p.id);
	if (consent !== 'active') {
		return { step: 'consent' as const, patient, consent };
	}
	const courses = caseChoices(db, p);
	const course = courses.find((c) => c.id === params.get('course')) ?? courses[0] ?? null;
	const views = course?.views ?? [];
	const view =
		views.find((v) => v.view === params.get('view')) ??
		views.find((v) => v.view === 'front') ??
		views[0] ??
		null;
	recordPhotoView(db, actor, p.id);
	return {
		step: 'photos' as const,
		patient,
		// only the chosen view's photos travel to the page
		courses: courses.map(({ views, ...c }) => ({
			...c,
			views: views.map((v) => ({ view: v.view, count: v.photos.length }))
		})),
		courseId: course?.id ?? null,
		view
	};
};

export const actions: Actions = {
	create: async (event) => {
		const actor = requireStaff(event, 'gallery.publish');
		const data = await event.request.formData();
		const field = (name: string) => String(data.get(name) ?? '');
		let caseId: string;
		try {
			const input = {
				courseId: field('courseId'),
				beforePhotoId: field('before'),
				afterPhotoId: field('after')
			};
			caseId = (await createDraftWithEyeBars(event.locals.db, getStore(), actor, input)).id;
		} catch (e) {
			if (e instanceof GalleryError) {
				const message =
					e.status === 404 ? 'That course or those photos were not found.' : e.message;
				return fail(e.status, { message });
			}
			throw e;
		}
		redirect(303, `/clinic/gallery/${caseId}`);
	}
};
