import { describe, expect, it } from 'vitest';
import { awaitingList, uploadState, type KnownPhoto } from './upload-status';

const photos: KnownPhoto[] = [
	{ id: 'p1', status: 'processing', failureReason: null },
	{ id: 'p2', status: 'ready', failureReason: null },
	{ id: 'p3', status: 'failed', failureReason: 'Not an image we can read.' },
	{ id: 'p4', status: 'failed', failureReason: null }
];

describe('uploadState', () => {
	it("follows the page's list once it knows the photo", () => {
		expect(uploadState('p1', photos)).toEqual({ phase: 'processing' });
		expect(uploadState('p2', photos)).toEqual({ phase: 'ready' });
		expect(uploadState('p3', photos)).toEqual({
			phase: 'failed',
			reason: 'Not an image we can read.'
		});
		expect(uploadState('p4', photos)).toEqual({
			phase: 'failed',
			reason: 'The photo could not be processed.'
		});
	});

	it('is processing while the list does not know the photo yet', () => {
		expect(uploadState('new', photos)).toEqual({ phase: 'processing' });
		expect(uploadState(undefined, photos)).toEqual({ phase: 'processing' });
	});

	it('turns from processing to ready when the list is refreshed', () => {
		const before = uploadState('p1', photos);
		const after = uploadState('p1', [{ id: 'p1', status: 'ready', failureReason: null }]);
		expect([before.phase, after.phase]).toEqual(['processing', 'ready']);
	});
});

describe('awaitingList', () => {
	it('is true while an uploaded photo is missing from the list', () => {
		expect(awaitingList(['p1', 'new'], photos)).toBe(true);
		expect(awaitingList(['p1', 'p2'], photos)).toBe(false);
		expect(awaitingList([null, undefined], photos)).toBe(false);
	});
});
