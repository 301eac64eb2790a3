import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

/**
 * A copy of drizzle/ holding the migrations up to `tag` only, for tests that build a database
 * as a clinic's was before an upgrade and then run the rest on it. The folder is pushed on
 * `dirs` for the test to remove.
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
