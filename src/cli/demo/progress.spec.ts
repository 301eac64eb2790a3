import { describe, expect, it } from 'vitest';
import { progressStep } from './progress';

describe('progressStep', () => {
	it('speaks once per tenth done, with the count', () => {
		let last = 0;
		const lines: string[] = [];
		for (let done = 0; done <= 220; done += 7) {
			const step = progressStep(done, 220, last);
			if (step) {
				last = step.tenth;
				lines.push(step.line);
			}
		}
		expect(lines[0]).toBe('  processing photos 28/220 (10%)');
		expect(lines).toHaveLength(9);
		expect(progressStep(220, 220, last)?.line).toBe('  processing photos 220/220 (100%)');
	});

	it('says nothing until a new tenth is reached', () => {
		expect(progressStep(21, 220, 0)).toBeNull();
		expect(progressStep(50, 220, 2)).toBeNull();
	});
});

describe('progressStep while aligning', () => {
	it('names the step', () => {
		expect(progressStep(110, 220, 0, 'aligning')?.line).toBe('  aligning photos 110/220 (50%)');
	});
});
