import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { and, eq } from 'drizzle-orm';
import { auditEvent, consent, galleryCase, galleryImage } from '../db/schema';
import { photoTestClinic } from '$test/support/photo-clinic';
import { recordConsent, revokeConsent } from '../consents/consents';
import { GalleryError, updateDraft, type CaseLabels } from './drafts';
import { publishCase, withdrawCase } from './publish';
import { publicCase } from './public';
import { requestContext } from '../http/request-context';
import { redraftCase, REDRAFT_PHOTO_GONE } from './redraft';
import { caseMaterial, draftOf } from '$test/support/gallery-material';
import type { CaseRedactions } from '../../domain/redaction';

let c: ReturnType<typeof photoTestClinic>;
beforeEach(() => (c = photoTestClinic()));
afterEach(() => c.cleanup());

const REDACTIONS: CaseRedactions = {
	before: {
		crop: { x: 0.1, y: 0.1, w: 0.6, h: 0.6 },
		masks: [{ kind: 'bar', x: 0.2, y: 0.3, w: 0.6, h: 0.08 }]
	},
	after: {
		crop: { x: 0.2, y: 0.15, w: 0.6, h: 0.6 },
		masks: [{ kind: 'blur', x: 0.3, y: 0.3, w: 0.3, h: 0.3 }]
	}
};
const LABELS: CaseLabels = {
	title: 'Rolling scars, four months on',
	description: 'SkinPen, 1.5 mm on the cheeks.',
	concern: 'acne_scars',
	area: 'cheeks',
	fitzpatrick: null,
	sessionsCount: 3,
	weeksElapsed: 14
};

/** A case that was redacted, labelled, published and then withdrawn by staff. */
async function withdrawnCase() {
	const m = await caseMaterial(c);
	const draft = draftOf(c, m);
	updateDraft(c.db, c.actor, draft.id, { labels: LABELS, redactions: REDACTIONS });
	await publishCase(c.db, c.store, c.actor, draft.id);
	const tokens = images(draft.id);
	await withdrawCase(c.db, c.store, c.actor, draft.id);
	return { ...m, source: draft, tokens };
}

const images = (caseId: string) =>
	c.db
		.select({ token: galleryImage.token })
		.from(galleryImage)
		.where(eq(galleryImage.caseId, caseId))
		.all()
		.map((r) => r.token);
const caseRow = (id: string) =>
	c.db.select().from(galleryCase).where(eq(galleryCase.id, id)).get()!;
const refusal = (fn: () => unknown) => {
	try {
		fn();
	} catch (e) {
		return e instanceof GalleryError ? { status: e.status, message: e.message } : e;
	}
	return 'not refused';
};

describe('gallery: a new draft from a withdrawn case', () => {
	it('copies photos, labels and redactions into a draft that publishes under new tokens', async () => {
		const { source, tokens, before, after } = await withdrawnCase();
		const copy = requestContext.run({ ip: '203.0.113.9' }, () =>
			redraftCase(c.db, c.actor, source.id)
		);
		expect(copy.id).not.toBe(source.id);
		expect(copy).toMatchObject({
			status: 'draft',
			patientId: source.patientId,
			courseId: source.courseId,
			beforePhotoId: before.id,
			afterPhotoId: after.id,
			view: 'front',
			...LABELS,
			redactions: REDACTIONS,
			publishedAt: null,
			withdrawnAt: null
		});
		expect(images(copy.id)).toEqual([]);

		const published = await publishCase(c.db, c.store, c.actor, copy.id);
		expect(published.status).toBe('published');
		const fresh = images(copy.id);
		expect(fresh.length).toBeGreaterThan(0);
		expect(fresh.filter((t) => tokens.includes(t))).toEqual([]);
		// the source stays withdrawn, with no public images and no public page
		expect(caseRow(source.id).status).toBe('withdrawn');
		expect(images(source.id)).toEqual([]);
		expect(publicCase(c.db, c.clinic.id, source.id)).toBeNull();
		expect(publicCase(c.db, c.clinic.id, copy.id)).not.toBeNull();

		const trail = c.db
			.select()
			.from(auditEvent)
			.where(and(eq(auditEvent.action, 'gallery_draft_copy'), eq(auditEvent.targetId, copy.id)))
			.all();
		expect(trail).toHaveLength(1);
		expect(trail[0]).toMatchObject({
			actorUserId: c.clinician.id,
			clinicId: c.clinic.id,
			ip: '203.0.113.9',
			ok: true,
			detail: `copied from withdrawn case ${source.id}`
		});
	});

	it('refuses a draft or a published source, and changes nothing', async () => {
		const m = await caseMaterial(c);
		const draft = draftOf(c, m);
		expect(refusal(() => redraftCase(c.db, c.actor, draft.id))).toMatchObject({
			status: 409,
			message: /still a draft/
		});
		await publishCase(c.db, c.store, c.actor, draft.id);
		expect(refusal(() => redraftCase(c.db, c.actor, draft.id))).toMatchObject({
			status: 409,
			message: /Withdraw it first/
		});
		expect(c.count('gallery_case')).toBe(1);
	});

	it('refuses when a source photo has been deleted', async () => {
		const { source, after } = await withdrawnCase();
		const { deletePhoto } = await import('../photos/delete');
		await deletePhoto(c.db, c.store, c.actor, after.id);
		expect(refusal(() => redraftCase(c.db, c.actor, source.id))).toEqual({
			status: 409,
			message: REDRAFT_PHOTO_GONE
		});
		expect(c.count('gallery_case')).toBe(1);
	});

	it('answers not found for another clinic’s case', async () => {
		const { source } = await withdrawnCase();
		const stranger = { ...c.actor, clinicId: 'another-clinic' };
		expect(refusal(() => redraftCase(c.db, stranger, source.id))).toMatchObject({
			status: 404
		});
		expect(refusal(() => redraftCase(c.db, c.actor, 'no-such-case'))).toMatchObject({
			status: 404
		});
		expect(c.count('gallery_case')).toBe(1);
	});

	it('after the gallery consent is revoked, waits for a new consent', async () => {
		const m = await caseMaterial(c);
		const draft = draftOf(c, m);
		updateDraft(c.db, c.actor, draft.id, { redactions: REDACTIONS });
		await publishCase(c.db, c.store, c.actor, draft.id);
		const granted = c.db
			.select()
			.from(consent)
			.where(and(eq(consent.patientId, m.p.id), eq(consent.scope, 'gallery_public')))
			.get()!;
		await revokeConsent(c.db, c.store, c.actor, m.p, granted.id, 'not now');
		expect(caseRow(draft.id).status).toBe('withdrawn');
		expect(refusal(() => redraftCase(c.db, c.actor, draft.id))).toMatchObject({
			status: 403,
			message: /no active consent/
		});
		recordConsent(c.db, c.actor, m.p, {
			scope: 'gallery_public',
			signedName: 'Pat Test',
			signature: '',
			expiresAt: null
		});
		const copy = redraftCase(c.db, c.actor, draft.id);
		expect(copy.redactions).toEqual(REDACTIONS);
		expect((await publishCase(c.db, c.store, c.actor, copy.id)).status).toBe('published');
	});
});

describe('gallery: saving a draft', () => {
	it('is audited once per save, naming what changed', async () => {
		const m = await caseMaterial(c);
		const draft = draftOf(c, m);
		requestContext.run({ ip: '198.51.100.7' }, () => {
			updateDraft(c.db, c.actor, draft.id, { labels: LABELS, redactions: REDACTIONS });
			const later = { ...LABELS, weeksElapsed: 15 };
			updateDraft(c.db, c.actor, draft.id, { labels: later, redactions: REDACTIONS });
			updateDraft(c.db, c.actor, draft.id, { labels: later });
		});
		const saves = c.db
			.select()
			.from(auditEvent)
			.where(and(eq(auditEvent.action, 'gallery_draft_update'), eq(auditEvent.targetId, draft.id)))
			.all();
		expect(saves.map((e) => [e.actorUserId, e.ok, e.detail])).toEqual([
			[c.clinician.id, true, 'changed: title, description, redactions'],
			[c.clinician.id, true, 'changed: weeksElapsed'],
			[c.clinician.id, true, 'no changes']
		]);
		expect(saves[0].ip).toBe('198.51.100.7');
		expect(caseRow(draft.id)).toMatchObject({ ...LABELS, weeksElapsed: 15 });
	});

	it('a refused save (not a draft) is not recorded as a change', async () => {
		const m = await caseMaterial(c);
		const draft = draftOf(c, m);
		await publishCase(c.db, c.store, c.actor, draft.id);
		expect(refusal(() => updateDraft(c.db, c.actor, draft.id, { labels: LABELS }))).toMatchObject({
			status: 409
		});
		expect(
			c.db.select().from(auditEvent).where(eq(auditEvent.action, 'gallery_draft_update')).all()
		).toEqual([]);
		expect(caseRow(draft.id).title).not.toBe(LABELS.title);
	});
});
