import fs from 'node:fs';
import fsp from 'node:fs/promises';

/**
 * Everything the app, a backup and a restore write holds health information (photos of faces,
 * the database), so it is readable by the account that runs the server and nobody else.
 * These are creation modes: a umask only ever takes bits away, so whatever the umask, a file
 * comes out 0600 and a folder 0700 (a umask of 000 no longer leaves them world-readable).
 */
export const PRIVATE_FILE = 0o600;
export const PRIVATE_DIR = 0o700;

/**
 * The server and the CLI scripts run under this umask, so that whatever a library creates on
 * its own starts out owner-only too. The explicit modes below hold without it.
 */
export function restrictUmask(): void {
	process.umask(0o077);
}

/** `mkdir -p` whose new folders are owner-only. */
export async function mkdirPrivate(dir: string): Promise<void> {
	await fsp.mkdir(dir, { recursive: true, mode: PRIVATE_DIR });
}

export function mkdirPrivateSync(dir: string): void {
	fs.mkdirSync(dir, { recursive: true, mode: PRIVATE_DIR });
}

/**
 * Makes an existing folder owner-only, e.g. a data folder made by an older version with 0755:
 * nothing below an owner-only folder can be reached by anyone else. Best effort: a folder this
 * account does not own keeps its mode (the files in it are private either way).
 */
export async function restrictFolder(dir: string): Promise<void> {
	await fsp.chmod(dir, PRIVATE_DIR).catch(() => {});
}

/**
 * The database file and its companions (-wal, -shm, -journal) owner-only, before SQLite opens
 * it. SQLite creates a new database with 0644 less the umask, but gives each companion file the
 * main file's mode, whatever the umask: so the main file is created here, empty (SQLite takes
 * an empty file as an empty database), with 0600, and an existing one is set to 0600 along with
 * any companions a previous run left.
 */
export function privateDatabaseFile(file: string): void {
	fs.closeSync(fs.openSync(file, 'a', PRIVATE_FILE));
	for (const f of [file, `${file}-wal`, `${file}-shm`, `${file}-journal`]) {
		try {
			fs.chmodSync(f, PRIVATE_FILE);
		} catch (e) {
			if ((e as NodeJS.ErrnoException).code !== 'ENOENT') {
				throw e;
			}
		}
	}
}
