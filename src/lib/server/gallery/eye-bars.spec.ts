import { afterAll, afterEach, beforeEach, describe, expect, it } from 'vitest';
import { eq } from 'drizzle-orm';
import { auditEvent } from '../db/schema';
import { photoTestClinic } from '$test/support/photo-clinic';
import { faceCase, FACE_SIZE } from '$test/support/face-case';
import { closeAligner, detectFace } from '../photos/align/align';
import { createDraftWithEyeBars, suggestEyeBars } from './eye-bars';
import { forgetFaces } from './case-faces';
import { GalleryError } from './drafts';
import type { CaseRedactions, Mask } from '../../domain/redaction';

let c: ReturnType<typeof photoTestClinic>;
beforeEach(() => {
	c = photoTestClinic();
	forgetFaces();
});
afterEach(() => c.cleanup());
afterAll(() => closeAligner());

const draftAudit = (id: string) =>
	c.db.select().from(auditEvent).where(eq(auditEvent.targetId, id)).get()!;
const covers = (m: Mask, [x, y]: readonly [number, number]) =>
	x >= m.x && x <= m.x + m.w && y >= m.y && y <= m.y + m.h;

describe('eye bars on a new draft', () => {
	it('places an ordinary bar over the detected eyes of both photos, and audits it', async () => {
		const m = await faceCase(c);
		const draft = await createDraftWithEyeBars(c.db, c.store, c.actor, m.input);
		const r = draft.redactions as CaseRedactions;
		const face = (await detectFace(c.store.localPath(m.before.originalKey)!, 'image/jpeg'))!;
		const eyes = face.eyes.map(([x, y]) => [x / FACE_SIZE.width, y / FACE_SIZE.height] as const);
		for (const which of ['before', 'after'] as const) {
			expect(r[which].crop).toBeNull();
			expect(r[which].masks).toHaveLength(1);
			const [bar] = r[which].masks;
			expect(bar.kind).toBe('bar');
			for (const eye of eyes) {
				expect(covers(bar, eye), `${which} ${eye.join(',')}`).toBe(true);
			}
			// a bar over the eyes, not a mask over the face
			expect(bar.w).toBeLessThan(0.6);
			expect(bar.h).toBeLessThan(0.2);
		}
		expect(draftAudit(draft.id)).toMatchObject({
			action: 'gallery_draft',
			detail: 'eye bars suggested on both photos'
		});
	}, 60_000);

	it('places none where no face is found, and says so in the audit', async () => {
		const noFace = await faceCase(
			c,
			'front',
			// the gallery material's Nikon street photo: no one in it
			'../shared/fixtures/photos/exif/gps-nikon-DSCN0010.jpg'
		);
		const draft = await createDraftWithEyeBars(c.db, c.store, c.actor, noFace.input);
		expect(draft.redactions).toEqual({
			before: { crop: null, masks: [] },
			after: { crop: null, masks: [] }
		});
		expect(draftAudit(draft.id).detail).toBe('eye bars: before no face found, after no face found');
	}, 60_000);

	it('gives up waiting without failing the draft, and suggests nothing for a profile', async () => {
		const m = await faceCase(c);
		const late = await suggestEyeBars(c.db, c.store, c.actor, m.input, 0);
		expect(late?.note).toBe(
			'eye bars: before face detection did not answer in time, after face detection did not answer in time'
		);
		expect(late?.redactions.before.masks).toEqual([]);
		const profile = await faceCase(c, 'left90');
		expect(await suggestEyeBars(c.db, c.store, c.actor, profile.input)).toBeUndefined();
		const draft = await createDraftWithEyeBars(c.db, c.store, c.actor, profile.input);
		expect((draft.redactions as CaseRedactions).before.masks).toEqual([]);
		expect(draftAudit(draft.id).detail).toBeNull();
	}, 60_000);

	it('looks at nothing for a draft that would be refused, which is refused as before', async () => {
		const m = await faceCase(c);
		const stranger = { ...c.actor, clinicId: 'someone-else' };
		expect(await suggestEyeBars(c.db, c.store, stranger, m.input)).toBeUndefined();
		await expect(createDraftWithEyeBars(c.db, c.store, stranger, m.input)).rejects.toThrow(
			GalleryError
		);
		expect(c.count('gallery_case')).toBe(0);
	});
});
