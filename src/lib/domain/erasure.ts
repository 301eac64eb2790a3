// Erasing a patient (GDPR Art. 17): what the owner is told will go, whether the clinic's
// retention period still holds the record, and what a tombstone may say. Pure: the service in
// server/records/erasure.ts reads the database and calls these.
import { addDays, parseIsoDate, toIsoDate } from './schedule';

/** How much of a patient's record an erasure removes (the tombstone keeps these numbers). */
export interface ErasureCounts {
	photos: number;
	/** of `photos`, those staff had already deleted (their rows and files still existed) */
	deletedPhotos: number;
	/** originals and derived sizes on disk */
	photoFiles: number;
	publishedCases: number;
	draftCases: number;
	withdrawnCases: number;
	/** the public gallery's image files of those cases */
	galleryFiles: number;
	consents: number;
	courses: number;
	sessions: number;
	contacts: number;
	mailMessages: number;
	mailPreferences: number;
	invitations: number;
	/** 1 when the patient has a portal account */
	portalAccount: number;
	portalSessions: number;
	passkeys: number;
	/** an authenticator app and its recovery codes count as one */
	twoFactor: number;
	trustedDevices: number;
}

const n = (count: number, one: string, many = `${one}s`) => `${count} ${count === 1 ? one : many}`;

/** Each kind of thing that will go, in words, leaving out what there is none of. */
export function erasureLines(c: ErasureCounts): string[] {
	const lines: string[] = [];
	if (c.photos > 0) {
		const deleted = c.deletedPhotos > 0 ? ` (${c.deletedPhotos} already deleted by staff)` : '';
		lines.push(`${n(c.photos, 'photo')}${deleted} and ${n(c.photoFiles, 'file')} made from them`);
	}
	const cases = c.publishedCases + c.draftCases + c.withdrawnCases;
	if (cases > 0) {
		const kinds = [
			c.publishedCases ? `${c.publishedCases} published` : '',
			c.draftCases ? `${c.draftCases} draft` : '',
			c.withdrawnCases ? `${c.withdrawnCases} withdrawn` : ''
		].filter(Boolean);
		const files = c.galleryFiles > 0 ? `, and ${n(c.galleryFiles, 'public image file')}` : '';
		lines.push(`${n(cases, 'gallery case')} (${kinds.join(', ')})${files}`);
	}
	if (c.consents > 0) {
		const signed = c.consents === 1 ? 'its signature' : 'their signatures';
		lines.push(`${n(c.consents, 'consent record')} and ${signed}`);
	}
	if (c.courses > 0) {
		lines.push(
			`${n(c.courses, 'treatment course')} and ${n(c.sessions, 'session')} with grades and notes`
		);
	}
	if (c.contacts > 0) {
		lines.push(`${n(c.contacts, 'entry', 'entries')} in the contact log`);
	}
	if (c.mailMessages > 0) {
		lines.push(`${n(c.mailMessages, 'email')} in the outbox`);
	}
	if (c.invitations > 0) {
		lines.push(n(c.invitations, 'portal invitation'));
	}
	if (c.portalAccount > 0) {
		const parts = [
			c.portalSessions ? n(c.portalSessions, 'signed-in session') : '',
			c.passkeys ? n(c.passkeys, 'passkey') : '',
			c.twoFactor ? 'the authenticator app and recovery codes' : '',
			c.trustedDevices ? n(c.trustedDevices, 'remembered browser') : ''
		].filter(Boolean);
		lines.push(`the portal account${parts.length ? ` with ${parts.join(', ')}` : ''}`);
	}
	lines.push('the personal details: name, email, phone, birth year, skin type, concerns');
	return lines;
}

/** Whether the clinic's retention period still holds the record, and until when. */
export type RetentionVerdict =
	{ refused: false } | { refused: true; erasableOn: string; lastEntryOn: string; years: number };

/**
 * A record's age runs from its latest entry: the last session performed, the last photo
 * taken, or the day the record was made, whichever is latest (all clinic calendar days).
 */
export function retentionVerdict(
	years: number | null,
	entryDays: readonly (string | null | undefined)[],
	today: string
): RetentionVerdict {
	if (years === null || years <= 0) {
		return { refused: false };
	}
	const days = entryDays.filter((d): d is string => typeof d === 'string' && d.length >= 10);
	if (days.length === 0) {
		return { refused: false };
	}
	const lastEntryOn = days.map((d) => d.slice(0, 10)).reduce((a, b) => (a > b ? a : b));
	const erasableOn = addYears(lastEntryOn, years);
	return today < erasableOn
		? { refused: true, erasableOn, lastEntryOn, years }
		: { refused: false };
}

/** The same day `years` later; 29 February becomes 1 March in a year without one. */
export function addYears(iso: string, years: number): string {
	const d = parseIsoDate(iso);
	const target = new Date(Date.UTC(d.getUTCFullYear() + years, d.getUTCMonth(), 1));
	const lastDay = new Date(Date.UTC(target.getUTCFullYear(), target.getUTCMonth() + 1, 0));
	const day = d.getUTCDate();
	return day > lastDay.getUTCDate()
		? addDays(toIsoDate(lastDay), 1)
		: toIsoDate(new Date(Date.UTC(target.getUTCFullYear(), target.getUTCMonth(), day)));
}

/** Why the retention period refuses, in the words the owner reads (dates already formatted). */
export function retentionMessage(
	v: { years: number },
	lastEntry: string,
	erasable: string
): string {
	return (
		`Your clinic keeps medical records for ${n(v.years, 'year')} after the last treatment, ` +
		`as the law where you practise may require. This record’s latest entry is from ${lastEntry}, ` +
		`so it cannot be erased before ${erasable}. The retention period is set in Clinic settings.`
	);
}

export const REASON_MAX = 300;

/**
 * The reason is kept on the tombstone after everything else is gone, so it must not name the
 * patient: refused when it holds their full name, their email, or any word of their name of
 * three letters or more. Null when it is fine, else what to change.
 */
export function reasonProblem(
	reason: string,
	person: { displayName: string; emails: readonly (string | null)[] }
): string | null {
	const r = reason.trim();
	if (r.length === 0) {
		return 'Say why the record is erased (for example “the patient asked, under GDPR Article 17”).';
	}
	if (r.length > REASON_MAX) {
		return `Keep the reason under ${REASON_MAX} characters.`;
	}
	const lower = r.toLowerCase();
	const name = person.displayName.trim().toLowerCase();
	const emails = person.emails.filter((e): e is string => !!e).map((e) => e.toLowerCase());
	const words = name.split(/[^\p{L}\p{N}'’-]+/u).filter((w) => w.length >= 3);
	const wordHit = words.some((w) =>
		new RegExp(`(^|[^\\p{L}\\p{N}])${escapeRegExp(w)}($|[^\\p{L}\\p{N}])`, 'u').test(lower)
	);
	if ((name && lower.includes(name)) || emails.some((e) => lower.includes(e)) || wordHit) {
		return 'The reason is kept after the erasure, so it must not name the patient or give their email. Describe why without them.';
	}
	return null;
}

const escapeRegExp = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/** The typed confirmation matches the patient's name, ignoring case and extra spaces. */
export function confirmsName(typed: string, displayName: string): boolean {
	const norm = (s: string) => s.trim().replace(/\s+/g, ' ').toLowerCase();
	return norm(typed) !== '' && norm(typed) === norm(displayName);
}
