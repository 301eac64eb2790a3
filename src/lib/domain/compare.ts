import { PHOTO_VIEWS, STANDARD_VIEWS } from './views';

/** What choosing a comparison needs to know about a photo. */
export interface ComparablePhoto {
	id: string;
	view: string;
	takenOn: string;
}

/** Two photos of one view, the earlier one first. */
export interface ComparePair<T extends ComparablePhoto> {
	view: string;
	before: T;
	after: T;
}

export interface CompareWish {
	view?: string | null;
	a?: string | null;
	b?: string | null;
}

/** Oldest first; photos taken the same day keep the order they came in (upload order). */
function chronological<T extends ComparablePhoto>(photos: T[]): T[] {
	return photos
		.map((p, i) => ({ p, i }))
		.sort((x, y) => x.p.takenOn.localeCompare(y.p.takenOn) || x.i - y.i)
		.map(({ p }) => p);
}

/** The views that have at least two photos — the only ones worth comparing — standard ones first. */
export function comparableViews(photos: ComparablePhoto[]): string[] {
	const counts = new Map<string, number>();
	for (const p of photos) {
		counts.set(p.view, (counts.get(p.view) ?? 0) + 1);
	}
	const rank = (v: string) => {
		const i = (PHOTO_VIEWS as readonly string[]).indexOf(v);
		return i === -1 ? PHOTO_VIEWS.length : i;
	};
	return [...counts]
		.filter(([, n]) => n >= 2)
		.map(([v]) => v)
		.sort((x, y) => rank(x) - rank(y) || x.localeCompare(y));
}

/**
 * The pair to show for what a URL asks for. The view comes from the URL when it has two photos,
 * else from photo `a`, else it is the first comparable view. Without ids the pair is the first
 * and the latest photo of that view. A pair that cannot be shown as asked (an id that is not a
 * photo of that view, or the same photo twice) falls back to first and latest rather than
 * guessing; one id alone is paired with the other end of the series. Null when no view has two
 * photos.
 */
export function resolvePair<T extends ComparablePhoto>(
	photos: T[],
	wish: CompareWish = {}
): ComparePair<T> | null {
	const views = comparableViews(photos);
	const byId = (id: string | null | undefined) =>
		id ? photos.find((p) => p.id === id) : undefined;
	const view =
		[wish.view, byId(wish.a)?.view].find((v): v is string => !!v && views.includes(v)) ?? views[0];
	if (!view) {
		return null;
	}
	const series = chronological(photos.filter((p) => p.view === view));
	const first = series[0];
	const latest = series.at(-1)!;
	const a = series.find((p) => p.id === wish.a);
	const b = series.find((p) => p.id === wish.b);

	let pair: [T, T] = [first, latest];
	if (wish.a && wish.b) {
		if (a && b && a !== b) {
			pair = [a, b];
		}
	} else if (a) {
		pair = a === latest ? [first, a] : [a, latest];
	} else if (b) {
		pair = b === first ? [b, latest] : [first, b];
	}
	const [before, after] =
		series.indexOf(pair[0]) < series.indexOf(pair[1]) ? pair : [pair[1], pair[0]];
	return { view, before, after };
}

/** What setting one session beside another needs to know about a photo. */
export interface SessionPhoto extends ComparablePhoto {
	sessionId: string | null;
}

/** One view's row when two sessions are set side by side; null is a view not taken. */
export interface SessionRow<T extends SessionPhoto> {
	view: string;
	a: T | null;
	b: T | null;
}

/**
 * The rows of two sessions set side by side: the five standard views always (a view missing
 * from a session is an honest empty cell, not a closed gap), then any other view either took.
 * Of several photos of one view in a session the last uploaded is shown (a retake replaces).
 */
export function sessionRows<T extends SessionPhoto>(
	photos: T[],
	a: string,
	b: string
): SessionRow<T>[] {
	const last = (sessionId: string, view: string) =>
		photos.filter((p) => p.sessionId === sessionId && p.view === view).at(-1) ?? null;
	const others = [
		...new Set(
			photos
				.filter((p) => (p.sessionId === a || p.sessionId === b) && !STANDARD_VIEWS_SET.has(p.view))
				.map((p) => p.view)
		)
	];
	return [...STANDARD_VIEWS, ...others].map((view) => ({
		view,
		a: last(a, view),
		b: last(b, view)
	}));
}

const STANDARD_VIEWS_SET: ReadonlySet<string> = new Set(STANDARD_VIEWS);

/**
 * Which two sessions to set side by side, of the sessions in order (oldest first) that have
 * photos. Asked-for ids are kept when they are among them and differ; otherwise (as with a
 * session set beside itself) the first session against the latest. Null with fewer than two sessions with photos.
 */
export function resolveSessions(
	withPhotos: string[],
	wish: { a?: string | null; b?: string | null } = {}
): { a: string; b: string } | null {
	if (withPhotos.length < 2) {
		return null;
	}
	const known = (id: string | null | undefined) => (id && withPhotos.includes(id) ? id : null);
	const a = known(wish.a) ?? withPhotos[0];
	const b = known(wish.b) ?? withPhotos.at(-1)!;
	if (a === b) {
		// the same session asked twice, or one id that is the other's default: first and latest
		return { a: withPhotos[0], b: withPhotos.at(-1)! };
	}
	return { a, b };
}
