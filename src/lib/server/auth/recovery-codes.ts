import { and, eq, isNull } from 'drizzle-orm';
import type { Tx } from '../db/client';
import { recoveryCode } from '../db/schema';
import { hashSecret } from './tokens';

export const RECOVERY_CODE_COUNT = 10;
/** no 0/O, 1/I/L: codes are read off paper and typed */
const ALPHABET = 'abcdefghjkmnpqrstuvwxyz23456789';

/** `xxxxx-xxxxx`: 10 characters of a 31-letter alphabet, about 50 bits each. */
function newRecoveryCode(): string {
	const bytes = new Uint8Array(10);
	crypto.getRandomValues(bytes);
	// rejection-free: 256 % 31 bias is under 1 in 31 per letter, negligible for one-time codes
	const letters = [...bytes].map((b) => ALPHABET[b % ALPHABET.length]).join('');
	return `${letters.slice(0, 5)}-${letters.slice(5)}`;
}

const normalize = (code: string) => code.trim().toLowerCase().replace(/[\s-]/g, '');

/**
 * Replaces a person's recovery codes with 10 new ones and returns them, to be shown once: only
 * their hashes are kept, and the old codes stop working.
 */
export function replaceRecoveryCodes(tx: Tx, userId: string, now = new Date()): string[] {
	tx.delete(recoveryCode).where(eq(recoveryCode.userId, userId)).run();
	const codes = Array.from({ length: RECOVERY_CODE_COUNT }, newRecoveryCode);
	for (const code of codes) {
		tx.insert(recoveryCode)
			.values({ userId, codeHash: hashSecret(normalize(code)), createdAt: now })
			.run();
	}
	return codes;
}

/** Spends one unused code; false when it is not one of theirs or was used before. */
export function useRecoveryCode(tx: Tx, userId: string, input: string, now = new Date()): boolean {
	const code = normalize(input);
	if (!/^[a-z0-9]{10}$/.test(code)) {
		return false;
	}
	return (
		tx
			.update(recoveryCode)
			.set({ usedAt: now })
			.where(
				and(
					eq(recoveryCode.userId, userId),
					eq(recoveryCode.codeHash, hashSecret(code)),
					isNull(recoveryCode.usedAt)
				)
			)
			.run().changes === 1
	);
}

/** How many unused codes a person has left (the account page warns when few remain). */
export function recoveryCodesLeft(tx: Tx, userId: string): number {
	return tx
		.select({ id: recoveryCode.id })
		.from(recoveryCode)
		.where(and(eq(recoveryCode.userId, userId), isNull(recoveryCode.usedAt)))
		.all().length;
}
