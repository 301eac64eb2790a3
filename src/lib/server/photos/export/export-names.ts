import { CONCERN_LABELS, isConcern } from '../../../domain/concerns';

/** What an archive entry is named from. */
export interface NamedPhoto {
	takenOn: string;
	view: string;
	/** 1-based number of the session within its course; null for a photo outside any session. */
	sessionNumber: number | null;
	/** The course's folder (from courseFolders), or null for a photo outside any course. */
	folder: string | null;
}

export const OTHER_FOLDER = 'Other photos';
const MAX_SEGMENT = 80;

/**
 * One path segment a patient can read and every unzip tool accepts: plain ASCII letters,
 * digits, spaces and `._()-`, never empty, never `.` or `..`, and without leading dots.
 */
export function safeSegment(text: string, fallback: string): string {
	const ascii = text
		.normalize('NFKD')
		.replace(/[\u0300-\u036f]/g, '')
		.replace(/&/g, ' and ')
		.replace(/[^A-Za-z0-9 ._()-]+/g, '-')
		.replace(/\s+/g, ' ')
		.replace(/-{2,}/g, '-')
		.slice(0, MAX_SEGMENT)
		.replace(/^[\s.-]+|[\s.-]+$/g, '');
	return ascii || fallback;
}

/** A folder per course, named for its concern; two courses for one concern add the start date. */
export function courseFolders(
	courses: { id: string; concern: string; startedOn: string }[]
): Map<string, string> {
	const label = (concern: string) =>
		safeSegment(isConcern(concern) ? CONCERN_LABELS[concern] : concern, 'Treatment');
	const labels = courses.map((c) => label(c.concern).toLowerCase());
	const shared = (l: string) => labels.filter((x) => x === l).length > 1;
	const taken = new Set<string>([OTHER_FOLDER.toLowerCase()]);
	const folders = new Map<string, string>();
	for (const c of courses) {
		const base = label(c.concern);
		const dated = shared(base.toLowerCase()) ? `${base} (${c.startedOn})` : base;
		folders.set(c.id, unique(safeSegment(dated, 'Treatment'), taken, ''));
	}
	return folders;
}

/**
 * `<folder>/<YYYY-MM-DD>-session-<n>-<view>.jpg` for each photo, in order; a second photo of the
 * same view and day gets `-2`. Unique without regard to case, as on Windows and macOS disks.
 */
export function entryNames(photos: NamedPhoto[]): string[] {
	const taken = new Set<string>();
	return photos.map((p) => {
		const date = safeSegment(p.takenOn, 'undated');
		const view = safeSegment(p.view, 'photo');
		const stem =
			p.sessionNumber === null ? `${date}-${view}` : `${date}-session-${p.sessionNumber}-${view}`;
		return unique(`${p.folder ?? OTHER_FOLDER}/${stem}`, taken, '.jpg');
	});
}

function unique(stem: string, taken: Set<string>, extension: string): string {
	let name = `${stem}${extension}`;
	for (let n = 2; taken.has(name.toLowerCase()); n++) {
		name = `${stem}-${n}${extension}`;
	}
	taken.add(name.toLowerCase());
	return name;
}
