import { fail, redirect } from '@sveltejs/kit';
import { recordPhotoView } from '$lib/server/photos/serve/photo-access-log';
import type { Actions, PageServerLoad } from './$types';
import { requirePatientAccess, requireStaff } from '$lib/server/auth/guard';
import { createDraft, GalleryError } from '$lib/server/gallery/drafts';
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
			caseId = createDraft(event.locals.db, actor, {
				courseId: field('courseId'),
				beforePhotoId: field('before'),
				afterPhotoId: field('after')
			}).id;
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
