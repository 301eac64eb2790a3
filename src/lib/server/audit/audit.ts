import { writeTx, type Db, type Tx } from '../db/client';
import { auditEvent } from '../db/schema';
import { currentRequest } from '../http/request-context';

export interface AuditEntry {
	clinicId: string | null;
	/** defaults to the person signed in for this request; null says no one was (a failed sign-in) */
	actorUserId?: string | null;
	action: string;
	targetType?: string;
	targetId?: string;
	ok: boolean;
	detail?: string;
}

/**
 * Appends to the audit log (rows cannot be changed: SQL triggers refuse UPDATE and DELETE).
 * The address and the acting person come from the request (http/request-context.ts), so a
 * service audits inside its own write without being handed them. Within a request made with
 * an API token, the row says so: the clinic can tell what the camera station did from what
 * the person did themself.
 */
export function audit(dbOrTx: Db | Tx, entry: AuditEntry, now = new Date()): void {
	const request = currentRequest();
	const token = request.apiToken;
	const via = token ? `via API token “${token.name}”` : null;
	const row = {
		at: now,
		clinicId: entry.clinicId,
		actorUserId: entry.actorUserId === undefined ? (request.userId ?? null) : entry.actorUserId,
		action: entry.action,
		targetType: entry.targetType ?? null,
		targetId: entry.targetId ?? null,
		ip: request.ip,
		ok: entry.ok,
		detail: [entry.detail, via].filter(Boolean).join(' · ') || null
	};
	if ('$client' in dbOrTx) {
		writeTx(dbOrTx, (tx) => tx.insert(auditEvent).values(row).run());
	} else {
		dbOrTx.insert(auditEvent).values(row).run();
	}
}
