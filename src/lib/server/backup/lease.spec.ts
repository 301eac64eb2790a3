import fs from 'node:fs';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { eq } from 'drizzle-orm';
import { photo } from '../db/schema';
import { photoTestClinic } from '$test/support/photo-clinic';
import { sweepOrphans, SWEEP_GRACE_MS } from '../photos/pipeline/sweep';
import { deletePhoto } from '../photos/delete';
import { deleteFiles } from '../storage/delete-files';
import { keys } from '../storage';
import {
	acquireLease,
	leaseActive,
	releaseLease,
	renewLease,
	LEASE_TTL_MS,
	backupHold
} from './lease';

let c: ReturnType<typeof photoTestClinic>;
beforeEach(() => {
	vi.stubEnv('BACKUP_LEASE_POLL_MS', '50');
	c = photoTestClinic();
});
afterEach(() => {
	c.cleanup();
	vi.unstubAllEnvs();
});

const exists = (key: string) => fs.existsSync(c.store.localPath(key));

describe('backup lease', () => {
	it('is active until released or expired, and a lapsed lease cannot be renewed', () => {
		const t0 = new Date();
		const id = acquireLease(c.db, t0);
		expect(leaseActive(c.db, t0)).toBe(true);
		expect(leaseActive(c.db, new Date(t0.getTime() + LEASE_TTL_MS + 1))).toBe(false);
		expect(renewLease(c.db, id, new Date(t0.getTime() + LEASE_TTL_MS - 1))).toBe(true);
		expect(renewLease(c.db, id, new Date(t0.getTime() + 3 * LEASE_TTL_MS))).toBe(false);
		const other = acquireLease(c.db);
		releaseLease(c.db, other);
		releaseLease(c.db, id);
		expect(leaseActive(c.db)).toBe(false);
	});

	it('defers file deletion while a lease exists, then deletes once it is released', async () => {
		const key = keys.original('ab'.repeat(16));
		await c.store.put(key, new Uint8Array([1, 2, 3]));
		const lease = acquireLease(c.db);
		expect(await deleteFiles(c.store, [key], backupHold(c.db))).toBe('deferred');
		await new Promise((r) => setTimeout(r, 200));
		expect(exists(key)).toBe(true); // still leased: polled again, still kept
		releaseLease(c.db, lease);
		await vi.waitFor(() => expect(exists(key)).toBe(false), { timeout: 2000 });
		// without a lease: at once
		await c.store.put(key, new Uint8Array([1]));
		expect(await deleteFiles(c.store, [key], backupHold(c.db))).toBe('deleted');
		expect(exists(key)).toBe(false);
	});

	it('the orphan sweep leaves everything in place while a lease exists', async () => {
		const stray = keys.original('cd'.repeat(16));
		await c.store.put(stray, new Uint8Array([9]));
		const later = new Date(Date.now() + SWEEP_GRACE_MS + 60_000);
		const lease = acquireLease(c.db);
		expect(await sweepOrphans(c.db, c.store, new Date())).toBe(0);
		expect(exists(stray)).toBe(true);
		releaseLease(c.db, lease);
		expect(await sweepOrphans(c.db, c.store, later)).toBe(1);
		expect(exists(stray)).toBe(false);
	});

	it('deleting a photo under a lease marks the row at once and keeps its file until release', async () => {
		const p = c.addPatient();
		const id = 'ef'.repeat(16);
		const key = keys.original(id);
		await c.store.put(key, new Uint8Array([1, 2, 3, 4]));
		c.db
			.insert(photo)
			.values({
				id,
				clinicId: c.clinic.id,
				patientId: p.id,
				view: 'front',
				takenOn: '2026-01-05',
				status: 'processing',
				sha256: 'x',
				originalKey: key,
				originalType: 'image/jpeg',
				originalBytes: 4,
				uploadedBy: c.clinician.id
			})
			.run();
		const lease = acquireLease(c.db);
		expect(await deletePhoto(c.db, c.store, c.actor, id)).toBe(true);
		expect(c.db.select().from(photo).where(eq(photo.id, id)).get()!.deletedAt).not.toBeNull();
		expect(exists(key)).toBe(true);
		releaseLease(c.db, lease);
		await vi.waitFor(() => expect(exists(key)).toBe(false), { timeout: 2000 });
	});
});
