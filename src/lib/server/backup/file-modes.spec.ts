import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDatabase } from '../db/client';
import { seedUser } from '$test/support/test-db';
import { LocalDiskStore } from '../storage/local-disk';
import type { StaffActor } from '../auth/guard';
import { createBackup } from './create';
import { restoreBackup } from './restore';
import { casePatient, publishedCase, readyPhoto, type Live } from '$test/support/backup-load';
import { notPrivate } from '$test/support/file-tree';

// Issue 11, item 5: every file the app, a backup and a restore write is 0600 and every folder
// 0700, whatever the umask the process runs under.

describe.each([0o000, 0o022])('with umask %o', (umask) => {
	let previous: number;
	let dir: string;
	beforeAll(() => {
		dir = fs.mkdtempSync(path.join(os.tmpdir(), 'resurface-modes-'));
		previous = process.umask(umask);
	});
	afterAll(() => {
		process.umask(previous);
		fs.rmSync(dir, { recursive: true, force: true });
	});

	it('the database, media, a backup and a restore are owner-only, file by file', async () => {
		const data = path.join(dir, 'data');
		const db = openDatabase(path.join(data, 'resurface.db'), path.resolve('drizzle'));
		const store = new LocalDiskStore(path.join(data, 'media'));
		const { clinic, user } = seedUser(db, 'clinician');
		const live: Live = { db, store, actor: { user, clinicId: clinic.id } as StaffActor };
		const m = casePatient(live);
		const before = await readyPhoto(live, m.patient, m.sessions[0].id);
		const after = await readyPhoto(live, m.patient, m.sessions[1].id);
		await publishedCase(live, m, before, after);
		// the database's -wal and -shm are there while it is open
		expect(fs.readdirSync(data).sort()).toEqual([
			'media',
			'resurface.db',
			'resurface.db-shm',
			'resurface.db-wal'
		]);
		expect(fs.readdirSync(path.join(data, 'media')).sort()).toEqual(['private', 'public', 'tmp']);

		await createBackup({
			databasePath: path.join(data, 'resurface.db'),
			mediaDir: store.root,
			dest: path.join(dir, 'backups', 'b1'),
			migrationsDir: path.resolve('drizzle')
		});
		db.$client.close();

		const restored = path.join(dir, 'restored');
		await restoreBackup({
			backupDir: path.join(dir, 'backups', 'b1'),
			databasePath: path.join(restored, 'resurface.db'),
			mediaDir: path.join(restored, 'media')
		});
		const reopened = openDatabase(path.join(restored, 'resurface.db'), path.resolve('drizzle'));
		try {
			expect(fs.readdirSync(restored).sort()).toEqual([
				'media',
				'resurface.db',
				'resurface.db-shm',
				'resurface.db-wal'
			]);
			expect(fs.readdirSync(path.join(dir, 'backups', 'b1')).sort()).toEqual([
				'manifest.json',
				'media',
				'resurface.db'
			]);
			expect(notPrivate(dir)).toEqual([]);
		} finally {
			reopened.$client.close();
		}
	});

	it('an existing database and its companions are made owner-only when opened', () => {
		const file = path.join(dir, 'old', 'resurface.db');
		fs.mkdirSync(path.dirname(file), { mode: 0o700 });
		for (const f of [file, `${file}-wal`, `${file}-shm`]) {
			fs.writeFileSync(f, '');
			fs.chmodSync(f, 0o644);
		}
		openDatabase(file, path.resolve('drizzle')).$client.close();
		expect(notPrivate(path.dirname(file))).toEqual([]);
	});
});
