import { writeTx, type Db, type Tx } from './db/client';
import { auditEvent } from './db/schema';

export interface AuditEntry {
	clinicId: string | null;
	actorUserId: string | null;
	action: string;
	targetType?: string;
	targetId?: string;
	ip?: string | null;
	ok: boolean;
	detail?: string;
}

/** Appends to the audit log (rows cannot be changed: SQL triggers refuse UPDATE and DELETE). */
export function audit(dbOrTx: Db | Tx, entry: AuditEntry, now = new Date()): void {
	const row = {
		at: now,
		clinicId: entry.clinicId,
		actorUserId: entry.actorUserId,
		action: entry.action,
		targetType: entry.targetType ?? null,
		targetId: entry.targetId ?? null,
		ip: entry.ip ?? null,
		ok: entry.ok,
		detail: entry.detail ?? null
	};
	if ('$client' in dbOrTx) {
		writeTx(dbOrTx, (tx) => tx.insert(auditEvent).values(row).run());
	} else {
		dbOrTx.insert(auditEvent).values(row).run();
	}
}
