import { afterAll, describe, expect, it } from 'vitest';
import { renderPool, renderThreads } from './render-pool';
import { renderCourse } from './photo-course';
import { DEMO_PATIENTS } from './people';

describe('render pool', () => {
	const pool = renderPool(2);
	afterAll(() => pool.close());

	it('draws a course in a thread exactly as this thread would', async () => {
		const job = { index: 0, width: 48, progress: [0, 0.6] };
		const [threaded, here] = await Promise.all([pool.render(job), renderCourse(job)]);
		expect(threaded).toHaveLength(2);
		expect(threaded[0]).toHaveLength(5);
		for (const [n, views] of here.entries()) {
			views.forEach((bytes, v) => expect(Buffer.compare(threaded[n][v], bytes)).toBe(0));
		}
	});

	it('draws several patients side by side and answers each with its own course', async () => {
		const abdomen = DEMO_PATIENTS.findIndex((p) => p.areas.includes('abdomen'));
		const jobs = [1, abdomen, 2].map((index) => ({ index, width: 40, progress: [0.3] }));
		const results = await Promise.all(jobs.map((j) => pool.render(j)));
		const expected = await Promise.all(jobs.map((j) => renderCourse(j)));
		results.forEach((r, i) => expect(Buffer.compare(r[0][2], expected[i][0][2])).toBe(0));
	});

	it('reports a drawing that fails, and keeps working after it', async () => {
		await expect(pool.render({ index: 0, width: 8, progress: [0] })).rejects.toThrow(/at least 16/);
		await expect(pool.render({ index: 0, width: 32, progress: [0] })).resolves.toHaveLength(1);
	});

	it('uses at most four threads', () => {
		expect(renderThreads()).toBeGreaterThanOrEqual(1);
		expect(renderThreads()).toBeLessThanOrEqual(4);
	});
});
