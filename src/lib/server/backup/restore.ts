import fs from 'node:fs';
import fsp from 'node:fs/promises';
import path from 'node:path';
import Database from 'better-sqlite3';
import { rowCounts } from './snapshot';
import {
	BackupFolderError,
	DB_FILE,
	mediaPath,
	readManifest,
	type Manifest,
	type ManifestFile
} from './manifest';
import { copyWithSum, eachLimited, hashFile, isMissing, fsyncPath } from './files';
import { mkdirPrivate } from '../storage/private-files';

export interface RestoreOptions {
	backupDir: string;
	/** where the database goes (DATABASE_URL, or <data>/resurface.db) */
	databasePath: string;
	/** where the media files go (MEDIA_DIR, or <data>/media) */
	mediaDir: string;
	concurrency?: number;
}

export interface RestoreSummary {
	manifest: Manifest;
	files: number;
	bytes: number;
}

export class RestoreError extends Error {}

/**
 * Brings a backup back into an empty place. Nothing is written before every checksum has been
 * verified; then the media go into a staging folder that is renamed into place, and the
 * database comes last, so a restore cut short leaves no database and is simply run again.
 */
export async function restoreBackup(opts: RestoreOptions): Promise<RestoreSummary> {
	const backupDir = path.resolve(opts.backupDir);
	const databasePath = path.resolve(opts.databasePath);
	const mediaDir = path.resolve(opts.mediaDir);
	let manifest: Manifest;
	try {
		manifest = readManifest(backupDir);
	} catch (e) {
		throw e instanceof BackupFolderError ? new RestoreError(e.message) : e;
	}
	refuseUnlessEmpty(databasePath, mediaDir);
	await verifyBackup(backupDir, manifest, opts.concurrency ?? 4);

	const files = manifest.media.files;
	await mkdirPrivate(path.dirname(mediaDir));
	// (mkdtemp makes it owner-only)
	const staging = await fsp.mkdtemp(`${mediaDir}.restoring-`);
	const dbTemp = `${databasePath}.restoring-${process.pid}`;
	try {
		await eachLimited(files, opts.concurrency ?? 4, async (f) => {
			expectSum(
				f.key,
				f,
				await copyWithSum(mediaPath(backupDir, f.key), path.join(staging, f.key))
			);
		});
		await mkdirPrivate(path.dirname(databasePath));
		expectSum(DB_FILE, manifest.database, await copyWithSum(path.join(backupDir, DB_FILE), dbTemp));
		checkDatabase(dbTemp, manifest);
		removeEmptyTree(mediaDir);
		await fsp.rename(staging, mediaDir);
		await fsyncPath(path.dirname(mediaDir));
		await fsp.rename(dbTemp, databasePath);
		await fsyncPath(path.dirname(databasePath));
	} catch (e) {
		await fsp.rm(staging, { recursive: true, force: true });
		await fsp.rm(dbTemp, { force: true });
		throw e;
	}
	return { manifest, files: files.length, bytes: manifest.media.bytes };
}

function refuseUnlessEmpty(databasePath: string, mediaDir: string): void {
	for (const f of [databasePath, `${databasePath}-wal`, `${databasePath}-journal`]) {
		if (fs.existsSync(f)) {
			throw new RestoreError(
				`Refusing to restore: ${f} already exists. Restore into an empty data folder (move the current data aside first).`
			);
		}
	}
	const present = firstFile(mediaDir);
	if (present) {
		throw new RestoreError(
			`Refusing to restore: the media folder ${mediaDir} is not empty (${present}). Restore into an empty data folder.`
		);
	}
}

function firstFile(dir: string): string | null {
	let entries: fs.Dirent[];
	try {
		entries = fs.readdirSync(dir, { withFileTypes: true, recursive: true });
	} catch (e) {
		if (isMissing(e)) {
			return null;
		}
		throw e;
	}
	const file = entries.find((d) => !d.isDirectory());
	return file ? path.relative(dir, path.join(file.parentPath, file.name)) : null;
}

/**
 * The media folder was checked empty; an empty folder (or a tree of empty folders) gives way to
 * the staged one. rmdir refuses a folder that holds anything, so nothing can be lost here.
 */
function removeEmptyTree(dir: string): void {
	let entries: fs.Dirent[];
	try {
		entries = fs.readdirSync(dir, { withFileTypes: true });
	} catch (e) {
		if (isMissing(e)) {
			return;
		}
		throw e;
	}
	for (const entry of entries) {
		if (entry.isDirectory()) {
			removeEmptyTree(path.join(dir, entry.name));
		}
	}
	fs.rmdirSync(dir);
}

/** Every file against the manifest before anything is placed; names each one that fails. */
export async function verifyBackup(
	backupDir: string,
	manifest: Manifest,
	concurrency = 4
): Promise<void> {
	const bad: string[] = [];
	const check = async (name: string, file: string, want: { bytes: number; sha256: string }) => {
		try {
			const got = await hashFile(file);
			if (got.bytes !== want.bytes || got.sha256 !== want.sha256) {
				bad.push(`${name} (checksum mismatch)`);
			}
		} catch (e) {
			if (!isMissing(e)) {
				throw e;
			}
			bad.push(`${name} (missing)`);
		}
	};
	await check(DB_FILE, path.join(backupDir, DB_FILE), manifest.database);
	await eachLimited(manifest.media.files, concurrency, (f: ManifestFile) =>
		check(`media/${f.key}`, mediaPath(backupDir, f.key), f)
	);
	if (bad.length > 0) {
		bad.sort(
			(a, b) => Number(b.startsWith(DB_FILE)) - Number(a.startsWith(DB_FILE)) || a.localeCompare(b)
		);
		const shown = bad.slice(0, 10).join('\n  ');
		const more = bad.length > 10 ? `\n  … and ${bad.length - 10} more` : '';
		throw new RestoreError(
			`Refusing to restore: the backup is damaged; ${bad.length} file(s) do not match its manifest:\n  ${shown}${more}`
		);
	}
}

function expectSum(name: string, want: { bytes: number; sha256: string }, got: typeof want) {
	if (got.bytes !== want.bytes || got.sha256 !== want.sha256) {
		throw new RestoreError(`${name} changed while it was being restored; nothing was placed.`);
	}
}

/** The copy is a sound database holding the rows the manifest counted. */
function checkDatabase(file: string, manifest: Manifest): void {
	const db = new Database(file, { readonly: true, fileMustExist: true });
	try {
		const integrity = String(db.pragma('integrity_check', { simple: true }));
		if (integrity !== 'ok') {
			throw new RestoreError(`The restored database fails PRAGMA integrity_check: ${integrity}`);
		}
		const counts = rowCounts(db);
		if (JSON.stringify(counts) !== JSON.stringify(manifest.database.rowCounts)) {
			throw new RestoreError('The restored database does not hold the rows its manifest counts.');
		}
	} finally {
		db.close();
	}
}
