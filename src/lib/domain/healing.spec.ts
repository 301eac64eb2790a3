import { describe, expect, it } from 'vitest';
import { addDays } from './schedule';
import { healingPhase, resultsWindow, sessionLabel, REMODELLING_DAYS } from './healing';

const session = '2026-03-02';
const on = (days: number) => addDays(session, days);

describe('healingPhase', () => {
	it.each([
		[0, 'redness'],
		[2, 'redness'],
		[3, 'flaking'],
		[5, 'flaking'],
		[6, 'smoother'],
		[7, 'smoother'],
		[8, 'texture'],
		[42, 'texture']
	])('day %i after a session is %s', (day, phase) => {
		expect(healingPhase(session, on(day), false).phase).toBe(phase);
		expect(healingPhase(session, on(day), true).phase).toBe(phase);
	});

	it('after week six: texture between sessions, remodelling after the last, then settled', () => {
		expect(healingPhase(session, on(43), false).phase).toBe('texture');
		expect(healingPhase(session, on(43), true).phase).toBe('remodelling');
		expect(healingPhase(session, on(REMODELLING_DAYS), true).phase).toBe('remodelling');
		expect(healingPhase(session, on(REMODELLING_DAYS + 1), true).phase).toBe('settled');
	});

	it('uses the clinic’s wording where it has one, the default elsewhere', () => {
		const custom = { redness: { title: 'Rosy days', advice: 'Rest.' } };
		expect(healingPhase(session, on(1), false, custom)).toMatchObject({
			title: 'Rosy days',
			advice: 'Rest.',
			daysSinceSession: 1
		});
		expect(healingPhase(session, on(4), false, custom).title).toBe('Dryness and flaking');
	});
});

describe('timeline labels and the results window', () => {
	it('labels a session with its number and week since the first', () => {
		expect(sessionLabel(0, 4, 0)).toBe('Session 1 of 4 · week 1');
		expect(sessionLabel(1, 4, 28)).toBe('Session 2 of 4 · week 5');
		expect(sessionLabel(3, 4, 90)).toBe('Session 4 of 4 · week 13');
	});

	it('spans first session to six months after the last planned one', () => {
		// 2 of 4 done, 4-week interval: last planned is 8 weeks after the latest.
		const w = resultsWindow('2026-01-05', '2026-02-02', 2, 4, '2026-02-02');
		expect(w.endsOn).toBe(addDays(addDays('2026-02-02', 56), REMODELLING_DAYS));
		expect(w.fraction).toBeCloseTo(28 / (28 + 56 + REMODELLING_DAYS), 5);
		expect(resultsWindow('2026-01-05', '2026-02-02', 0, 4, '2027-06-01').fraction).toBe(1);
		expect(resultsWindow('2026-01-05', '2026-01-05', 3, 4, '2025-12-01').fraction).toBe(0);
	});
});
