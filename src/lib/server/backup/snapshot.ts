import fs from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { privateDatabaseFile } from '../storage/private-files';

/**
 * SQLite's online backup API, told after its first (empty) step to copy every remaining page in
 * one step. One step runs inside one read transaction of the source: under WAL the server keeps
 * writing meanwhile, and the copy is the database exactly as of one commit. (Small steps would
 * restart from page 1 whenever another process commits, and could chase a busy server forever.)
 */
export async function snapshotDatabase(live: Database.Database, file: string): Promise<void> {
	privateDatabaseFile(file);
	await live.backup(file, { progress: () => 0x7fffffff });
}

/** The files a snapshot's rows point to: the same set the orphan sweep keeps alive. */
export interface ReferencedFile {
	key: string;
	table: 'photo' | 'photo_variant' | 'gallery_image';
	/** the size the row recorded for it */
	bytes: number;
}

export interface SnapshotFacts {
	integrityCheck: string;
	rowCounts: Record<string, number>;
	migration: string | null;
	hash: string | null;
	files: ReferencedFile[];
}

/**
 * Makes the snapshot a self-contained file for the backup and reads what the manifest needs.
 * The backup's own lease rows are dropped: they describe the live server's moment, and a
 * restored server must not defer its deletions for a backup that is not running.
 */
export function prepareSnapshot(file: string, migrationsDir: string): SnapshotFacts {
	const db = new Database(file, { fileMustExist: true });
	try {
		// One file, no -wal beside it; the app switches a restored database back to WAL.
		db.pragma('journal_mode = DELETE');
		db.prepare('delete from backup_lease').run();
		const integrityCheck = String(db.pragma('integrity_check', { simple: true }));
		return {
			integrityCheck,
			rowCounts: rowCounts(db),
			...lastMigration(db, migrationsDir),
			files: referencedFiles(db)
		};
	} finally {
		db.close();
	}
}

export function rowCounts(db: Database.Database): Record<string, number> {
	const tables = db
		.prepare(
			"select name from sqlite_master where type = 'table' and name not like 'sqlite_%' order by name"
		)
		.pluck()
		.all() as string[];
	return Object.fromEntries(
		tables.map((t) => [t, db.prepare(`select count(*) from "${t}"`).pluck().get() as number])
	);
}

export function referencedFiles(db: Database.Database): ReferencedFile[] {
	return db
		.prepare(
			`select original_key key, 'photo' "table", original_bytes bytes from photo where deleted_at is null
			 union all select key, 'photo_variant', bytes from photo_variant
			 union all select key, 'gallery_image', bytes from gallery_image
			 order by key`
		)
		.all() as ReferencedFile[];
}

/** drizzle records each applied migration's hash and journal time; the journal names it. */
function lastMigration(db: Database.Database, migrationsDir: string) {
	const last = db
		.prepare(
			'select hash, created_at at from __drizzle_migrations order by created_at desc limit 1'
		)
		.get() as { hash: string; at: number } | undefined;
	if (!last) {
		return { migration: null, hash: null };
	}
	let migration: string | null = null;
	try {
		const journal = JSON.parse(
			fs.readFileSync(path.join(migrationsDir, 'meta', '_journal.json'), 'utf8')
		) as { entries: { tag: string; when: number }[] };
		migration = journal.entries.find((e) => e.when === Number(last.at))?.tag ?? null;
	} catch {
		// an unknown journal leaves the hash as the only name
	}
	return { migration, hash: last.hash };
}
