import { describe, expect, it } from 'vitest';
import { IMAGE_WORK_CONCURRENCY, imageWork, imageWorkLoad } from './image-work';

const later = () => {
	let done!: () => void;
	const promise = new Promise<void>((r) => (done = r));
	return { promise, done };
};

describe('imageWork', () => {
	it('runs two pieces at once, and one owner’s backlog does not go ahead of another owner', async () => {
		const order: string[] = [];
		const gates = new Map<string, ReturnType<typeof later>>();
		const piece = (owner: string, name: string) =>
			imageWork(owner, async () => {
				order.push(name);
				const g = later();
				gates.set(name, g);
				await g.promise;
			});
		const all = [1, 2, 3, 4].map((i) => piece('mallory', `m${i}`));
		const other = piece('alice', 'a1');
		await new Promise((r) => setTimeout(r, 10));
		expect(imageWorkLoad().active).toBe(IMAGE_WORK_CONCURRENCY);
		// mallory holds one slot, alice the other: her piece did not wait for m2..m4
		expect(order).toEqual(['m1', 'a1']);
		gates.get('m1')!.done();
		await new Promise((r) => setTimeout(r, 10));
		expect(order).toEqual(['m1', 'a1', 'm2']);
		for (const name of ['a1', 'm2']) {
			gates.get(name)!.done();
		}
		await new Promise((r) => setTimeout(r, 10));
		gates.get('m3')!.done();
		await new Promise((r) => setTimeout(r, 10));
		gates.get('m4')!.done();
		await Promise.all([...all, other]);
		expect(imageWorkLoad()).toEqual({ active: 0, waiting: 0, owners: 0 });
	});

	it('passes a failure to its caller and goes on with the next piece', async () => {
		await expect(imageWork('x', () => Promise.reject(new Error('bad file')))).rejects.toThrow(
			'bad file'
		);
		await expect(imageWork('x', async () => 42)).resolves.toBe(42);
	});
});
