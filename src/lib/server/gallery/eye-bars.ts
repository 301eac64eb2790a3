// A new draft of a face view opens with a bar over the detected eyes of both photos (issue 18):
// de-identification starts itself, and the clinician moves, resizes or deletes the bars as any
// other mask. Finding the faces never stops the draft being made.
import { and, eq, inArray, isNull } from 'drizzle-orm';
import type { Db } from '../db/client';
import { course, photo } from '../db/schema';
import type { StaffActor } from '../auth/guard';
import type { BlobStore } from '../storage/blob-store';
import { caseFaces } from './case-faces';
import { createDraft, type DraftInput, type SuggestedBars } from './drafts';
import { FACE_VIEWS, type FaceFinding } from '../../domain/publish-checks';
import type { ImageRedaction } from '../../domain/redaction';

const isFaceView = (view: string) => (FACE_VIEWS as readonly string[]).includes(view);

/**
 * Bars over the eyes the worker finds on the draft's two photos, or undefined when the draft
 * would be refused anyway or its view is not one a face detector reads: a 90° profile shows one
 * eye and the landmark model (like the alignment job) is only trusted up to 45°, so the
 * clinician places a profile's bar by hand.
 */
export async function suggestEyeBars(
	db: Db,
	store: BlobStore,
	actor: StaffActor,
	input: DraftInput,
	timeoutMs?: number
): Promise<SuggestedBars | undefined> {
	const c = db
		.select({ patientId: course.patientId })
		.from(course)
		.where(and(eq(course.id, input.courseId), eq(course.clinicId, actor.clinicId)))
		.get();
	if (!c) {
		return undefined;
	}
	const rows = db
		.select()
		.from(photo)
		.where(
			and(
				inArray(photo.id, [input.beforePhotoId, input.afterPhotoId]),
				eq(photo.patientId, c.patientId),
				eq(photo.status, 'ready'),
				isNull(photo.deletedAt)
			)
		)
		.all();
	const before = rows.find((r) => r.id === input.beforePhotoId);
	const after = rows.find((r) => r.id === input.afterPhotoId);
	if (!before || !after || before.view !== after.view || !isFaceView(before.view)) {
		return undefined;
	}
	const faces = await caseFaces(db, store, [before, after], { withBars: true, timeoutMs });
	const b = faces.get(before.id)!;
	const a = faces.get(after.id)!;
	return { redactions: { before: barOver(b), after: barOver(a) }, note: noteOf(b, a) };
}

function barOver(face: FaceFinding): ImageRedaction {
	return { crop: null, masks: face.found ? [{ kind: 'bar', ...face.bar }] : [] };
}

/** The audit detail: which photos got a bar, and why the others did not. */
function noteOf(before: FaceFinding, after: FaceFinding): string {
	const why = (f: FaceFinding) =>
		f.found ? 'suggested' : f.known ? 'no face found' : 'face detection did not answer in time';
	if (before.found && after.found) {
		return 'eye bars suggested on both photos';
	}
	return `eye bars: before ${why(before)}, after ${why(after)}`;
}

/** A draft that opens with its eye bars placed (face views), made as createDraft makes it. */
export async function createDraftWithEyeBars(
	db: Db,
	store: BlobStore,
	actor: StaffActor,
	input: DraftInput
) {
	return createDraft(db, actor, input, await suggestEyeBars(db, store, actor, input));
}
