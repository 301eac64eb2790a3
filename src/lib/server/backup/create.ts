import fs from 'node:fs';
import fsp from 'node:fs/promises';
import path from 'node:path';
import Database from 'better-sqlite3';
import { drizzle } from 'drizzle-orm/better-sqlite3';
import type { Db } from '../db/client';
import * as schema from '../db/schema';
import { acquireLease, LEASE_RENEW_MS, releaseLease, renewLease } from './lease';
import { prepareSnapshot, snapshotDatabase } from './snapshot';
import { DB_FILE, MANIFEST_FILE, MEDIA_FOLDER, type Manifest, type ManifestFile } from './manifest';
import { copyWithSum, eachLimited, hashFile, isMissing, fsyncPath, writeDurably } from './files';
import { appVersion } from './version';
import { mkdirPrivate } from '../storage/private-files';

export interface BackupOptions {
	databasePath: string;
	mediaDir: string;
	/** the backup folder to create; it must not exist yet */
	dest: string;
	migrationsDir: string;
	concurrency?: number;
	/** runs after the snapshot, before any file is copied (tests delete a photo here) */
	afterSnapshot?: () => Promise<void> | void;
}

export class BackupError extends Error {}

/**
 * A consistent backup of a running server: the database as of one commit, and exactly the media
 * files that snapshot's rows point to, each with its SHA-256 in manifest.json.
 *
 * Consistency against concurrent deletes: files are written before the rows that point to them
 * commit, so every file the snapshot references existed when it was taken; what could go wrong
 * is a deletion committing after the snapshot and its files vanishing before we copy them. So
 * the backup takes a lease row BEFORE the snapshot and holds it until the last file is copied.
 * Deleters (storage/delete-files.ts) check for a lease after their row deletion commits and
 * leave the files in place while one exists; the orphan sweep skips its run. A deleter that saw
 * no lease committed before the lease, hence before the snapshot, so the snapshot does not
 * point at its files. Row deletions are not held back, so a withdrawn case's URLs still 404 at
 * once. The lease expires if the backup dies; while copying, the backup renews it and fails if
 * a renewal finds it lapsed (deletions may have run unguarded).
 *
 * A referenced file missing despite the lease was already gone from the live folder: nothing
 * can bring it back, so it is listed in the manifest's `missing` and reported, rather than
 * withholding a backup of everything else.
 */
export async function createBackup(opts: BackupOptions): Promise<Manifest> {
	const dest = path.resolve(opts.dest);
	if (fs.existsSync(dest)) {
		throw new BackupError(`${dest} already exists; choose a new folder for the backup.`);
	}
	if (!fs.existsSync(opts.databasePath)) {
		throw new BackupError(`There is no database at ${opts.databasePath}.`);
	}
	await mkdirPrivate(path.dirname(dest));
	// Built beside the destination (same filesystem) and renamed into place at the very end;
	// mkdtemp makes it owner-only.
	const temp = await fsp.mkdtemp(path.join(path.dirname(dest), `.${path.basename(dest)}.partial-`));
	const sqlite = new Database(opts.databasePath, { fileMustExist: true });
	sqlite.pragma('busy_timeout = 10000');
	const live = drizzle(sqlite, { schema }) as Db;
	try {
		const manifest = await withLease(live, () => copyAll(live, temp, opts));
		await writeDurably(path.join(temp, MANIFEST_FILE), JSON.stringify(manifest, null, '\t'));
		await fsyncPath(temp);
		await fsp.rename(temp, dest);
		await fsyncPath(path.dirname(dest));
		return manifest;
	} catch (e) {
		await fsp.rm(temp, { recursive: true, force: true });
		throw e;
	} finally {
		sqlite.close();
	}
}

async function withLease<T>(live: Db, work: () => Promise<T>): Promise<T> {
	const lease = acquireLease(live);
	let lapsed = false;
	const heartbeat = setInterval(() => {
		try {
			lapsed ||= !renewLease(live, lease);
		} catch {
			// a busy database: the next renewal (or the final check) tells whether it lapsed
		}
	}, LEASE_RENEW_MS);
	try {
		const result = await work();
		if (lapsed || !renewLease(live, lease)) {
			throw new BackupError(
				'The backup lease lapsed while files were being copied (was the machine stalled?). Run the backup again.'
			);
		}
		return result;
	} finally {
		clearInterval(heartbeat);
		releaseLease(live, lease);
	}
}

async function copyAll(live: Db, temp: string, opts: BackupOptions): Promise<Manifest> {
	const dbFile = path.join(temp, DB_FILE);
	const createdAt = new Date();
	await snapshotDatabase(live.$client, dbFile);
	await opts.afterSnapshot?.();
	const facts = prepareSnapshot(dbFile, opts.migrationsDir);
	if (facts.integrityCheck !== 'ok') {
		throw new BackupError(
			`The database snapshot fails PRAGMA integrity_check: ${facts.integrityCheck}. The live database may be damaged; keep the previous backups.`
		);
	}
	const files: ManifestFile[] = [];
	const missing: Manifest['missing'] = [];
	await eachLimited(facts.files, opts.concurrency ?? 4, async (f) => {
		try {
			const sum = await copyWithSum(
				path.join(opts.mediaDir, f.key),
				path.join(temp, MEDIA_FOLDER, f.key)
			);
			files.push({ key: f.key, ...sum });
		} catch (e) {
			if (!isMissing(e)) {
				throw e;
			}
			missing.push({ key: f.key, table: f.table });
		}
	});
	files.sort((a, b) => a.key.localeCompare(b.key));
	const db = await hashFile(dbFile);
	return {
		format: 'resurface-backup',
		formatVersion: 1,
		createdAt: createdAt.toISOString(),
		finishedAt: new Date().toISOString(),
		appVersion: appVersion(),
		schema: { migration: facts.migration, hash: facts.hash },
		database: {
			file: DB_FILE,
			...db,
			integrityCheck: 'ok',
			rowCounts: facts.rowCounts
		},
		media: {
			count: files.length,
			bytes: files.reduce((n, f) => n + f.bytes, 0),
			files
		},
		missing
	};
}
