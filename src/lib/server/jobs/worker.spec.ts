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

	it('runs jobs of one lane one at a time, and lets other kinds pass while the lane is busy', async () => {
		let inLane = 0;
		let mostInLane = 0;
		const order: string[] = [];
		const laneJob = (name: string) => ({
			lane: 'pixels',
			run: async (p: unknown) => {
				inLane++;
				mostInLane = Math.max(mostInLane, inLane);
				order.push(`${name}:${(p as { n: number }).n}`);
				await new Promise((r) => setTimeout(r, 30));
				inLane--;
			}
		});
		const handlers: JobHandlers = {
			derive: laneJob('derive'),
			encode: laneJob('encode'),
			align: { run: async (p) => void order.push(`align:${(p as { n: number }).n}`) }
		};
		queued('derive', { n: 1 });
		queued('encode', { n: 2 });
		queued('derive', { n: 3 });
		queued('align', { n: 4 });
		const worker = startWorker(t.db, handlers, { concurrency: 2, log: () => {} });
		await worker.idle();
		await worker.stop();
		expect(mostInLane).toBe(1);
		// the align job, queued last, ran while the first lane job was still busy
		expect(order.indexOf('align:4')).toBeLessThan(order.indexOf('encode:2'));
		expect(order.filter((o) => !o.startsWith('align'))).toEqual([
			'derive:1',
			'encode:2',
			'derive:3'
		]);
		expect(
			t.db
				.select()
				.from(job)
				.all()
				.every((j) => j.status === 'done')
		).toBe(true);
	});
});
