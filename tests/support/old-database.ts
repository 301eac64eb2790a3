// A database as a clinic's was before an upgrade: made by the migrations up to a given one, with
// rows written in that day's schema, so a migration spec can then run the rest on it.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import Database from 'better-sqlite3';
import { openDatabase } from '../../src/lib/server/db/client';

/**
 * A copy of drizzle/ holding the migrations up to `tag` only. The folder is pushed on `dirs`
 * for the test to remove.
 */
export function migrationsUpTo(tag: string, dirs: string[]): string {
	const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'resurface-migrations-'));
	dirs.push(dir);
	const journal = JSON.parse(fs.readFileSync('drizzle/meta/_journal.json', 'utf8'));
	const upTo = journal.entries.findIndex((e: { tag: string }) => e.tag === tag);
	if (upTo < 0) {
		throw new Error(`no migration ${tag}`);
	}
	journal.entries = journal.entries.slice(0, upTo + 1);
	fs.mkdirSync(path.join(dir, 'meta'));
	fs.writeFileSync(path.join(dir, 'meta', '_journal.json'), JSON.stringify(journal));
	for (const e of journal.entries) {
		fs.copyFileSync(`drizzle/${e.tag}.sql`, path.join(dir, `${e.tag}.sql`));
	}
	return dir;
}

/** Every old database starts with a clinic `c1`, its owner `u1` and a patient `p1`, Ann. */
const BASE_ROWS = `
	insert into clinic (id, slug, name, settings, created_at) values ('c1', 'c1', 'C', '{}', 0);
	insert into user (id, clinic_id, email, name, role, password_hash, created_at)
		values ('u1', 'c1', 'o@x.test', 'O', 'owner', 'x', 0);
	insert into patient (id, clinic_id, display_name, concerns, created_at)
		values ('p1', 'c1', 'Ann', '[]', 0);
`;

/**
 * A database file migrated up to `tag`, holding the base rows and `rows` (SQL in that
 * migration's schema). Its folder is pushed on `dirs` for the test to remove.
 */
export function databaseAsOf(tag: string, rows: string, dirs: string[]): string {
	const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'resurface-upgrade-'));
	dirs.push(dir);
	const file = path.join(dir, 'old.db');
	openDatabase(file, migrationsUpTo(tag, dirs)).$client.close();
	const raw = new Database(file);
	raw.exec(BASE_ROWS + rows);
	raw.close();
	return file;
}
