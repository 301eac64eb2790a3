import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { tempDb } from '$test/support/test-db';
import { writeTx } from '../db/client';
import { job } from '../db/schema';
import { enqueue } from './queue';
import { startWorker } from './worker';
import type { JobHandlers } from './handlers';

let t: ReturnType<typeof tempDb>;
beforeEach(() => (t = tempDb()));
afterEach(() => t.cleanup());

const queued = (kind: string, payload: unknown) =>
	writeTx(t.db, (tx) => enqueue(tx, kind, payload, new Date(0)));
const row = (id: string) =>
	t.db
		.select()
		.from(job)
		.all()
		.find((j) => j.id === id)!;

describe('job worker', () => {
	it('runs each job with the handler registered for its kind, and nothing else', async () => {
		const seen: unknown[] = [];
		const gaveUp: string[] = [];
		class Permanent extends Error {}
		const handlers: JobHandlers = {
			note: { run: async (p) => void seen.push(p) },
			broken: {
				run: async () => {
					throw new Permanent('will never work');
				},
				permanent: (e) => e instanceof Permanent,
				gaveUp: (_p, message) => gaveUp.push(message)
			}
		};
		const ok = queued('note', { n: 1 });
		const bad = queued('broken', {});
		const stray = queued('no_such_kind', {});
		const worker = startWorker(t.db, handlers, { log: () => {} });
		await worker.idle();
		await worker.stop();
		expect(seen).toEqual([{ n: 1 }]);
		expect(row(ok)).toMatchObject({ status: 'done', attempts: 1 });
		// a permanent failure is not retried, and its area hears of it once
		expect(row(bad)).toMatchObject({ status: 'failed', attempts: 1 });
		expect(gaveUp).toEqual(['will never work']);
		// a kind nobody handles fails at once, named, instead of retrying
		expect(row(stray)).toMatchObject({ status: 'failed', attempts: 1 });
		expect(row(stray).lastError).toContain('no_such_kind');
	});

	it('retries a passing failure later instead of giving up', async () => {
		let calls = 0;
		const handlers: JobHandlers = {
			flaky: {
				run: async () => {
					calls++;
					throw new Error('disk busy');
				}
			}
		};
		const id = queued('flaky', {});
		const worker = startWorker(t.db, handlers, { log: () => {} });
		await worker.idle();
		await worker.stop();
		expect(calls).toBe(1);
		// back in the queue with a delay, not failed
		expect(row(id)).toMatchObject({ status: 'pending', attempts: 1, lastError: 'disk busy' });
		expect(row(id).runAfter.getTime()).toBeGreaterThan(Date.now());
	});
});
