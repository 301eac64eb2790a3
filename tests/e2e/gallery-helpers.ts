// Shared by the gallery e2e files: publishing a case straight through the server functions,
// the public URLs of a case, and the redactions the editor holds.
import path from 'node:path';
import { eq } from 'drizzle-orm';
import type { Page } from '@playwright/test';
import type { App } from './app';
import { firstCourse, frontPhotos, patientNamed } from './demo-records';
import { galleryImage, user } from '../../src/lib/server/db/schema';
import { LocalDiskStore } from '../../src/lib/server/storage/local-disk';
import { createDraft } from '../../src/lib/server/gallery/drafts';
import { publishCase } from '../../src/lib/server/gallery/publish';
import { publicImageUrl } from '../../src/lib/server/gallery/public';
import type { StaffActor } from '../../src/lib/server/auth/guard';

export function publicImages(demo: App, caseId: string) {
	return demo.db
		.select()
		.from(galleryImage)
		.where(eq(galleryImage.caseId, caseId))
		.all()
		.map((i) => ({
			url: demo.baseURL + publicImageUrl(i.token, i.width, i.format),
			file: path.join(demo.dir, 'media', i.key),
			format: i.format
		}));
}

/** A front-view case of the patient's first course, made and published by the server itself. */
export async function publishedCase(demo: App, patientName: string) {
	const p = patientNamed(demo, patientName);
	const clinician = demo.db.select().from(user).where(eq(user.email, 'clinician@demo.test')).get()!;
	const actor = { user: clinician, clinicId: clinician.clinicId } as StaffActor;
	const co = firstCourse(demo, p.id);
	const fronts = frontPhotos(demo, p.id);
	const draft = await createDraft(demo.db, actor, {
		courseId: co.id,
		beforePhotoId: fronts[0].id,
		afterPhotoId: fronts.at(-1)!.id
	});
	await publishCase(demo.db, new LocalDiskStore(path.join(demo.dir, 'media')), actor, draft.id);
	return draft.id;
}

export const redactionsField = (page: Page) =>
	page
		.locator('input[name="redactions"]')
		.inputValue()
		.then((v) => JSON.parse(v));
