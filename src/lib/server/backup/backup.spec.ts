import fs from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { and, eq } from 'drizzle-orm';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { galleryImage, photo, photoVariant } from '../db/schema';
import { photoTestClinic } from '$test/support/photo-clinic';
import { deletePhoto } from '../photos/delete';
import { withdrawCase } from '../gallery/publish';
import { publicImageFile } from '../gallery/public';
import { keys } from '../storage';
import { BackupError, createBackup } from './create';
import { hashFile } from './files';
import { DB_FILE, MEDIA_FOLDER } from './manifest';
import { referencedFiles } from './snapshot';
import { leaseActive } from './lease';
import { casePatient, publishedCase, readyPhoto, type Live } from '$test/support/backup-load';
import { allRows, filesUnder } from '$test/support/backup-verify';

function latestMigration(): string {
	const journal = JSON.parse(fs.readFileSync(path.resolve('drizzle/meta/_journal.json'), 'utf8'));
	return (journal.entries as { tag: string }[]).at(-1)!.tag;
}

let c: ReturnType<typeof photoTestClinic>;
let live: Live;
beforeEach(() => {
	vi.stubEnv('BACKUP_LEASE_POLL_MS', '50');
	c = photoTestClinic();
	live = { db: c.db, store: c.store, actor: c.actor };
});
afterEach(() => {
	c.cleanup();
	vi.unstubAllEnvs();
});

const backupsDir = () => path.join(c.dir, 'backups');
const backup = (name: string, afterSnapshot?: () => Promise<void> | void) =>
	createBackup({
		databasePath: path.join(c.dir, 'test.db'),
		mediaDir: c.store.root,
		dest: path.join(backupsDir(), name),
		migrationsDir: path.resolve('drizzle'),
		afterSnapshot
	});
const liveFile = (key: string) => c.store.localPath(key);
const photoKeys = (id: string) => [
	c.db.select().from(photo).where(eq(photo.id, id)).get()!.originalKey,
	...c.db
		.select({ key: photoVariant.key })
		.from(photoVariant)
		.where(eq(photoVariant.photoId, id))
		.all()
		.map((v) => v.key)
];

describe('backup', () => {
	it('holds the database as of one commit and exactly the files its rows point to', async () => {
		const m = casePatient(live);
		const kept = await readyPhoto(live, m.patient, m.sessions[0].id);
		const gone = await readyPhoto(live, m.patient, m.sessions[1].id);
		await deletePhoto(c.db, c.store, c.actor, gone);
		await c.store.put(keys.original('ff'.repeat(16)), new Uint8Array([1, 2])); // a stray
		fs.mkdirSync(c.store.tempDir(), { recursive: true });
		fs.writeFileSync(path.join(c.store.tempDir(), 'upload-in-progress'), 'x');

		const manifest = await backup('b1');
		const dir = path.join(backupsDir(), 'b1');
		const wanted = referencedFiles(c.db.$client).map((f) => f.key);
		expect(wanted.sort()).toEqual(photoKeys(kept).sort());
		expect(wanted).toHaveLength(5); // the original and four web versions
		expect(manifest.media.files.map((f) => f.key)).toEqual(wanted);
		expect(filesUnder(path.join(dir, MEDIA_FOLDER))).toEqual(wanted);
		for (const f of manifest.media.files) {
			const sum = { bytes: f.bytes, sha256: f.sha256 };
			expect(await hashFile(path.join(dir, MEDIA_FOLDER, f.key))).toEqual(sum);
			expect(await hashFile(liveFile(f.key))).toEqual(sum);
		}
		const original = c.db.select().from(photo).where(eq(photo.id, kept)).get()!;
		expect(manifest.media.files.find((f) => f.key === original.originalKey)!.sha256).toBe(
			original.sha256
		);

		expect(manifest).toMatchObject({
			format: 'resurface-backup',
			appVersion: '0.1.0',
			// the newest migration, as the journal lists it: the snapshot is of the current schema
			schema: { migration: latestMigration() },
			database: { file: DB_FILE, integrityCheck: 'ok' },
			missing: []
		});
		expect(manifest.database.rowCounts).toMatchObject({
			photo: 2,
			photo_variant: 4,
			backup_lease: 0
		});
		expect(await hashFile(path.join(dir, DB_FILE))).toEqual({
			bytes: manifest.database.bytes,
			sha256: manifest.database.sha256
		});
		const snap = new Database(path.join(dir, DB_FILE), { readonly: true });
		expect(snap.pragma('journal_mode', { simple: true })).toBe('delete');
		snap.close();
		expect(fs.readdirSync(dir).sort()).toEqual([DB_FILE, 'manifest.json', MEDIA_FOLDER].sort());
		expect(fs.readdirSync(backupsDir())).toEqual(['b1']); // no partial folder left
		expect(leaseActive(c.db)).toBe(false);
		await expect(backup('b1')).rejects.toThrow(/already exists/);
	});

	it('a photo deleted and a case withdrawn between the snapshot and the copy: the backup keeps them whole, the live side hides them at once and deletes the files after', async () => {
		const m = casePatient(live);
		const before = await readyPhoto(live, m.patient, m.sessions[0].id);
		const after = await readyPhoto(live, m.patient, m.sessions[1].id);
		const side = await readyPhoto(live, m.patient, m.sessions[1].id, 'left45');
		const shown = await publishedCase(live, m, before, after);
		const images = c.db.select().from(galleryImage).where(eq(galleryImage.caseId, shown.id)).all();
		const publicKeys = images.map((i) => i.key);
		const doomed = [...photoKeys(side), ...publicKeys];
		const sums = new Map(
			await Promise.all(doomed.map(async (k) => [k, await hashFile(liveFile(k))] as const))
		);
		const anImage = images.find((i) => i.format === 'webp')!;

		const manifest = await backup('b1', async () => {
			await deletePhoto(c.db, c.store, c.actor, side);
			await withdrawCase(c.db, c.store, c.actor, shown.id);
			// the live side at once: no public URL, the photo marked deleted ...
			expect(publicImageFile(c.db, anImage.token, `${anImage.width}.webp`)).toBeNull();
			expect(c.db.select().from(photo).where(eq(photo.id, side)).get()!.deletedAt).not.toBeNull();
			// ... while the files wait for the backup
			expect(doomed.filter((k) => !fs.existsSync(liveFile(k)))).toEqual([]);
		});

		expect(manifest.missing).toEqual([]);
		const dir = path.join(backupsDir(), 'b1');
		const snap = new Database(path.join(dir, DB_FILE), { readonly: true });
		expect(snap.prepare('select deleted_at from photo where id = ?').pluck().get(side)).toBeNull();
		expect(snap.prepare('select status from gallery_case where id = ?').pluck().get(shown.id)).toBe(
			'published'
		);
		const inSnapshot = referencedFiles(snap).map((f) => f.key);
		snap.close();
		const backedUp = new Map(manifest.media.files.map((f) => [f.key, f]));
		for (const key of doomed) {
			expect(inSnapshot).toContain(key);
			expect(backedUp.get(key), key).toMatchObject(sums.get(key)!);
			expect(await hashFile(path.join(dir, MEDIA_FOLDER, key))).toEqual(sums.get(key));
		}
		// every row of the backup has its file
		expect(inSnapshot.filter((k) => !backedUp.has(k))).toEqual([]);
		// the lease is gone, so the deferred deletions run
		await vi.waitFor(() => expect(doomed.filter((k) => fs.existsSync(liveFile(k)))).toEqual([]), {
			timeout: 3000
		});
		const next = await backup('b2');
		expect(next.media.files.map((f) => f.key).filter((k) => doomed.includes(k))).toEqual([]);
	});

	it('a file already gone from the live folder is listed as missing, not skipped in silence', async () => {
		const m = casePatient(live);
		const id = await readyPhoto(live, m.patient, m.sessions[0].id);
		const lost = c.db
			.select()
			.from(photoVariant)
			.where(and(eq(photoVariant.photoId, id), eq(photoVariant.format, 'webp')))
			.get()!.key;
		const manifest = await backup('b1', () => fs.rmSync(liveFile(lost)));
		expect(manifest.missing).toEqual([{ key: lost, table: 'photo_variant' }]);
		expect(manifest.media.files.map((f) => f.key)).not.toContain(lost);
		expect(manifest.media.count).toBe(4);
	});

	it('a failed or unguarded backup leaves no folder and releases its lease', async () => {
		const m = casePatient(live);
		await readyPhoto(live, m.patient, m.sessions[0].id);
		await expect(
			backup('b1', () => {
				throw new Error('disk full');
			})
		).rejects.toThrow('disk full');
		// a lease that lapsed mid-copy: deletions may have run unguarded, so no backup
		await expect(
			backup('b2', () => {
				c.db.$client.prepare('update backup_lease set expires_at = 0').run();
			})
		).rejects.toThrow(BackupError);
		expect(fs.readdirSync(backupsDir())).toEqual([]);
		expect(leaseActive(c.db)).toBe(false);
		expect(allRows(path.join(c.dir, 'test.db')).backup_lease).toEqual([]);
	});
});
