import type { Db } from '../db/client';
import type { Session, User } from '../db/schema';
import { isStaffRole } from '../../domain/roles';
import { eq, sql } from 'drizzle-orm';
import { clinic } from '../db/schema';
import { hasSecondFactor } from './second-factors';

/** Where a person the clinic's policy holds back is sent. */
export const ENROL_PATH = '/account/two-factor';

/**
 * What that person may still use: setting up a factor (its passkey endpoints included) and
 * proving themself again, which adding a passkey asks for once the sign-in is 10 minutes old.
 * Signing out asks for no account at all.
 */
const ENROLMENT_PATHS = [ENROL_PATH, '/account/step-up'];

export function isEnrolmentPath(pathname: string): boolean {
	return ENROLMENT_PATHS.some((p) => pathname === p || pathname.startsWith(`${p}/`));
}

/**
 * Whether this signed-in person must set up a second factor before anything else: a staff
 * member of a clinic that requires two-step sign-in, on a browser session, with no factor yet.
 * Checked on every request (hooks.server.ts), so turning the policy on holds back sessions that
 * are already open, not only the next sign-in. An API token (no session) is a machine's
 * credential issued under step-up, and is not held back; patients are never required.
 */
export function mustEnrol(db: Db, user: User, s: Session | null): boolean {
	if (!s || !isStaffRole(user.role)) {
		return false;
	}
	// runs on every signed-in request: one indexed read of the flag, not the whole settings
	const row = db
		.select({
			required: sql<number | null>`json_extract(${clinic.settings}, '$.requireTwoFactor')`
		})
		.from(clinic)
		.where(eq(clinic.id, user.clinicId))
		.get();
	if (!row?.required) {
		return false;
	}
	return !hasSecondFactor(db, user.id);
}
