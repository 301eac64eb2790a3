// Erasing a patient (GDPR Art. 17): the owner sees what will go, then everything of the
// patient's goes in one transaction, their files right after it, and only a tombstone without
// personal data remains (with the audit rows, de-identified).
import fsp from 'node:fs/promises';
import path from 'node:path';
import { writeTx, type Db, type Tx } from '../db/client';
import { erasurePending, patientErasure } from '../db/schema';
import { eq } from 'drizzle-orm';
import { can, type StaffActor } from '../auth/guard';
import { audit } from '../audit/audit';
import { clinicSettings, getClinic, serverTimeZone } from '../clinic/clinic';
import { backupHold } from '../backup/lease';
import { deleteFiles } from '../storage/delete-files';
import type { BlobStore } from '../storage/blob-store';
import { newId } from '../platform/ids';
import { todayIn } from '../../domain/clock';
import { formatDate } from '../../format';
import {
	erasureLines,
	reasonProblem,
	retentionMessage,
	retentionVerdict,
	type ErasureCounts
} from '../../domain/erasure';
import { erasureScope, findPatient, type ErasureScope } from './erasure-scope';
import { deIdentifyAudit } from './erasure-audit';
import { deletePatientRows } from './erasure-delete';
import { openPostCount } from '../gallery/social-takedown';

/** A refusal meant for the owner, with the HTTP status to answer. */
export class ErasureError extends Error {
	constructor(
		readonly status: 400 | 404 | 409,
		message: string
	) {
		super(message);
	}
}

export interface ErasurePreview {
	patient: { id: string; displayName: string };
	counts: ErasureCounts;
	/** what will go, in words */
	lines: string[];
	/**
	 * null when erasure is allowed; else why not, and from which day it will be (null: not a
	 * matter of time, e.g. social media posts still to take down)
	 */
	refusal: { message: string; erasableOn: string | null } | null;
}

interface Loaded {
	scope: ErasureScope;
	refusal: ErasurePreview['refusal'];
}

function load(db: Db | Tx, clinicId: string, patientId: string, now: Date): Loaded {
	const p = findPatient(db, clinicId, patientId);
	if (!p) {
		throw new ErasureError(404, 'Not found');
	}
	const c = getClinic(db as Db, clinicId);
	const settings = c ? clinicSettings(c) : null;
	const timeZone = settings?.timeZone ?? serverTimeZone();
	const scope = erasureScope(db, p, todayIn(timeZone, p.createdAt));
	const v = retentionVerdict(
		settings?.erasureRetentionYears ?? null,
		scope.entryDays,
		todayIn(timeZone, now)
	);
	const posts = openPostCount(db, p.id);
	if (posts > 0) {
		return { scope, refusal: { message: postsRefusal(posts), erasableOn: null } };
	}
	return {
		scope,
		refusal: v.refused
			? {
					message: retentionMessage(v, formatDate(v.lastEntryOn), formatDate(v.erasableOn)),
					erasableOn: v.erasableOn
				}
			: null
	};
}

/**
 * Erasing deletes the social export rows with the record, and with them the takedown checklist:
 * the posts must be taken down (and marked so) first, or nobody would know to chase them.
 */
function postsRefusal(n: number): string {
	const posts = n === 1 ? '1 social media post' : `${n} social media posts`;
	return `${posts} made from this patient’s photos ${n === 1 ? 'is' : 'are'} not yet marked removed. Record the withdrawal of their social media consent, take the posts down and mark each one removed on the dashboard; then erase the record.`;
}

/** What erasing the patient would remove, and whether the clinic's retention period allows it. */
export function erasurePreview(
	db: Db,
	clinicId: string,
	patientId: string,
	now = new Date()
): ErasurePreview {
	const { scope, refusal } = load(db, clinicId, patientId, now);
	return {
		patient: { id: scope.patient.id, displayName: scope.patient.displayName },
		counts: scope.counts,
		lines: erasureLines(scope.counts),
		refusal
	};
}

export interface ErasureOptions {
	/** where .eml files are written when there is no mail server (config.mailDir()) */
	mailDir?: string | null;
	now?: Date;
}

/**
 * Erases the patient: refused (409) while the retention period holds the record, and (400) for
 * a reason that is empty or names them, since the reason outlives them on the tombstone. The
 * rows go in one transaction; the files after it commits, as revokeConsent does, so a backup
 * being taken keeps the files its snapshot points at.
 */
export async function erasePatient(
	db: Db,
	store: BlobStore,
	actor: StaffActor,
	patientId: string,
	reason: string,
	opts: ErasureOptions = {}
): Promise<{ tombstoneId: string; counts: ErasureCounts }> {
	if (!can(actor.user.role, 'patient.erase')) {
		throw new ErasureError(404, 'Not found');
	}
	const now = opts.now ?? new Date();
	const { tombstoneId, counts, files, mailIds } = writeTx(db, (tx) => {
		const { scope, refusal } = load(tx, actor.clinicId, patientId, now);
		if (refusal) {
			throw new ErasureError(409, refusal.message);
		}
		const problem = reasonProblem(reason, {
			displayName: scope.patient.displayName,
			emails: [scope.patient.email, scope.portalUser?.email ?? null]
		});
		if (problem) {
			throw new ErasureError(400, problem);
		}
		tx.insert(erasurePending).values({ patientId: scope.patient.id }).run();
		const tombstoneId = newId();
		tx.insert(patientErasure)
			.values({
				id: tombstoneId,
				clinicId: actor.clinicId,
				erasedAt: now,
				erasedBy: actor.user.id,
				reason: reason.trim(),
				removed: { ...scope.counts }
			})
			.run();
		const auditRows = deIdentifyAudit(tx, scope, tombstoneId, now);
		deletePatientRows(tx, scope);
		tx.delete(erasurePending).where(eq(erasurePending.patientId, scope.patient.id)).run();
		audit(
			tx,
			{
				clinicId: actor.clinicId,
				actorUserId: actor.user.id,
				action: 'patient_erase',
				targetType: 'erasure',
				targetId: tombstoneId,
				detail: `${summary(scope.counts)}, audit rows de-identified=${auditRows}`,
				ok: true
			},
			now
		);
		return { tombstoneId, counts: scope.counts, files: scope.files, mailIds: scope.mailIds };
	});
	await deleteFiles(store, files, backupHold(db));
	if (opts.mailDir) {
		await deleteMailFiles(opts.mailDir, mailIds);
	}
	return { tombstoneId, counts };
}

const summary = (c: ErasureCounts) =>
	Object.entries(c)
		.filter(([, n]) => n > 0)
		.map(([k, n]) => `${k}=${n}`)
		.join(', ') || 'nothing but the record';

/**
 * Without a mail server each message was written as `…-<id>.eml` (mail-jobs.ts); those copies
 * name the patient too. Messages already delivered by SMTP are beyond the clinic's reach.
 */
async function deleteMailFiles(dir: string, mailIds: string[]): Promise<void> {
	if (mailIds.length === 0) {
		return;
	}
	const names = await fsp.readdir(dir).catch(() => [] as string[]);
	const ids = new Set(mailIds);
	const theirs = names.filter((n) => {
		const m = /-([a-z0-9]+)\.eml(\.partial)?$/.exec(n);
		return m !== null && ids.has(m[1]);
	});
	await Promise.allSettled(theirs.map((n) => fsp.rm(path.join(dir, n), { force: true })));
}
