import { CONSENT_LABELS, CONSENT_SCOPES, type ConsentScope } from './consent';

/** One audit event as the staff home page reads it. */
export interface ActivityEvent {
	id: string;
	at: Date;
	actorId: string | null;
	who: string | null;
	action: string;
	detail: string | null;
	patientId: string | null;
}

/** Consecutive events of one kind, by one person, about one patient, shown as one line. */
export interface ActivityItem {
	id: string;
	at: Date;
	who: string;
	what: string;
	count: number;
	patientId: string | null;
}

/** Events further apart than this are separate lines even when they are alike. */
const GROUP_WINDOW_MS = 30 * 60 * 1000;

/**
 * Groups newest-first events: twenty photos uploaded in one sitting are one line, "uploaded
 * 20 photos", rather than a list that pushes everything else off the page.
 */
export function groupActivity(events: readonly ActivityEvent[], limit: number): ActivityItem[] {
	const groups: { first: ActivityEvent; oldest: ActivityEvent; count: number }[] = [];
	for (const e of events) {
		const g = groups.at(-1);
		if (
			g &&
			g.first.action === e.action &&
			g.first.actorId === e.actorId &&
			g.first.patientId === e.patientId &&
			g.first.detail === e.detail &&
			g.oldest.at.getTime() - e.at.getTime() <= GROUP_WINDOW_MS
		) {
			g.count += 1;
			g.oldest = e;
			continue;
		}
		if (groups.length === limit) {
			break;
		}
		groups.push({ first: e, oldest: e, count: 1 });
	}
	return groups.map(({ first, count }) => ({
		id: first.id,
		at: first.at,
		who: first.who ?? 'Resurface',
		what: describeActivity(first.action, first.detail, count),
		count,
		patientId: first.patientId
	}));
}

const scopeOf = (detail: string | null): string => {
	const scope = detail?.split(':')[0] as ConsentScope | undefined;
	return scope && CONSENT_SCOPES.includes(scope) ? CONSENT_LABELS[scope].toLowerCase() : 'a';
};

const plural = (count: number, one: string, many: string) => (count === 1 ? one : many);

/** What happened, as a phrase following the person's name. */
export function describeActivity(action: string, detail: string | null, count = 1): string {
	switch (action) {
		case 'photo_upload':
			return plural(count, 'uploaded a photo', `uploaded ${count} photos`);
		case 'photo_delete':
			return plural(count, 'deleted a photo', `deleted ${count} photos`);
		case 'patient_create':
			return 'added a patient';
		case 'patient_erase':
			return 'erased a patient’s record';
		case 'course_create':
			return 'started a treatment course';
		case 'session_log':
			return plural(count, 'logged a session', `logged ${count} sessions`);
		case 'consent_grant':
			return `recorded ${scopeOf(detail)} consent`;
		case 'consent_wording_save':
			return 'saved new consent wording';
		case 'consent_revoke':
			return `recorded the withdrawal of ${scopeOf(detail)} consent`;
		case 'self_rating':
			return plural(count, 'rated a session', `rated ${count} sessions`);
		case 'record_export':
			return 'exported a whole patient record';
		case 'gallery_publish':
			return 'published a gallery case';
		case 'gallery_withdraw':
			if (detail === 'draft discarded') {
				return 'discarded a gallery draft';
			}
			if (detail === 'gallery consent expired') {
				return 'took down a gallery case: the consent expired';
			}
			if (detail === 'consent revoked') {
				return plural(count, 'took down a gallery case', `took down ${count} gallery cases`);
			}
			return 'withdrew a gallery case';
		default:
			return action.replaceAll('_', ' ');
	}
}
