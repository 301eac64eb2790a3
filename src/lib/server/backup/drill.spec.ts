import { execFile, spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import readline from 'node:readline';
import Database from 'better-sqlite3';
import { afterEach, beforeEach, expect, it } from 'vitest';
import { DB_FILE } from './manifest';
import { expectFaithfulRestore } from '$test/support/backup-verify';

type Stats = {
	ops: number;
	uploads: number;
	deletes: number;
	published: number;
	withdrawn: number;
	duringLease: number;
	deferredDeletes: number;
	ready: number;
};

let dir: string;
beforeEach(() => (dir = fs.mkdtempSync(path.join(os.tmpdir(), 'resurface-drill-'))));
afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

/** The writer process: resolves `until` once its counters satisfy a condition. */
function startWriter(dbFile: string, mediaDir: string) {
	const child = spawn(
		process.execPath,
		[
			'--import',
			'tsx',
			path.resolve('tests/support/drill-writer.ts'),
			dbFile,
			mediaDir,
			path.resolve('drizzle')
		],
		{ env: { ...process.env, BACKUP_LEASE_POLL_MS: '200' }, stdio: ['pipe', 'pipe', 'inherit'] }
	);
	let stats: Stats | undefined;
	let waiter: { test: (s: Stats) => boolean; resolve: () => void } | undefined;
	readline.createInterface({ input: child.stdout }).on('line', (line) => {
		stats = JSON.parse(line) as Stats;
		if (waiter?.test(stats)) {
			waiter.resolve();
			waiter = undefined;
		}
	});
	const exited = new Promise<number | null>((resolve) => child.on('exit', resolve));
	return {
		stats: () => stats!,
		until: (test: (s: Stats) => boolean) =>
			new Promise<void>((resolve, reject) => {
				if (stats && test(stats)) {
					return resolve();
				}
				waiter = { test, resolve };
				void exited.then((code) => reject(new Error(`the writer exited (${code})`)));
			}),
		async stop() {
			child.stdin.end();
			return exited;
		}
	};
}

function cli(script: string, args: string[], env: Record<string, string> = {}) {
	return new Promise<{ code: number; out: string; err: string; ms: number }>((resolve) => {
		const t0 = performance.now();
		execFile(
			process.execPath,
			['--import', 'tsx', path.resolve(`src/cli/${script}.ts`), ...args],
			{ env: { ...process.env, ...env } },
			(error, out, err) =>
				resolve({ code: error ? Number(error.code) : 0, out, err, ms: performance.now() - t0 })
		);
	});
}

it('drill: backups taken under continuous writes restore every row and every file', async () => {
	const dbFile = path.join(dir, 'live', 'resurface.db');
	const mediaDir = path.join(dir, 'live', 'media');
	const writer = startWriter(dbFile, mediaDir);
	let backup = '';
	try {
		await writer.until((s) => s.ready >= 12 && s.published >= 1 && s.deletes >= 2);
		const env = { DATABASE_URL: dbFile, MEDIA_DIR: mediaDir };
		// Backups until one overlapped writes and deferred a deletion (a backup is quick here).
		for (let n = 1; n <= 6; n++) {
			const before = writer.stats();
			backup = path.join(dir, 'backups', `b${n}`);
			const run = await cli('backup', [backup], env);
			expect(run.err).toBe('');
			expect(run.code).toBe(0);
			expect(run.out).toMatch(/integrity ok/);
			const after = writer.stats();
			console.log(`backup ${n}: ${run.ms.toFixed(0)} ms; writer ops meanwhile`, {
				ops: after.ops - before.ops,
				duringLease: after.duringLease - before.duringLease,
				deferredDeletes: after.deferredDeletes - before.deferredDeletes
			});
			if (after.deferredDeletes > 0 && after.duringLease > 0) {
				break;
			}
		}
		expect(writer.stats().duringLease).toBeGreaterThan(0);
		expect(writer.stats().deferredDeletes).toBeGreaterThan(0);
	} finally {
		expect(await writer.stop()).toBe(0);
	}
	console.log('writer totals', writer.stats());

	const data = path.join(dir, 'restored');
	const restore = await cli('restore', [backup, '--data', data]);
	expect(restore.err).toBe('');
	expect(restore.code).toBe(0);
	const manifest = await expectFaithfulRestore(
		backup,
		path.join(data, DB_FILE),
		path.join(data, 'media')
	);
	const kinds = new Set(manifest.media.files.map((f) => f.key.split('/').slice(0, 2).join('/')));
	expect(kinds.has('private/originals') && kinds.has('private/variants')).toBe(true);
	const publicFiles = manifest.media.files.filter((f) => f.key.startsWith('public/'));
	expect(publicFiles.length > 0).toBe(manifest.database.rowCounts.gallery_image > 0);
	console.log('backup restored', {
		rows: manifest.database.rowCounts,
		files: manifest.media.count,
		publicFiles: publicFiles.length
	});
	expectOneMoment(path.join(data, DB_FILE));
}, 240_000);

/**
 * The snapshot is one moment of the live database: what one transaction wrote is all there
 * or all absent (an upload and its audit row, a photo made ready and its four web versions,
 * a deletion and its audit, a publication and its images).
 */
function expectOneMoment(file: string) {
	const db = new Database(file, { readonly: true });
	const count = (sql: string) => db.prepare(sql).pluck().get() as number;
	try {
		expect(count('select count(*) from photo')).toBeGreaterThan(10);
		expect(
			count(`select count(*) from photo p where not exists (select 1 from audit_event a
				where a.action = 'photo_upload' and a.target_id = p.id)`)
		).toBe(0);
		expect(
			count(`select count(*) from photo p where (p.deleted_at is not null) != exists (select 1
				from audit_event a where a.action = 'photo_delete' and a.target_id = p.id)`)
		).toBe(0);
		expect(
			count(`select count(*) from photo p where (select count(*) from photo_variant v
				where v.photo_id = p.id) != case when p.status = 'ready' and p.deleted_at is null
				then 4 else 0 end`)
		).toBe(0);
		expect(
			count(`select count(*) from gallery_case g where (g.status = 'published') != exists
				(select 1 from gallery_image i where i.case_id = g.id)`)
		).toBe(0);
		expect(
			count(`select count(*) from gallery_case g join photo p on p.id in (g.before_photo_id,
				g.after_photo_id) where p.deleted_at is not null and g.status != 'withdrawn'`)
		).toBe(0);
	} finally {
		db.close();
	}
}
