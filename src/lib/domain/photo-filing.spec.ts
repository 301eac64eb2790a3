import { describe, expect, it } from 'vitest';
import { defaultPhotoSession } from './photo-filing';

const s = (id: string, performedOn: string) => ({ id, performedOn });

describe('defaultPhotoSession', () => {
	const course = [s('a1', '2026-10-01'), s('a2', '2026-11-01'), s('a3', '2026-12-02')];

	it('the session just logged wins, whatever its date', () => {
		expect(defaultPhotoSession(course, '2026-12-02', 'a2')?.id).toBe('a2');
	});

	it('else the last one performed today: a second session logged today is the visit in hand', () => {
		const twice = [...course, s('a4', '2026-12-02')];
		expect(defaultPhotoSession(twice, '2026-12-02')?.id).toBe('a4');
		expect(defaultPhotoSession(course, '2026-12-02')?.id).toBe('a3');
	});

	it('else the latest by date, across courses logged in any order', () => {
		const other = [s('b1', '2026-11-20'), ...course.slice(0, 2)];
		expect(defaultPhotoSession(other, '2026-12-02')?.id).toBe('b1');
		expect(defaultPhotoSession([], '2026-12-02')).toBeUndefined();
	});
});
