import { describe, expect, it } from 'vitest';
import { courseFolders, entryNames, safeSegment } from './export-names';

describe('safeSegment', () => {
	it.each([
		['Acne scars', 'Acne scars'],
		['Texture & pores', 'Texture and pores'],
		['Cicatrices d’acné', 'Cicatrices d-acne'],
		['../../etc/passwd', 'etc-passwd'],
		['..', 'x'],
		['.hidden', 'hidden'],
		['C:\\Windows\\win.ini', 'C-Windows-win.ini'],
		['   ', 'x'],
		['名前', 'x'],
		['a'.repeat(200), 'a'.repeat(80)]
	])('%j → %j', (input, out) => {
		expect(safeSegment(input, 'x')).toBe(out);
	});
});

describe('courseFolders', () => {
	it('names a folder for the concern, dated only when two courses share it', () => {
		const folders = courseFolders([
			{ id: 'a', concern: 'acne_scars', startedOn: '2025-01-05' },
			{ id: 'b', concern: 'acne_scars', startedOn: '2026-02-01' },
			{ id: 'c', concern: 'texture', startedOn: '2026-03-01' },
			{ id: 'd', concern: 'Other photos', startedOn: '2026-03-01' }
		]);
		expect([...folders.values()]).toEqual([
			'Acne scars (2025-01-05)',
			'Acne scars (2026-02-01)',
			'Texture and pores',
			'Other photos-2'
		]);
	});
});

describe('entryNames', () => {
	it('names by date, session and view, unique regardless of case', () => {
		const at = { takenOn: '2026-01-10', sessionNumber: 1, folder: 'Acne scars' };
		expect(
			entryNames([
				{ ...at, view: 'front' },
				{ ...at, view: 'front' },
				{ ...at, view: 'custom' },
				{ ...at, view: 'FRONT' },
				{ takenOn: '2026-03-01', view: 'front', sessionNumber: null, folder: null }
			])
		).toEqual([
			'Acne scars/2026-01-10-session-1-front.jpg',
			'Acne scars/2026-01-10-session-1-front-2.jpg',
			'Acne scars/2026-01-10-session-1-custom.jpg',
			'Acne scars/2026-01-10-session-1-FRONT-3.jpg',
			'Other photos/2026-03-01-front.jpg'
		]);
	});
});
