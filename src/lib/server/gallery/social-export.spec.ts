import sharp from 'sharp';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { and, eq } from 'drizzle-orm';
import { auditEvent, consent, patient, socialExport, user } from '../db/schema';
import { photoTestClinic } from '$test/support/photo-clinic';
import { seedUser } from '$test/support/test-db';
import { caseMaterial, draftOf } from '$test/support/gallery-material';
import type { StaffActor } from '../auth/guard';
import { revokeConsent } from '../consents/consents';
import { erasePatient, erasurePreview } from '../records/erasure';
import { GalleryError } from './drafts';
import { publishCase } from './publish';
import { exportSocialCollage, NO_SOCIAL_CONSENT, socialExportState } from './social-export';
import { markPostRemoved, openPostCount, takedownList } from './social-takedown';

let c: ReturnType<typeof photoTestClinic>;
beforeEach(() => (c = photoTestClinic()));
afterEach(() => c.cleanup());

const INPUT = { size: 'square' as const, postedWhere: 'Instagram @testclinic', postUrl: null };

async function publishedCase(social: boolean, expiresAt: Date | null = null) {
	const m = await caseMaterial(c);
	const published = await publishCase(c.db, c.store, c.actor, draftOf(c, m).id);
	const grant = social
		? c.db
				.insert(consent)
				.values({
					clinicId: c.clinic.id,
					patientId: m.p.id,
					scope: 'social_media',
					textVersion: 'v1',
					signedName: 'Pat Test',
					grantedAt: new Date(Date.now() - 1000),
					expiresAt,
					recordedBy: c.clinician.id
				})
				.returning()
				.get()
		: null;
	return { ...m, caseId: published.id, grant };
}

function staff(role: 'owner' | 'frontdesk', clinicId = c.clinic.id): StaffActor {
	const u = c.db
		.insert(user)
		.values({
			clinicId,
			email: `${role}-${crypto.randomUUID().slice(0, 8)}@example.test`,
			name: role === 'owner' ? 'Olive Owner' : 'Fran Desk',
			role,
			passwordHash: 'x'
		})
		.returning()
		.get();
	return { user: u, clinicId } as StaffActor;
}

const exports = () => c.db.select().from(socialExport).all();
const audits = (action: string) =>
	c.db.select().from(auditEvent).where(eq(auditEvent.action, action)).all();

async function refusal(p: Promise<unknown>) {
	const e = await p.then(
		() => null,
		(error: unknown) => error
	);
	expect(e).toBeInstanceOf(GalleryError);
	return e as GalleryError;
}

describe('social export', () => {
	it('is refused without social media consent: 403, no row, no audit entry', async () => {
		const m = await publishedCase(false);
		expect(socialExportState(c.db, { status: 'published', patientId: m.p.id })).toEqual({
			allowed: false,
			reason: NO_SOCIAL_CONSENT
		});
		const e = await refusal(exportSocialCollage(c.db, c.store, c.actor, m.caseId, INPUT));
		expect(e.status).toBe(403);
		expect(e.message).toMatch(/no active consent to social media/);
		expect(exports()).toEqual([]);
		expect(audits('social_export')).toEqual([]);
	}, 60_000);

	it('with consent: logs who, where and which size with an audit entry, then gives the JPEG', async () => {
		const m = await publishedCase(true);
		const out = await exportSocialCollage(c.db, c.store, c.actor, m.caseId, {
			size: 'story',
			postedWhere: 'Instagram @testclinic',
			postUrl: 'https://instagram.com/p/abc'
		});
		const meta = await sharp(out.bytes).metadata();
		expect(meta).toMatchObject({ format: 'jpeg', width: 1080, height: 1920 });
		expect(meta.exif).toBeUndefined();
		expect(meta.xmp).toBeUndefined();
		expect(exports()).toMatchObject([
			{
				id: out.exportId,
				caseId: m.caseId,
				patientId: m.p.id,
				clinicId: c.clinic.id,
				size: 'story',
				postedWhere: 'Instagram @testclinic',
				postUrl: 'https://instagram.com/p/abc',
				createdBy: c.clinician.id,
				removedAt: null
			}
		]);
		expect(audits('social_export')).toMatchObject([
			{ actorUserId: c.clinician.id, targetId: m.caseId, ok: true }
		]);
	}, 60_000);

	it('is 404 for the front desk and for another clinic’s staff, and 409 for a withdrawn case', async () => {
		const m = await publishedCase(true);
		const desk = staff('frontdesk');
		expect((await refusal(exportSocialCollage(c.db, c.store, desk, m.caseId, INPUT))).status).toBe(
			404
		);
		const other = seedUser(c.db, 'owner');
		const stranger = { user: other.user, clinicId: other.clinic.id } as StaffActor;
		expect(
			(await refusal(exportSocialCollage(c.db, c.store, stranger, m.caseId, INPUT))).status
		).toBe(404);
		expect(exports()).toEqual([]);
		// the gallery consent withdrawn takes the case down: nothing public to make a collage of
		const gallery = c.db
			.select()
			.from(consent)
			.where(and(eq(consent.patientId, m.p.id), eq(consent.scope, 'gallery_public')))
			.get()!;
		await revokeConsent(c.db, c.store, c.actor, m.p, gallery.id, 'asked');
		expect(
			(await refusal(exportSocialCollage(c.db, c.store, c.actor, m.caseId, INPUT))).status
		).toBe(409);
		expect(exports()).toEqual([]);
	}, 60_000);
});

describe('takedown checklist', () => {
	it('appears when the consent is revoked, leaves as each post is marked removed, once', async () => {
		const m = await publishedCase(true);
		await exportSocialCollage(c.db, c.store, c.actor, m.caseId, INPUT);
		const second = await exportSocialCollage(c.db, c.store, c.actor, m.caseId, {
			...INPUT,
			postedWhere: 'Facebook page'
		});
		// consent still in force: nothing to take down
		expect(takedownList(c.db, c.actor)).toEqual([]);
		await revokeConsent(c.db, c.store, c.actor, m.p, m.grant!.id, 'changed my mind');
		const list = takedownList(c.db, c.actor);
		expect(list.map((i) => i.postedWhere)).toEqual(['Instagram @testclinic', 'Facebook page']);
		expect(list[0]).toMatchObject({
			patientName: 'Pat Test',
			caseId: m.caseId,
			exportedBy: c.clinician.name
		});
		// the front desk has no part in the gallery; another clinic sees nothing of it
		expect(takedownList(c.db, staff('frontdesk'))).toEqual([]);
		const other = seedUser(c.db, 'owner');
		const stranger = { user: other.user, clinicId: other.clinic.id } as StaffActor;
		expect(takedownList(c.db, stranger)).toEqual([]);
		expect(() => markPostRemoved(c.db, stranger, second.exportId)).toThrow(GalleryError);

		markPostRemoved(c.db, c.actor, second.exportId);
		expect(takedownList(c.db, c.actor).map((i) => i.postedWhere)).toEqual([
			'Instagram @testclinic'
		]);
		const row = exports().find((r) => r.id === second.exportId)!;
		expect(row.removedBy).toBe(c.clinician.id);
		expect(row.removedAt).toBeInstanceOf(Date);
		expect(audits('social_export_removed')).toMatchObject([
			{ actorUserId: c.clinician.id, targetId: m.caseId, ok: true }
		]);
		let again: unknown;
		try {
			markPostRemoved(c.db, c.actor, second.exportId);
		} catch (e) {
			again = e;
		}
		expect(again).toMatchObject({ status: 409 });
		expect(audits('social_export_removed')).toHaveLength(1);
		expect(exports().find((r) => r.id === second.exportId)!.removedAt).toEqual(row.removedAt);
	}, 60_000);

	it('appears when the consent lapses by its expiry date, with no job run', async () => {
		const later = new Date(Date.now() + 60_000);
		const m = await publishedCase(true, later);
		await exportSocialCollage(c.db, c.store, c.actor, m.caseId, INPUT);
		expect(takedownList(c.db, c.actor)).toEqual([]);
		expect(takedownList(c.db, c.actor, new Date(later.getTime() + 1))).toHaveLength(1);
	}, 60_000);

	it('holds back the erasure of a patient until every post is marked removed', async () => {
		const m = await publishedCase(true);
		const out = await exportSocialCollage(c.db, c.store, c.actor, m.caseId, INPUT);
		const owner = staff('owner');
		expect(openPostCount(c.db, m.p.id)).toBe(1);
		expect(erasurePreview(c.db, c.clinic.id, m.p.id).refusal?.message).toMatch(
			/1 social media post .* not yet marked removed/
		);
		const refused = await erasePatient(c.db, c.store, owner, m.p.id, 'asked').catch((e) => e);
		expect(refused).toMatchObject({ status: 409 });
		expect(exports()).toHaveLength(1);
		expect(c.db.select().from(patient).where(eq(patient.id, m.p.id)).get()).toBeDefined();

		await revokeConsent(c.db, c.store, c.actor, m.p, m.grant!.id, 'asked');
		markPostRemoved(c.db, c.actor, out.exportId);
		expect(erasurePreview(c.db, c.clinic.id, m.p.id).refusal).toBeNull();
		await erasePatient(c.db, c.store, owner, m.p.id, 'asked');
		expect(exports()).toEqual([]);
	}, 60_000);
});
