import { describe, expect, it } from 'vitest';
import {
	comparableViews,
	resolvePair,
	resolveSessions,
	sessionRows,
	type ComparablePhoto
} from './compare';

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

describe('sessionRows', () => {
	const taken = [
		{ id: 'a-front', view: 'front', takenOn: '2026-02-01', sessionId: 's1' },
		{ id: 'a-left', view: 'left45', takenOn: '2026-02-01', sessionId: 's1' },
		{ id: 'b-front-1', view: 'front', takenOn: '2026-05-04', sessionId: 's3' },
		{ id: 'b-front-2', view: 'front', takenOn: '2026-05-04', sessionId: 's3' },
		{ id: 'b-neck', view: 'custom', takenOn: '2026-05-04', sessionId: 's3' },
		{ id: 'mid', view: 'right45', takenOn: '2026-03-15', sessionId: 's2' }
	];

	it('has a row for each of the five standard views, a missing view being null', () => {
		const rows = sessionRows(taken, 's1', 's3');
		expect(rows.map((r) => r.view)).toEqual([
			'front',
			'left45',
			'right45',
			'left90',
			'right90',
			'custom'
		]);
		expect(rows.map((r) => [r.a?.id ?? null, r.b?.id ?? null])).toEqual([
			['a-front', 'b-front-2'],
			['a-left', null],
			[null, null],
			[null, null],
			[null, null],
			[null, 'b-neck']
		]);
	});

	it('ignores the photos of other sessions and of none', () => {
		const rows = sessionRows(
			[...taken, { id: 'loose', view: 'right45', takenOn: '2026-04-01', sessionId: null }],
			's1',
			's3'
		);
		expect(rows.find((r) => r.view === 'right45')).toEqual({ view: 'right45', a: null, b: null });
	});
});

describe('resolveSessions', () => {
	const order = ['s1', 's2', 's3'];

	it('defaults to the first session against the latest', () => {
		expect(resolveSessions(order)).toEqual({ a: 's1', b: 's3' });
		expect(resolveSessions(order, { a: 'nope', b: null })).toEqual({ a: 's1', b: 's3' });
	});

	it('keeps two different asked-for sessions, in the order asked', () => {
		expect(resolveSessions(order, { a: 's2', b: 's3' })).toEqual({ a: 's2', b: 's3' });
		expect(resolveSessions(order, { a: 's3', b: 's1' })).toEqual({ a: 's3', b: 's1' });
	});

	it('never sets a session beside itself', () => {
		expect(resolveSessions(order, { a: 's3' })).toEqual({ a: 's1', b: 's3' });
		expect(resolveSessions(order, { b: 's1' })).toEqual({ a: 's1', b: 's3' });
		expect(resolveSessions(order, { a: 's2', b: 's2' })).toEqual({ a: 's1', b: 's3' });
	});

	it('is null with fewer than two sessions with photos', () => {
		expect(resolveSessions(['s1'])).toBeNull();
		expect(resolveSessions([])).toBeNull();
	});
});
