import { fail } from '@sveltejs/kit';
import type { Actions, PageServerLoad } from './$types';
import { getStore } from '$lib/server/storage';
import { requireStaff } from '$lib/server/auth/guard';
import { clinicCase, GalleryError } from '$lib/server/gallery/drafts';
import { withdrawCase } from '$lib/server/gallery/publish';
import { listClinicCases, type CaseStatus } from '$lib/server/gallery/staff-cases';
import { clinicTimeZone } from '$lib/server/clinic/clinic';

const STATUSES: CaseStatus[] = ['draft', 'published', 'withdrawn'];

export const load: PageServerLoad = (event) => {
	const actor = requireStaff(event, 'gallery.publish');
	const wanted = event.url.searchParams.get('status');
	const status = STATUSES.find((s) => s === wanted) ?? null;
	const db = event.locals.db;
	const cases = listClinicCases(db, actor);
	const counts = Object.fromEntries(
		STATUSES.map((s) => [s, cases.filter((c) => c.status === s).length])
	) as Record<CaseStatus, number>;
	return {
		status,
		counts,
		cases: status ? cases.filter((c) => c.status === status) : cases,
		timeZone: clinicTimeZone(db, actor.clinicId)
	};
};

export const actions: Actions = {
	/** Takes a published case down, or discards a draft; the server knows which. */
	withdraw: async (event) => {
		const actor = requireStaff(event, 'gallery.publish');
		const caseId = String((await event.request.formData()).get('caseId') ?? '');
		const db = event.locals.db;
		try {
			const before = clinicCase(db, actor, caseId);
			await withdrawCase(db, getStore(), actor, caseId);
			return { withdrawn: { title: before.title, wasDraft: before.status === 'draft' } };
		} catch (e) {
			if (e instanceof GalleryError) {
				return fail(e.status, { message: e.message });
			}
			throw e;
		}
	}
};
