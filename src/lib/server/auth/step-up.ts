import { fail, type RequestEvent } from '@sveltejs/kit';
import { eq } from 'drizzle-orm';
import { writeTx, type Db, type Tx } from '../db/client';
import { session, type Session } from '../db/schema';
import { hasSecondFactor, secondFactors } from './second-factors';

/**
 * Step-up ("sudo mode"): the sensitive actions (API tokens, a team member's role or access,
 * clinic settings and policy, bulk downloads of someone else's photos) need a proof given in
 * the last 10 minutes, on this session. An account with a second factor must prove that factor;
 * one without (a clinic that has not required it) proves its password, which is the most it
 * has. A sign-in is such a proof, so the first 10 minutes after signing in ask nothing more.
 */
export const STEP_UP_WINDOW_MS = 10 * 60 * 1000;

export const STEP_UP_MESSAGE = 'Confirm it is you to continue.';

/**
 * Which proofs this account can give: a code when it has an authenticator app (a recovery code
 * goes in the same field), a passkey when it has one, and the password only when it has neither.
 */
export interface StepUpProofs {
	totp: boolean;
	passkeys: boolean;
	password: boolean;
}

export function stepUpProofs(db: Db | Tx, userId: string): StepUpProofs {
	const f = secondFactors(db, userId);
	const passkeys = f.passkeys > 0;
	return { totp: f.totp, passkeys, password: !f.totp && !passkeys };
}

/** What a failed action hands the page so that it can ask inline and then send the form again. */
export interface StepUpRequired {
	stepUp: true;
	message: string;
	/** what the inline prompt offers; all false for a request that cannot step up (an API token) */
	proofs: StepUpProofs;
}

/** The refusal's body, for a form action (through `fail`) or an endpoint (as JSON). */
export function stepUpRequired(event: RequestEvent): StepUpRequired {
	const s = event.locals.session;
	return {
		stepUp: true,
		message: STEP_UP_MESSAGE,
		proofs: s
			? stepUpProofs(event.locals.db, s.userId)
			: { totp: false, passkeys: false, password: false }
	};
}

function within(at: Date | null, now: Date): boolean {
	return at !== null && now.getTime() - at.getTime() < STEP_UP_WINDOW_MS;
}

/** Whether this session proved enough, recently enough, for a sensitive action now. */
export function stepUpFresh(db: Db | Tx, s: Session, now = new Date()): boolean {
	if (within(s.factorAt, now)) {
		return true;
	}
	return !hasSecondFactor(db, s.userId) && within(s.passwordAt, now);
}

/** When the current proof runs out, for a page to say so; null when there is none. */
export function stepUpUntil(db: Db | Tx, s: Session, now = new Date()): Date | null {
	if (!stepUpFresh(db, s, now)) {
		return null;
	}
	const at = within(s.factorAt, now) ? s.factorAt! : s.passwordAt!;
	return new Date(at.getTime() + STEP_UP_WINDOW_MS);
}

/** The session just proved a second factor (sign-in, step-up, enrolment). */
export function recordFactorProof(db: Db | Tx, sessionId: string, now = new Date()): void {
	const write = (tx: Db | Tx) =>
		tx.update(session).set({ factorAt: now }).where(eq(session.id, sessionId)).run();
	if ('$client' in db) {
		writeTx(db, write);
	} else {
		write(db);
	}
}

/** The session just proved the account's password again. */
export function recordPasswordProof(db: Db | Tx, sessionId: string, now = new Date()): void {
	const write = (tx: Db | Tx) =>
		tx.update(session).set({ passwordAt: now }).where(eq(session.id, sessionId)).run();
	if ('$client' in db) {
		writeTx(db, write);
	} else {
		write(db);
	}
}

/**
 * For a form action: null when the session may go on, else the 403 the page turns into an
 * inline prompt. A request without a session (an API token) cannot step up and is refused.
 */
export function requireStepUp(event: RequestEvent, now = new Date()) {
	const s = event.locals.session;
	if (s && stepUpFresh(event.locals.db, s, now)) {
		return null;
	}
	return fail(403, stepUpRequired(event));
}

/** For an endpoint (a GET that hands over data): whether this session may have it now. */
export function stepUpOk(event: RequestEvent, now = new Date()): boolean {
	const s = event.locals.session;
	return Boolean(s && stepUpFresh(event.locals.db, s, now));
}
