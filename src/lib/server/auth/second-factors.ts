import { and, eq, isNotNull, isNull } from 'drizzle-orm';
import type { Db, Tx } from '../db/client';
import { passkey, recoveryCode, totpCredential } from '../db/schema';

// Its own module so that sign-in (which asks) and two-factor.ts (which enrols, and reuses
// sign-in's throttle answer) do not import each other.

/** What a person can prove besides their password. Passkeys join here next. */
export interface SecondFactors {
	totp: boolean;
	passkeys: number;
	recoveryCodesLeft: number;
}

export function secondFactors(db: Db | Tx, userId: string): SecondFactors {
	const totp = db
		.select({ userId: totpCredential.userId })
		.from(totpCredential)
		.where(and(eq(totpCredential.userId, userId), isNotNull(totpCredential.confirmedAt)))
		.get();
	const keys = db.select({ id: passkey.id }).from(passkey).where(eq(passkey.userId, userId)).all();
	return {
		totp: totp !== undefined,
		passkeys: keys.length,
		// counted here rather than with recoveryCodesLeft(tx), which takes only a transaction
		recoveryCodesLeft: db
			.select({ id: recoveryCode.id })
			.from(recoveryCode)
			.where(and(eq(recoveryCode.userId, userId), isNull(recoveryCode.usedAt)))
			.all().length
	};
}

/** Whether sign-in must ask for a second step. Recovery codes alone are not a factor. */
export function hasSecondFactor(db: Db | Tx, userId: string): boolean {
	// asked on every signed-in request while a clinic requires it: two lookups that stop at one row
	const totp = db
		.select({ userId: totpCredential.userId })
		.from(totpCredential)
		.where(and(eq(totpCredential.userId, userId), isNotNull(totpCredential.confirmedAt)))
		.get();
	return (
		totp !== undefined ||
		db.select({ id: passkey.id }).from(passkey).where(eq(passkey.userId, userId)).limit(1).get() !==
			undefined
	);
}
