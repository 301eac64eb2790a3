import type { Db } from '$lib/server/db/client';
import { recordPhotoView } from '$lib/server/photos/serve/photo-access-log';
import { fail, redirect } from '@sveltejs/kit';
import type { Actions, PageServerLoad } from './$types';
import { getStore } from '$lib/server/storage';
import { notFound, requireStaff, type StaffActor } from '$lib/server/auth/guard';
import { clinicCase, GalleryError, updateDraft } from '$lib/server/gallery/drafts';
import { redraftCase } from '$lib/server/gallery/redraft';
import { withdrawCase } from '$lib/server/gallery/publish';
import { publishChecked, publishChecks } from '$lib/server/gallery/publish-gates';
import { caseForEditor } from '$lib/server/gallery/staff-cases';
import { parseCaseLabels, parseRedactionsField } from '$lib/server/gallery/labels-form';
import { clinicTimeZone } from '$lib/server/clinic/clinic';
import { caseSocialExports, socialExportState } from '$lib/server/gallery/social-export';

export const load: PageServerLoad = async (event) => {
	const actor = requireStaff(event, 'gallery.publish');
	const db = event.locals.db;
	try {
		const view = caseForEditor(db, actor, event.params.caseId);
		// the editor shows the patient's unredacted photos
		recordPhotoView(db, actor, view.patient.id);
		return {
			...view,
			// what publishing will ask, shown before the Publish button (drafts only)
			checks:
				view.case.status === 'draft'
					? await publishChecks(db, getStore(), actor, view.case.id)
					: null,
			social:
				view.case.status === 'published'
					? {
							...socialExportState(db, { status: view.case.status, patientId: view.patient.id }),
							exports: caseSocialExports(db, actor, view.case.id)
						}
					: null,
			copiedFrom: copiedFrom(db, actor, event.url.searchParams.get('from')),
			timeZone: clinicTimeZone(db, actor.clinicId)
		};
	} catch (e) {
		if (e instanceof GalleryError) {
			notFound();
		}
		throw e;
	}
};

/** The withdrawn case a new draft was just started from (named on the page once). */
function copiedFrom(db: Db, actor: StaffActor, id: string | null) {
	if (!id) {
		return null;
	}
	try {
		const source = clinicCase(db, actor, id);
		return { id: source.id, title: source.title };
	} catch {
		return null;
	}
}

/** A refusal the clinician can act on, as the form's message; anything else is a bug. */
function refused(e: unknown, failed: 'save' | 'publish' | 'withdraw' | 'redraft') {
	if (e instanceof GalleryError) {
		return fail(e.status, { failed, message: e.message, field: undefined as string | undefined });
	}
	throw e;
}

export const actions: Actions = {
	save: async (event) => {
		const actor = requireStaff(event, 'gallery.publish');
		const data = await event.request.formData();
		const labels = parseCaseLabels(data);
		if (!labels.ok) {
			return fail(400, { failed: 'save' as const, message: labels.message, field: labels.field });
		}
		const redactions = parseRedactionsField(data);
		if (!redactions.ok) {
			return fail(400, {
				failed: 'save' as const,
				message: redactions.message,
				field: 'redactions'
			});
		}
		try {
			updateDraft(event.locals.db, actor, event.params.caseId, {
				labels: labels.data,
				redactions: redactions.data
			});
		} catch (e) {
			return refused(e, 'save');
		}
		return { saved: true };
	},
	publish: async (event) => {
		const actor = requireStaff(event, 'gallery.publish');
		const data = await event.request.formData();
		try {
			await publishChecked(event.locals.db, getStore(), actor, event.params.caseId, {
				captureReason: String(data.get('captureReason') ?? ''),
				faceShown: data.get('faceShown') === 'yes'
			});
		} catch (e) {
			return refused(e, 'publish');
		}
		return { published: true };
	},
	withdraw: async (event) => {
		const actor = requireStaff(event, 'gallery.publish');
		try {
			await withdrawCase(event.locals.db, getStore(), actor, event.params.caseId);
		} catch (e) {
			return refused(e, 'withdraw');
		}
		return { withdrawn: true };
	},
	/** A new draft from a withdrawn case, with its photos, labels and redactions. */
	redraft: async (event) => {
		const actor = requireStaff(event, 'gallery.publish');
		const sourceId = event.params.caseId;
		let draftId: string;
		try {
			draftId = redraftCase(event.locals.db, actor, sourceId).id;
		} catch (e) {
			return refused(e, 'redraft');
		}
		redirect(303, `/clinic/gallery/${draftId}?from=${sourceId}`);
	}
};
