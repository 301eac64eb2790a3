// The audit trail outlives an erased patient: each row keeps what happened, when, in which
// clinic and with what outcome, and loses what pointed at the person (migration 0013 lets a
// row be changed this way once, and in no other way).
import { eq, inArray, isNull, or } from 'drizzle-orm';
import type { Tx } from '../db/client';
import { auditEvent } from '../db/schema';
import type { ErasureScope } from './erasure-scope';

/** ids and tokens are runs of letters and digits (platform/ids.ts) */
const ID_LIKE = /[A-Za-z0-9]{16,}/g;
const CHUNK = 500;

/**
 * De-identifies every audit row about the patient, returning how many: a row whose target is
 * one of theirs points at the tombstone instead; a row the patient's own account made loses
 * its actor and address; a row whose detail names them or one of their ids loses its detail.
 * Each touched row loses its detail (it may quote a consent's reason or a file name) and is
 * marked erased. Rows of no clinic (a failed sign-in) cannot point at a tombstone, so their
 * target is cleared instead.
 */
export function deIdentifyAudit(
	tx: Tx,
	scope: ErasureScope,
	tombstoneId: string,
	now: Date
): number {
	const u = scope.portalUser?.id ?? null;
	const words = [scope.patient.displayName, scope.patient.email, scope.portalUser?.email]
		.filter((w): w is string => !!w && w.trim().length > 0)
		.map((w) => w.trim().toLowerCase());
	const rows = tx
		.select({
			id: auditEvent.id,
			clinicId: auditEvent.clinicId,
			actor: auditEvent.actorUserId,
			targetId: auditEvent.targetId,
			detail: auditEvent.detail,
			erasedAt: auditEvent.erasedAt
		})
		.from(auditEvent)
		.where(or(eq(auditEvent.clinicId, scope.patient.clinicId), isNull(auditEvent.clinicId)))
		.all();
	// one update per row (the trigger allows one), so rows are grouped by what changes
	const groups = new Map<string, string[]>();
	for (const r of rows) {
		const target = r.targetId !== null && scope.ids.has(r.targetId);
		const actor = u !== null && r.actor === u;
		const detail = r.detail !== null && names(r.detail, scope.ids, words);
		if (!target && !actor && !detail) {
			continue;
		}
		if (r.erasedAt !== null) {
			// de-identified by an earlier erasure: its detail is already gone
			continue;
		}
		const key = `${target ? (r.clinicId ? 'tomb' : 'clear') : 'keep'}:${actor}`;
		groups.set(key, [...(groups.get(key) ?? []), r.id]);
	}
	let changed = 0;
	for (const [key, list] of groups) {
		const [target, actor] = key.split(':');
		const set = {
			erasedAt: now,
			detail: null,
			...(target === 'tomb' ? { targetType: 'erasure', targetId: tombstoneId } : {}),
			...(target === 'clear' ? { targetType: null, targetId: null } : {}),
			...(actor === 'true' ? { actorUserId: null, ip: null } : {})
		};
		for (let i = 0; i < list.length; i += CHUNK) {
			const part = list.slice(i, i + CHUNK);
			changed += tx.update(auditEvent).set(set).where(inArray(auditEvent.id, part)).run().changes;
		}
	}
	return changed;
}

function names(detail: string, ids: Set<string>, words: string[]): boolean {
	const lower = detail.toLowerCase();
	return (
		words.some((w) => lower.includes(w)) || (detail.match(ID_LIKE) ?? []).some((t) => ids.has(t))
	);
}
