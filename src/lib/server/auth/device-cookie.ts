import type { Cookies } from '@sveltejs/kit';
import { and, eq, lt, ne } from 'drizzle-orm';
import { writeTx, type Db } from '../db/client';
import { trustedDevice, type TrustedDevice } from '../db/schema';
import { hashSecret, newToken, secretMatches, splitToken } from './tokens';

export const DEVICE_COOKIE = 'resurface_device';
/** Long-lived, so a clinic's own workstations and phones stay known between visits. */
export const DEVICE_TRUST_MS = 365 * 24 * 60 * 60 * 1000;
/** A shared front-desk workstation is known for several people; beyond this the oldest goes. */
const MAX_TOKENS = 5;
const SEPARATOR = '~';

export interface KnownDevice {
	device: TrustedDevice;
	token: string;
}

/** The well-formed `id.secret` tokens the browser holds, newest first. */
export function readDeviceTokens(cookies: Cookies): string[] {
	const raw = cookies.get(DEVICE_COOKIE) ?? '';
	return raw
		.split(SEPARATOR, MAX_TOKENS)
		.filter((t) => splitToken(t) !== null)
		.slice(0, MAX_TOKENS);
}

/** The browser's device for this account, if one of its tokens is a live one for it. */
export function findKnownDevice(
	db: Db,
	userId: string,
	tokens: readonly string[],
	now = new Date()
): KnownDevice | null {
	for (const token of tokens.slice(0, MAX_TOKENS)) {
		const parts = splitToken(token);
		if (!parts) {
			continue;
		}
		const device = db.select().from(trustedDevice).where(eq(trustedDevice.id, parts.id)).get();
		if (
			device &&
			device.userId === userId &&
			now.getTime() < device.expiresAt.getTime() &&
			secretMatches(parts.secret, device.secretHash)
		) {
			return { device, token };
		}
	}
	return null;
}

/** After a correct password: renews the known device, or makes this browser a known one. */
export function trustDevice(
	db: Db,
	userId: string,
	known: KnownDevice | null,
	now = new Date()
): { token: string; expiresAt: Date } {
	const expiresAt = new Date(now.getTime() + DEVICE_TRUST_MS);
	if (known) {
		writeTx(db, (tx) =>
			tx
				.update(trustedDevice)
				.set({ lastUsedAt: now, expiresAt })
				.where(eq(trustedDevice.id, known.device.id))
				.run()
		);
		return { token: known.token, expiresAt };
	}
	const { id, secret, token } = newToken();
	writeTx(db, (tx) => {
		tx.delete(trustedDevice).where(lt(trustedDevice.expiresAt, now)).run();
		tx.insert(trustedDevice)
			.values({
				id,
				userId,
				secretHash: hashSecret(secret),
				createdAt: now,
				lastUsedAt: now,
				expiresAt
			})
			.run();
	});
	return { token, expiresAt };
}

export function forgetDevice(db: Db, deviceId: string): void {
	writeTx(db, (tx) => tx.delete(trustedDevice).where(eq(trustedDevice.id, deviceId)).run());
}

/** After a password change: no other browser stays exempt from the sign-in locks. */
export function forgetOtherDevices(db: Db, userId: string, keepDeviceId?: string): void {
	writeTx(db, (tx) =>
		tx
			.delete(trustedDevice)
			.where(
				keepDeviceId
					? and(eq(trustedDevice.userId, userId), ne(trustedDevice.id, keepDeviceId))
					: eq(trustedDevice.userId, userId)
			)
			.run()
	);
}

/** Puts `token` first in the browser's device cookie, keeping its tokens for other accounts. */
export function setDeviceCookie(cookies: Cookies, token: string, expiresAt: Date): void {
	const tokens = [token, ...readDeviceTokens(cookies).filter((t) => t !== token)];
	cookies.set(DEVICE_COOKIE, tokens.slice(0, MAX_TOKENS).join(SEPARATOR), {
		httpOnly: true,
		secure: true,
		sameSite: 'lax',
		path: '/',
		maxAge: Math.floor((expiresAt.getTime() - Date.now()) / 1000)
	});
}
