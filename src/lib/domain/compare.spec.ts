import { describe, expect, it } from 'vitest';
import { comparableViews, resolvePair, type ComparablePhoto } from './compare';

// A course of three sessions; front and left45 each session, right90 once.
const photos: ComparablePhoto[] = [
	{ id: 'f3', view: 'front', takenOn: '2026-05-04' },
	{ id: 'f1', view: 'front', takenOn: '2026-02-01' },
	{ id: 'l1', view: 'left45', takenOn: '2026-02-01' },
	{ id: 'r1', view: 'right90', takenOn: '2026-02-01' },
	{ id: 'f2', view: 'front', takenOn: '2026-03-15' },
	{ id: 'l2', view: 'left45', takenOn: '2026-03-15' },
	{ id: 'l3', view: 'left45', takenOn: '2026-05-04' }
];
const ids = (pair: ReturnType<typeof resolvePair>) =>
	pair && [pair.view, pair.before.id, pair.after.id];

describe('comparableViews', () => {
	it('lists only views with two or more photos, in the standard order', () => {
		expect(comparableViews(photos)).toEqual(['front', 'left45']);
		expect(
			comparableViews([
				{ id: 'c1', view: 'custom', takenOn: '2026-01-01' },
				{ id: 'c2', view: 'custom', takenOn: '2026-02-01' },
				...photos
			])
		).toEqual(['front', 'left45', 'custom']);
	});

	it('is empty when no view has a second photo', () => {
		expect(comparableViews([photos[0], photos[2], photos[3]])).toEqual([]);
		expect(comparableViews([])).toEqual([]);
	});
});

describe('resolvePair', () => {
	it('defaults to the first and the latest photo of the first comparable view', () => {
		expect(ids(resolvePair(photos))).toEqual(['front', 'f1', 'f3']);
		expect(ids(resolvePair(photos, { view: 'left45' }))).toEqual(['left45', 'l1', 'l3']);
	});

	it('keeps a chosen pair of the chosen view, earlier photo first', () => {
		expect(ids(resolvePair(photos, { view: 'front', a: 'f2', b: 'f3' }))).toEqual([
			'front',
			'f2',
			'f3'
		]);
		expect(ids(resolvePair(photos, { view: 'front', a: 'f3', b: 'f1' }))).toEqual([
			'front',
			'f1',
			'f3'
		]);
	});

	it('takes the view from photo a when the URL names none (or one that cannot be compared)', () => {
		expect(ids(resolvePair(photos, { a: 'l2', b: 'l1' }))).toEqual(['left45', 'l1', 'l2']);
		expect(ids(resolvePair(photos, { view: 'right90', a: 'l2', b: 'l3' }))).toEqual([
			'left45',
			'l2',
			'l3'
		]);
		expect(ids(resolvePair(photos, { view: 'nonsense' }))).toEqual(['front', 'f1', 'f3']);
	});

	it('falls back to first and latest when the two photos are of different views', () => {
		expect(ids(resolvePair(photos, { view: 'front', a: 'f2', b: 'l3' }))).toEqual([
			'front',
			'f1',
			'f3'
		]);
		// both of another view than the one asked for: the view wins
		expect(ids(resolvePair(photos, { view: 'front', a: 'l1', b: 'l2' }))).toEqual([
			'front',
			'f1',
			'f3'
		]);
	});

	it('falls back to first and latest for unknown ids or the same photo twice', () => {
		expect(ids(resolvePair(photos, { view: 'front', a: 'f2', b: 'nope' }))).toEqual([
			'front',
			'f1',
			'f3'
		]);
		expect(ids(resolvePair(photos, { view: 'front', a: 'f2', b: 'f2' }))).toEqual([
			'front',
			'f1',
			'f3'
		]);
	});

	it('pairs a single chosen photo with the other end of the series', () => {
		expect(ids(resolvePair(photos, { view: 'front', a: 'f2' }))).toEqual(['front', 'f2', 'f3']);
		expect(ids(resolvePair(photos, { view: 'front', a: 'f3' }))).toEqual(['front', 'f1', 'f3']);
		expect(ids(resolvePair(photos, { view: 'front', b: 'f2' }))).toEqual(['front', 'f1', 'f2']);
		expect(ids(resolvePair(photos, { view: 'front', b: 'f1' }))).toEqual(['front', 'f1', 'f3']);
	});

	it('orders photos of the same day by the order they were listed in', () => {
		const sameDay = [
			{ id: 'x', view: 'front', takenOn: '2026-01-01' },
			{ id: 'y', view: 'front', takenOn: '2026-01-01' }
		];
		expect(ids(resolvePair(sameDay))).toEqual(['front', 'x', 'y']);
		expect(ids(resolvePair(sameDay, { a: 'y', b: 'x' }))).toEqual(['front', 'x', 'y']);
	});

	it('is null when nothing can be compared', () => {
		expect(resolvePair([photos[1], photos[2]])).toBeNull();
		expect(resolvePair([], { view: 'front', a: 'f1', b: 'f3' })).toBeNull();
	});
});
