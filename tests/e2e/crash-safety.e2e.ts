import path from 'node:path';
import sharp from 'sharp';
import { eq, isNull } from 'drizzle-orm';
import { test, expect } from './app';
import {
	consent,
	galleryCase,
	galleryImage,
	photo,
	photoVariant,
	user
} from '../../src/lib/server/db/schema';
import { createDraft } from '../../src/lib/server/gallery/drafts';
import { publishCase } from '../../src/lib/server/gallery/publish';
import { LocalDiskStore } from '../../src/lib/server/storage/local-disk';
import type { StaffActor } from '../../src/lib/server/auth/guard';
import { activeConsent, frontPhotos, jordanOf, patientNamed } from './demo-records';
import { filesUnder } from '../support/file-tree';

const UPLOADS = 20;

test('SIGKILL during 20 uploads and a consent change loses nothing that was confirmed and leaves nothing half-done', async ({
	demo,
	browser
}) => {
	test.setTimeout(180_000);
	const db = demo.db;
	const media = path.join(demo.dir, 'media');
	const jordan = jordanOf(demo);
	const mei = patientNamed(demo, 'Mei Tanaka');
	const clinician = db.select().from(user).where(eq(user.email, 'clinician@demo.test')).get()!;
	const staff = { user: clinician, clinicId: clinician.clinicId } as StaffActor;

	function courseOf(sessionId: string): string {
		return db.$client
			.prepare('select course_id from treatment_session where id = ?')
			.pluck()
			.get(sessionId) as string;
	}

	// Mei has a published case, so withdrawing her gallery consent has rows and files to take down.
	const meiFronts = frontPhotos(demo, mei.id);
	const draft = createDraft(db, staff, {
		courseId: courseOf(meiFronts[0].sessionId!),
		beforePhotoId: meiFronts[0].id,
		afterPhotoId: meiFronts.at(-1)!.id
	});
	await publishCase(db, new LocalDiskStore(media), staff, draft.id);
	const galleryConsent = activeConsent(demo, mei.id, 'gallery_public');

	// Twenty different 6 MP photos (noise: each distinct, and slow enough to process that some
	// are still in the worker when the kill comes). SVG text is not an option: the photo
	// pipeline blocks sharp's SVG loader in this process too.
	const photos = await Promise.all(
		Array.from({ length: UPLOADS }, (_, i) =>
			sharp({
				create: {
					width: 3000,
					height: 2000,
					channels: 3,
					background: '#000',
					noise: { type: 'gaussian', mean: 100 + i * 5, sigma: 40 }
				}
			})
				.jpeg({ quality: 85 })
				.toBuffer()
		)
	);

	const context = await browser.newContext();
	await demo.signInAs(context, 'clinician@demo.test');
	const confirmed: string[] = [];
	let answered = 0;
	const uploads = photos.map((bytes, i) =>
		context.request
			.post(`${demo.baseURL}/api/v1/patients/${jordan.id}/photos`, {
				headers: { origin: demo.baseURL },
				multipart: {
					view: 'front',
					file: { name: `p${i}.jpg`, mimeType: 'image/jpeg', buffer: bytes }
				},
				timeout: 60_000
			})
			.then(async (res) => {
				answered++;
				if (res.status() === 201) {
					const body = await res.json();
					confirmed.push(...body.files.map((f: { id: string }) => f.id));
				}
			})
			.catch(() => {
				// the connection died with the server: never confirmed, so it may be lost
			})
	);
	const revoke = context.request
		.post(`${demo.baseURL}/clinic/patients/${mei.id}?/revokeConsent`, {
			headers: { origin: demo.baseURL, accept: 'text/html' },
			form: { consentId: galleryConsent.id, reason: 'changed her mind' }
		})
		.catch(() => {});

	// Kill once some uploads are confirmed and others are still in flight or processing.
	await expect.poll(() => answered, { timeout: 60_000 }).toBeGreaterThanOrEqual(5);
	await demo.crash();
	await Promise.all([...uploads, revoke]);
	expect(confirmed.length).toBeGreaterThanOrEqual(5);

	await demo.restart();
	expect(db.$client.pragma('integrity_check', { simple: true })).toBe('ok');

	// Every confirmed upload ends ready: the worker picks up what the crash interrupted (and
	// the uploads whose row committed but whose answer was lost with the connection).
	await expect
		.poll(() => db.select().from(photo).where(eq(photo.status, 'processing')).all().length, {
			timeout: 120_000
		})
		.toBe(0);
	const ready = new Set(
		db
			.select()
			.from(photo)
			.where(eq(photo.status, 'ready'))
			.all()
			.map((p) => p.id)
	);
	expect(confirmed.filter((id) => !ready.has(id))).toEqual([]);

	// The consent change happened entirely or not at all.
	const revoked =
		db.select().from(consent).where(eq(consent.id, galleryConsent.id)).get()!.revokedAt !== null;
	const caseRow = db.select().from(galleryCase).where(eq(galleryCase.id, draft.id)).get()!;
	const images = db.select().from(galleryImage).where(eq(galleryImage.caseId, draft.id)).all();
	expect([revoked, caseRow.status, images.length > 0]).toEqual(
		revoked ? [true, 'withdrawn', false] : [false, 'published', true]
	);

	// No row without its file, and (after the start-up sweep) no file without its row.
	const live = new Set<string>();
	for (const p of db.select().from(photo).where(isNull(photo.deletedAt)).all()) {
		live.add(p.originalKey);
	}
	for (const v of db.select().from(photoVariant).all()) {
		live.add(v.key);
	}
	for (const g of db.select().from(galleryImage).all()) {
		live.add(g.key);
	}
	const onDisk = new Set(filesUnder(media).filter((f) => !f.startsWith('tmp')));
	const missing = [...live].filter((k) => !onDisk.has(k));
	expect(missing, 'rows whose file is missing').toEqual([]);
	await expect
		.poll(() => filesUnder(media).filter((f) => !live.has(f)), { timeout: 10_000 })
		.toEqual([]);
	await context.close();
});
