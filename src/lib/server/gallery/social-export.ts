// Downloading a social media collage of a published case: only while the patient's own
// `social_media` consent is active (separate from the public gallery's), and every download
// logged (who, when, where staff said it will be posted) with its audit entry, in one
// transaction, before a byte leaves, so a withdrawn consent can be followed to every post.
import { and, desc, eq } from 'drizzle-orm';
import { writeTx, type Db, type Tx } from '../db/client';
import { galleryImage, socialExport, type GalleryCase } from '../db/schema';
import { can, type StaffActor } from '../auth/guard';
import type { BlobStore } from '../storage/blob-store';
import { audit } from '../audit/audit';
import { hasActiveConsent } from '../consents/consents';
import { clinicSettings, getClinic } from '../clinic/clinic';
import { logoBlobKey } from '../clinic/brand';
import { watermarkLayer } from '../images/watermark';
import { clinicCase, GalleryError } from './drafts';
import { asTakenToken } from './public';
import { renderSocialCollage } from './social-collage';
import { imageWork } from '../photos/pipeline/image-work';
import { afterLabel, type SocialExportInput } from '../../domain/social-export';

export const NO_SOCIAL_CONSENT =
	'The patient has no active consent to social media posts. Record their social media consent first; the public gallery consent does not cover it.';
const NOT_PUBLIC =
	'Only a case that is public in the gallery can be made into a social media image.';

/** What the case page shows: whether a collage may be made, and if not, why. */
export function socialExportState(db: Db, c: { status: string; patientId: string }) {
	if (c.status !== 'published') {
		return { allowed: false, reason: NOT_PUBLIC };
	}
	if (!hasActiveConsent(db, c.patientId, 'social_media')) {
		return { allowed: false, reason: NO_SOCIAL_CONSENT };
	}
	return { allowed: true, reason: null };
}

/** The case's exports so far, newest first, for its page. */
export function caseSocialExports(db: Db, actor: StaffActor, caseId: string) {
	return db
		.select({
			id: socialExport.id,
			size: socialExport.size,
			postedWhere: socialExport.postedWhere,
			postUrl: socialExport.postUrl,
			createdAt: socialExport.createdAt,
			removedAt: socialExport.removedAt
		})
		.from(socialExport)
		.where(and(eq(socialExport.caseId, caseId), eq(socialExport.clinicId, actor.clinicId)))
		.orderBy(desc(socialExport.createdAt))
		.limit(50)
		.all();
}

/** Refusals before anything is rendered; again inside the transaction that logs the export. */
function check(db: Db | Tx, actor: StaffActor, caseId: string): GalleryCase {
	if (!can(actor.user.role, 'gallery.publish')) {
		throw new GalleryError(404, 'Not found');
	}
	const c = clinicCase(db, actor, caseId);
	if (c.status !== 'published' || !hasActiveConsent(db, c.patientId, 'gallery_public')) {
		throw new GalleryError(409, NOT_PUBLIC);
	}
	if (!hasActiveConsent(db, c.patientId, 'social_media')) {
		throw new GalleryError(403, NO_SOCIAL_CONSENT);
	}
	return c;
}

/** The largest public WebP of the before and of the after as shown (aligned), not as taken. */
function publicKeys(db: Db, c: GalleryCase): { before: string; after: string } {
	const asTaken = asTakenToken(c);
	const rows = db
		.select()
		.from(galleryImage)
		.where(and(eq(galleryImage.caseId, c.id), eq(galleryImage.format, 'webp')))
		.all()
		.filter((r) => r.token !== asTaken)
		.sort((a, b) => b.width - a.width);
	const before = rows.find((r) => r.which === 'before');
	const after = rows.find((r) => r.which === 'after');
	if (!before || !after) {
		throw new GalleryError(409, NOT_PUBLIC);
	}
	return { before: before.key, after: after.key };
}

export interface SocialDownload {
	bytes: Buffer;
	fileName: string;
	exportId: string;
}

export async function exportSocialCollage(
	db: Db,
	store: BlobStore,
	actor: StaffActor,
	caseId: string,
	input: SocialExportInput
): Promise<SocialDownload> {
	const c = check(db, actor, caseId);
	const keys = publicKeys(db, c);
	const clinic = getClinic(db, actor.clinicId)!;
	const settings = clinicSettings(clinic);
	const [before, after, logo] = await Promise.all([
		store.read(keys.before),
		store.read(keys.after),
		settings.logo ? store.read(logoBlobKey(settings.logo.key)).catch(() => null) : null
	]);
	const bytes = await imageWork(actor.user.id, () =>
		renderSocialCollage({
			size: input.size,
			before,
			after,
			beforeLabel: 'Before',
			afterLabel: afterLabel(c.sessionsCount),
			clinicName: clinic.name,
			watermark: (w, h) => watermarkLayer(settings.watermark, { name: clinic.name, logo }, w, h)
		})
	);
	const row = writeTx(db, (tx) => {
		// the consent may have been revoked while the image was made
		const now = check(tx, actor, caseId);
		const row = tx
			.insert(socialExport)
			.values({
				clinicId: actor.clinicId,
				caseId: now.id,
				patientId: now.patientId,
				size: input.size,
				postedWhere: input.postedWhere,
				postUrl: input.postUrl,
				createdBy: actor.user.id
			})
			.returning()
			.get();
		audit(tx, {
			clinicId: actor.clinicId,
			actorUserId: actor.user.id,
			action: 'social_export',
			targetType: 'gallery_case',
			targetId: now.id,
			detail: `${input.size} · ${input.postedWhere}`,
			ok: true
		});
		return row;
	});
	return { bytes, fileName: `case-${c.id.slice(0, 8)}-${input.size}.jpg`, exportId: row.id };
}
