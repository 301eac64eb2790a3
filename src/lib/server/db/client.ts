import path from 'node:path';
import Database from 'better-sqlite3';
import { drizzle, type BetterSQLite3Database } from 'drizzle-orm/better-sqlite3';
import { migrate } from 'drizzle-orm/better-sqlite3/migrator';
import { config } from '../platform/config';
import { mkdirPrivateSync, privateDatabaseFile } from '../storage/private-files';
import * as schema from './schema';

export type Db = BetterSQLite3Database<typeof schema> & { $client: Database.Database };
export type Tx = Parameters<Parameters<Db['transaction']>[0]>[0];

/**
 * Opens (creating if needed) a database file and brings its schema up to date.
 * WAL lets readers run beside the single writer; synchronous=FULL makes every commit durable
 * across a power cut, which consent and audit rows need; the busy timeout makes a second
 * writer wait instead of failing.
 */
export function openDatabase(file: string, migrationsFolder = config.migrationsDir()): Db {
	mkdirPrivateSync(path.dirname(file));
	privateDatabaseFile(file);
	const sqlite = new Database(file);
	sqlite.pragma('journal_mode = WAL');
	sqlite.pragma('synchronous = FULL');
	sqlite.pragma('busy_timeout = 10000');
	const db = drizzle(sqlite, { schema }) as Db;
	migrateChecked(db, migrationsFolder);
	sqlite.pragma('foreign_keys = ON');
	return db;
}

/**
 * Runs the migrations the way SQLite documents a table rebuild: foreign keys off, so dropping
 * a table that others point at (treatment_session, which photos reference) does not cascade or
 * fail; then every reference is checked before anything else may use the file. The migrator
 * runs inside a transaction, where the migrations' own `PRAGMA foreign_keys` does nothing.
 */
function migrateChecked(db: Db, migrationsFolder: string): void {
	const sqlite = db.$client;
	sqlite.pragma('foreign_keys = OFF');
	migrate(db, { migrationsFolder });
	const broken = sqlite.pragma('foreign_key_check') as unknown[];
	if (broken.length > 0) {
		sqlite.close();
		throw new Error(
			`Migrations left ${broken.length} broken reference(s): ${JSON.stringify(broken.slice(0, 3))}`
		);
	}
}

let shared: { file: string; db: Db } | undefined;

/** The process-wide database for the configured DATABASE_URL. */
export function getDb(): Db {
	const file = config.databasePath();
	if (!shared || shared.file !== file) {
		shared?.db.$client.close();
		shared = { file, db: openDatabase(file) };
	}
	return shared.db;
}

/**
 * Every write goes through here: BEGIN IMMEDIATE takes the write lock up front, so two
 * writers queue on the busy timeout instead of one failing with SQLITE_BUSY on upgrade.
 */
export function writeTx<T>(db: Db, fn: (tx: Tx) => T): T {
	return db.transaction(fn, { behavior: 'immediate' });
}
