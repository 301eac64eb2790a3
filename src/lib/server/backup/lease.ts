import { and, eq, gt, lte } from 'drizzle-orm';
import { writeTx, type Db, type Tx } from '../db/client';
import { backupLease } from '../db/schema';
import { newId } from '../platform/ids';
import { config } from '../platform/config';
import type { DeletionHold } from '../storage/delete-files';

/** Long enough for a stalled disk, short enough that a crashed backup holds nothing up for long. */
export const LEASE_TTL_MS = 10 * 60 * 1000;
/** The backup renews well before expiry; a renewal that finds its lease lapsed fails the backup. */
export const LEASE_RENEW_MS = 60 * 1000;

/**
 * Taken before the database snapshot, so every deletion that commits after the snapshot sees it
 * (deleters check after their commit; the sweep checks in the same read as its live set).
 */
export function acquireLease(db: Db, now = new Date(), ttlMs = LEASE_TTL_MS): string {
	const id = newId();
	writeTx(db, (tx) => {
		tx.delete(backupLease).where(lte(backupLease.expiresAt, now)).run();
		tx.insert(backupLease)
			.values({ id, createdAt: now, expiresAt: new Date(now.getTime() + ttlMs) })
			.run();
	});
	return id;
}

/** Extends an unexpired lease; false if it had already lapsed (deletions may have run since). */
export function renewLease(db: Db, id: string, now = new Date(), ttlMs = LEASE_TTL_MS): boolean {
	return (
		writeTx(db, (tx) =>
			tx
				.update(backupLease)
				.set({ expiresAt: new Date(now.getTime() + ttlMs) })
				.where(and(eq(backupLease.id, id), gt(backupLease.expiresAt, now)))
				.run()
		).changes === 1
	);
}

export function releaseLease(db: Db, id: string): void {
	writeTx(db, (tx) => tx.delete(backupLease).where(eq(backupLease.id, id)).run());
}

/** Whether any backup holds an unexpired lease. */
export function leaseActive(db: Db | Tx, now = new Date()): boolean {
	return !!db
		.select({ id: backupLease.id })
		.from(backupLease)
		.where(gt(backupLease.expiresAt, now))
		.limit(1)
		.get();
}

/** The hold deleteFiles honours: files stay while any backup holds its lease. */
export function backupHold(db: Db): DeletionHold {
	return {
		active: () => leaseActive(db),
		retryMs: () => config.backupLeasePollMs(),
		alive: () => db.$client.open
	};
}
