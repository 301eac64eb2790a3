// What a restore must give back, checked the same way by the drill and the round-trip test.
import path from 'node:path';
import Database from 'better-sqlite3';
import { expect } from 'vitest';
import { hashFile } from '../../src/lib/server/backup/files';
import { DB_FILE, readManifest, type Manifest } from '../../src/lib/server/backup/manifest';
import { referencedFiles, rowCounts } from '../../src/lib/server/backup/snapshot';
import { filesUnder } from './file-tree';

/** Every row of every table, in a stable order. */
export function allRows(file: string): Record<string, string[]> {
	const db = new Database(file, { readonly: true, fileMustExist: true });
	try {
		return Object.fromEntries(
			Object.keys(rowCounts(db)).map((t) => [
				t,
				(db.prepare(`select * from "${t}"`).all() as unknown[]).map((r) => JSON.stringify(r)).sort()
			])
		);
	} finally {
		db.close();
	}
}

export { filesUnder };

/**
 * The restored database is sound and equal, row for row, to the backup's snapshot; every file
 * its rows point to is there with the manifest's checksum (originals also with the photo row's
 * own SHA-256 of the uploaded bytes), no row lacks its file and no stray file came along.
 */
export async function expectFaithfulRestore(
	backupDir: string,
	databasePath: string,
	mediaDir: string
): Promise<Manifest> {
	const manifest = readManifest(backupDir);
	expect(manifest.missing).toEqual([]);
	const db = new Database(databasePath, { readonly: true, fileMustExist: true });
	try {
		expect(db.pragma('integrity_check', { simple: true })).toBe('ok');
		expect(db.pragma('foreign_key_check')).toEqual([]);
		const referenced = referencedFiles(db);
		const sums = new Map(manifest.media.files.map((f) => [f.key, f]));
		expect(referenced.map((f) => f.key).sort()).toEqual([...sums.keys()].sort());
		expect(filesUnder(mediaDir)).toEqual([...sums.keys()].sort());
		const shaOfPhoto = new Map(
			(
				db.prepare('select original_key k, sha256 s from photo').all() as { k: string; s: string }[]
			).map((r) => [r.k, r.s])
		);
		for (const f of referenced) {
			const got = await hashFile(path.join(mediaDir, f.key));
			expect(got, f.key).toEqual({
				bytes: sums.get(f.key)!.bytes,
				sha256: sums.get(f.key)!.sha256
			});
			expect(got.bytes, f.key).toBe(f.bytes);
			if (f.table === 'photo') {
				expect(got.sha256, f.key).toBe(shaOfPhoto.get(f.key));
			}
		}
		expect(rowCounts(db)).toEqual(manifest.database.rowCounts);
		expect(db.prepare('select count(*) from backup_lease').pluck().get()).toBe(0);
	} finally {
		db.close();
	}
	expect(allRows(databasePath)).toEqual(allRows(path.join(backupDir, DB_FILE)));
	return manifest;
}
