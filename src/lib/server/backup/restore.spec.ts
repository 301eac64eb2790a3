import { execFile } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openDatabase } from '../db/client';
import { photoTestClinic } from '$test/support/photo-clinic';
import { deletePhoto } from '../photos/delete';
import { LocalDiskStore } from '../storage/local-disk';
import { createBackup } from './create';
import { DB_FILE, MANIFEST_FILE, MEDIA_FOLDER, readManifest } from './manifest';
import { restoreBackup, RestoreError } from './restore';
import { casePatient, publishedCase, readyPhoto } from '$test/support/backup-load';
import { expectFaithfulRestore, filesUnder } from '$test/support/backup-verify';

let c: ReturnType<typeof photoTestClinic>;
beforeEach(() => (c = photoTestClinic()));
afterEach(() => c.cleanup());

/** A backup of a clinic with two ready photos (and, if asked, a published case of them). */
async function backupOfClinic(withCase = false) {
	const live = { db: c.db, store: c.store, actor: c.actor };
	const m = casePatient(live);
	const before = await readyPhoto(live, m.patient, m.sessions[0].id);
	const after = await readyPhoto(live, m.patient, m.sessions[1].id);
	if (withCase) {
		await publishedCase(live, m, before, after);
	}
	const dir = path.join(c.dir, 'backup');
	await createBackup({
		databasePath: path.join(c.dir, 'test.db'),
		mediaDir: c.store.root,
		dest: dir,
		migrationsDir: path.resolve('drizzle')
	});
	return dir;
}

const target = () => {
	const data = path.join(c.dir, 'restored');
	return { data, databasePath: path.join(data, DB_FILE), mediaDir: path.join(data, 'media') };
};

/** `npm run restore` as a process: its exit code and what it printed. */
function restoreCli(args: string[]): Promise<{ code: number; out: string; err: string }> {
	return new Promise((resolve) => {
		execFile(
			process.execPath,
			['--import', 'tsx', path.resolve('src/cli/restore.ts'), ...args],
			(error, out, err) => resolve({ code: error ? Number(error.code) : 0, out, err })
		);
	});
}

/** Every file under a folder with its bytes, to show that a refusal changed nothing. */
const snapshotOf = (dir: string) =>
	filesUnder(dir).map((f) => [f, fs.readFileSync(path.join(dir, f)).toString('base64')]);

describe('restore', () => {
	it('brings a backup back into an empty folder: the same rows, every file with its checksum', async () => {
		const backup = await backupOfClinic(true);
		const t = target();
		const cli = await restoreCli([backup, '--data', t.data]);
		expect(cli.err).toBe('');
		expect(cli.code).toBe(0);
		expect(cli.out).toMatch(/integrity ok/);
		expect(cli.out).toMatch(/every checksum verified/);
		const manifest = await expectFaithfulRestore(backup, t.databasePath, t.mediaDir);
		expect(manifest.database.rowCounts.gallery_image).toBeGreaterThan(0);
		expect(manifest.media.files.some((f) => f.key.startsWith('public/'))).toBe(true);
		// nothing left over beside the restored data
		expect(fs.readdirSync(t.data).sort()).toEqual(['media', DB_FILE]);

		// the app runs on it (migrations up to date), and no backup lease came along with it
		const db = openDatabase(t.databasePath, path.resolve('drizzle'));
		try {
			const store = new LocalDiskStore(t.mediaDir);
			const id = db.$client.prepare('select id from photo limit 1').pluck().get() as string;
			const original = db.$client
				.prepare('select original_key from photo where id = ?')
				.pluck()
				.get(id) as string;
			expect(await deletePhoto(db, store, c.actor, id)).toBe(true);
			expect(fs.existsSync(store.localPath(original))).toBe(false);
		} finally {
			db.$client.close();
		}
	});

	it('refuses a folder that already holds a database or media files, and leaves it as it was', async () => {
		const backup = await backupOfClinic();
		const t = target();
		fs.mkdirSync(t.data, { recursive: true });
		fs.writeFileSync(t.databasePath, 'a database that must survive');
		const before = snapshotOf(t.data);
		const cli = await restoreCli([backup, '--data', t.data]);
		expect(cli.code).toBe(1);
		expect(cli.err).toContain(`Refusing to restore: ${t.databasePath} already exists`);
		expect(snapshotOf(t.data)).toEqual(before);

		fs.rmSync(t.databasePath);
		fs.mkdirSync(path.join(t.mediaDir, 'private/originals/ab'), { recursive: true });
		fs.writeFileSync(path.join(t.mediaDir, 'private/originals/ab/abc'), 'a photo');
		const withMedia = snapshotOf(t.data);
		await expect(restoreBackup({ backupDir: backup, ...t })).rejects.toThrow(
			/media folder .* is not empty \(private\/originals\/ab\/abc\)/
		);
		expect(snapshotOf(t.data)).toEqual(withMedia);
		expect(fs.readdirSync(t.data)).toEqual(['media']);
		expect(fs.readdirSync(c.dir).filter((f) => f.includes('restoring'))).toEqual([]);
	});

	it('refuses a damaged backup before placing anything, and names the bad file', async () => {
		const backup = await backupOfClinic();
		const t = target();
		const victim = readManifest(backup).media.files[3].key;
		const file = path.join(backup, MEDIA_FOLDER, victim);
		const bytes = fs.readFileSync(file);
		bytes[bytes.length >> 1] ^= 0x01; // one bit of one byte
		fs.writeFileSync(file, bytes);
		const cli = await restoreCli([backup, '--data', t.data]);
		expect(cli.code).toBe(1);
		expect(cli.err).toContain('the backup is damaged; 1 file(s) do not match its manifest');
		expect(cli.err).toContain(`media/${victim} (checksum mismatch)`);
		expect(fs.existsSync(t.data)).toBe(false);

		// a database with a page gone, a media file gone: both named
		fs.truncateSync(path.join(backup, DB_FILE), 4096);
		fs.rmSync(path.join(backup, MEDIA_FOLDER, readManifest(backup).media.files[0].key));
		const both = restoreBackup({ backupDir: backup, ...t });
		await expect(both).rejects.toThrow(RestoreError);
		await expect(both).rejects.toThrow(
			/3 file\(s\) do not match its manifest:\n {2}resurface\.db \(checksum mismatch\)\n.*\(missing\)\n.*\(checksum mismatch\)$/
		);
		expect(fs.existsSync(t.data)).toBe(false);

		// no manifest: not a complete backup
		fs.rmSync(path.join(backup, MANIFEST_FILE));
		await expect(restoreBackup({ backupDir: backup, ...t })).rejects.toThrow(
			/not a complete backup: it has no manifest\.json/
		);
		expect(fs.existsSync(t.data)).toBe(false);
	});
});
