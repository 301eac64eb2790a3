import { and, eq, ne } from 'drizzle-orm';
import { writeTx, type Db, type Tx } from '../db/client';
import { accountToken, patient, user, type User } from '../db/schema';
import { audit } from '../audit/audit';
import { clinicTimeZone } from '../clinic/clinic';
import { queueMail } from '../mail/outbox';
import { config } from '../platform/config';
import { checkCurrentPassword } from './current-password';
import { endOpenTokens, findAccountToken, type UsableToken } from './account-tokens';
import { normalizeEmail } from './sign-in';
import { hashSecret, newToken } from './tokens';
import { greetingName } from '../../domain/greeting';
import { formatDate, formatDateTime } from '../../format';

export const EMAIL_CHANGE_TTL_MS = 24 * 60 * 60 * 1000;

/**
 * Said when another account has the address. Which clinic it is at is never said, as for
 * invitations; the current password is asked for first, so this is no free lookup.
 */
export const EMAIL_TAKEN = 'Another account already uses that address. Choose another one.';
export const EMAIL_CHANGE_GONE =
	'This link has expired or has been used. Ask for a new one from your account.';

export type EmailChangeRequestResult =
	| { ok: true; newEmail: string }
	| {
			ok: false;
			status: 400 | 429;
			field: 'email' | 'current';
			message: string;
			retryAfter?: number;
	  };

/**
 * A signed-in person asks to sign in with another address. Nothing changes until the new
 * address confirms it; the old address is told at once, so a change made from a stolen session
 * does not go unnoticed. The current password goes through the sign-in throttle, as on
 * Change password.
 */
export async function requestEmailChange(
	db: Db,
	me: User,
	input: { newEmail: string; current: string },
	context: { ip: string; deviceTokens: readonly string[] },
	now = new Date()
): Promise<EmailChangeRequestResult> {
	const newEmail = normalizeEmail(input.newEmail);
	const who = { clinicId: me.clinicId, actorUserId: me.id, targetType: 'user', targetId: me.id };
	if (newEmail === me.email) {
		return { ok: false, status: 400, field: 'email', message: 'That is already your address.' };
	}
	const check = await checkCurrentPassword(
		db,
		me,
		input.current,
		context,
		'email_change_request',
		now
	);
	if (!check.ok) {
		return { ...check, field: 'current' };
	}
	const zone = clinicTimeZone(db, me.clinicId);
	return writeTx(db, (tx): EmailChangeRequestResult => {
		if (takenByAnother(tx, newEmail, me.id)) {
			audit(
				tx,
				{ ...who, action: 'email_change_request', ok: false, detail: 'address taken' },
				now
			);
			return { ok: false, status: 400, field: 'email', message: EMAIL_TAKEN };
		}
		endOpenTokens(tx, me.id, 'email_change', now);
		const { id, secret, token } = newToken();
		const expiresAt = new Date(now.getTime() + EMAIL_CHANGE_TTL_MS);
		tx.insert(accountToken)
			.values({
				id,
				userId: me.id,
				purpose: 'email_change',
				secretHash: hashSecret(secret),
				newEmail,
				createdAt: now,
				expiresAt
			})
			.run();
		const firstName = greetingName(me.name);
		const base = { clinicId: me.clinicId, userId: me.id };
		queueMail(
			tx,
			{
				...base,
				kind: 'email_change_confirm',
				to: newEmail,
				vars: {
					firstName,
					link: `${config.origin()}/account/email/${token}`,
					expires: `${formatDateTime(expiresAt, zone)} (${zone})`
				}
			},
			now
		);
		queueMail(
			tx,
			{
				...base,
				kind: 'email_change_notice',
				to: me.email,
				vars: { firstName, date: formatDate(now, { timeZone: zone }) }
			},
			now
		);
		// the new address is the one thing the clinic needs to see what was asked
		audit(tx, { ...who, action: 'email_change_request', ok: true, detail: newEmail }, now);
		return { ok: true, newEmail };
	});
}

function takenByAnother(tx: Db | Tx, email: string, myId: string): boolean {
	return !!tx
		.select({ id: user.id })
		.from(user)
		.where(and(eq(user.email, email), ne(user.id, myId)))
		.get();
}

export function findEmailChange(db: Db, token: string, now = new Date()): UsableToken | null {
	return findAccountToken(db, token, 'email_change', now);
}

export type EmailChangeResult =
	{ ok: true; user: User; oldEmail: string } | { ok: false; status: 400; message: string };

/**
 * The new address confirms: the account signs in with it from now on, and a patient's address
 * on file follows, so reminders go where the patient reads. Sessions are kept: the password
 * did not change, and the person confirming is usually signed in on the device they asked
 * from. Reset links still open for the old address die, since they were sent there.
 */
export function confirmEmailChange(db: Db, token: string, now = new Date()): EmailChangeResult {
	return writeTx(db, (tx): EmailChangeResult => {
		const found = findAccountToken(tx, token, 'email_change', now);
		if (!found?.newEmail) {
			audit(
				tx,
				{
					clinicId: null,
					actorUserId: null,
					action: 'email_change',
					ok: false,
					detail: 'link expired, used or unknown'
				},
				now
			);
			return { ok: false, status: 400, message: EMAIL_CHANGE_GONE };
		}
		const me = found.user;
		const newEmail = found.newEmail;
		const who = { clinicId: me.clinicId, actorUserId: me.id, targetType: 'user', targetId: me.id };
		tx.update(accountToken).set({ usedAt: now }).where(eq(accountToken.id, found.tokenId)).run();
		if (takenByAnother(tx, newEmail, me.id)) {
			// taken since it was asked for: this link is spent, the account keeps its address
			audit(tx, { ...who, action: 'email_change', ok: false, detail: 'address taken' }, now);
			return { ok: false, status: 400, message: EMAIL_TAKEN };
		}
		endOpenTokens(tx, me.id, 'email_change', now);
		endOpenTokens(tx, me.id, 'password_reset', now);
		tx.update(user).set({ email: newEmail }).where(eq(user.id, me.id)).run();
		const record = tx
			.update(patient)
			.set({ email: newEmail })
			.where(eq(patient.userId, me.id))
			.returning({ id: patient.id })
			.get();
		const detail = `${me.email} → ${newEmail}${record ? ' (and the address on file)' : ''}`;
		audit(tx, { ...who, action: 'email_change', ok: true, detail }, now);
		return { ok: true, user: { ...me, email: newEmail }, oldEmail: me.email };
	});
}
