/**
 * The staff form's "No session (a follow-up photo)" choice. It is sent as a value so that the
 * server can tell a chosen follow-up from a form that never said: the second is refused.
 */
export const NO_SESSION = 'none';

export interface FilingSession {
	id: string;
	performedOn: string;
}

/**
 * The session new photos go to unless the clinician picks another: the one just logged, else
 * the last one performed today (two logged today means the second is the visit in hand), else
 * the latest by date. `sessions` are in the order they were logged within each course.
 */
export function defaultPhotoSession<T extends FilingSession>(
	sessions: readonly T[],
	today: string,
	justLogged?: string
): T | undefined {
	return (
		sessions.find((s) => s.id === justLogged) ??
		sessions.findLast((s) => s.performedOn === today) ??
		sessions.reduce<T | undefined>(
			(latest, s) => (!latest || s.performedOn >= latest.performedOn ? s : latest),
			undefined
		)
	);
}
