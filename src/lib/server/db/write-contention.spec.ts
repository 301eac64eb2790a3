import path from 'node:path';
import { execFile } from 'node:child_process';
import { afterEach, beforeEach, expect, it } from 'vitest';
import { tempDb } from '$test/support/test-db';

let t: ReturnType<typeof tempDb>;
beforeEach(() => (t = tempDb()));
afterEach(() => t.cleanup());

it('concurrent writer processes on one database file all succeed (no SQLITE_BUSY)', async () => {
	const file = path.join(t.dir, 'test.db');
	const rounds = 150;
	const runs = ['a', 'b', 'c'].map(
		(name) =>
			new Promise<{ errors: number }>((resolve, reject) => {
				const worker = path.resolve('tests/support/write-contention.worker.ts');
				const args = [file, path.resolve('drizzle'), String(rounds), name];
				execFile(process.execPath, ['--import', 'tsx', worker, ...args], (err, stdout) =>
					err ? reject(err) : resolve(JSON.parse(stdout))
				);
			})
	);
	const results = await Promise.all(runs);
	expect(results.map((r) => r.errors)).toEqual([0, 0, 0]);
	const count = t.db.$client.prepare('select count(*) n from audit_event').get() as { n: number };
	expect(count.n).toBe(3 * rounds);
});
