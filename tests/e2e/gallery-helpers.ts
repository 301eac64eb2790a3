// Shared by the gallery e2e files: finding demo patients, publishing a case straight through
// the server functions, the public URLs of a case, and axe's serious findings.
import path from 'node:path';
import AxeBuilder from '@axe-core/playwright';
import { and, asc, eq } from 'drizzle-orm';
import type { Page } from '@playwright/test';
import type { App } from './app';
import { course, galleryImage, patient, photo, user } from '../../src/lib/server/db/schema';
import { LocalDiskStore } from '../../src/lib/server/storage/local-disk';
import { createDraft } from '../../src/lib/server/gallery/drafts';
import { publishCase } from '../../src/lib/server/gallery/publish';
import { publicImageUrl } from '../../src/lib/server/gallery/public';
import type { StaffActor } from '../../src/lib/server/auth/guard';

export const byName = (demo: App, name: string) =>
	demo.db.select().from(patient).where(eq(patient.displayName, name)).get()!;

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
	const p = byName(demo, patientName);
	const clinician = demo.db.select().from(user).where(eq(user.email, 'clinician@demo.test')).get()!;
	const actor = { user: clinician, clinicId: clinician.clinicId } as StaffActor;
	const co = demo.db.select().from(course).where(eq(course.patientId, p.id)).get()!;
	const fronts = demo.db
		.select()
		.from(photo)
		.where(and(eq(photo.patientId, p.id), eq(photo.view, 'front')))
		.orderBy(asc(photo.takenOn))
		.all();
	const draft = await createDraft(demo.db, actor, {
		courseId: co.id,
		beforePhotoId: fronts[0].id,
		afterPhotoId: fronts.at(-1)!.id
	});
	await publishCase(demo.db, new LocalDiskStore(path.join(demo.dir, 'media')), actor, draft.id);
	return draft.id;
}

export async function seriousViolations(page: Page) {
	const result = await new AxeBuilder({ page }).analyze();
	return result.violations
		.filter((v) => v.impact === 'serious' || v.impact === 'critical')
		.map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`);
}

export const redactionsField = (page: Page) =>
	page
		.locator('input[name="redactions"]')
		.inputValue()
		.then((v) => JSON.parse(v));
