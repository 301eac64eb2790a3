import { and, desc, eq, isNull, ne } from 'drizzle-orm';
import { writeTx, type Db, type Tx } from '../db/client';
import { apiToken, user, type User } from '../db/schema';
import { audit } from '../audit/audit';
import { isStaffRole } from '../../domain/roles';
import type { StaffActor } from './guard';
import { hashSecret, newToken, secretMatches, splitToken } from './tokens';

/** Recognisable in logs and by secret scanners; the rest is the usual `id.secret`. */
export const API_TOKEN_PREFIX = 'rsf_';
/** Last use is written at most this often, not on every request. */
const LAST_USED_WRITE_MS = 60 * 1000;
export const TOKEN_NAME_MAX = 80;

export class ApiTokenError extends Error {}

/**
 * Issues a token acting as one active staff member of the actor's clinic. The whole token is
 * returned once and never stored: only the hash of its secret is.
 */
export function createApiToken(
	db: Db,
	actor: StaffActor,
	input: { name: string; userId: string }
): { token: string; id: string; name: string } {
	const name = input.name.trim();
	if (!name || name.length > TOKEN_NAME_MAX) {
		throw new ApiTokenError(`Give the token a name of 1–${TOKEN_NAME_MAX} characters.`);
	}
	const { id, secret, token } = newToken();
	return writeTx(db, (tx) => {
		const member = tx
			.select({ id: user.id })
			.from(user)
			.where(
				and(
					eq(user.id, input.userId),
					eq(user.clinicId, actor.clinicId),
					ne(user.role, 'patient'),
					isNull(user.disabledAt)
				)
			)
			.get();
		if (!member) {
			throw new ApiTokenError('Choose a team member whose access is active.');
		}
		tx.insert(apiToken)
			.values({
				id,
				clinicId: actor.clinicId,
				userId: member.id,
				name,
				secretHash: hashSecret(secret),
				createdBy: actor.user.id
			})
			.run();
		audit(tx, {
			clinicId: actor.clinicId,
			actorUserId: actor.user.id,
			action: 'api_token_create',
			targetType: 'api_token',
			targetId: id,
			ok: true,
			detail: name
		});
		return { token: `${API_TOKEN_PREFIX}${token}`, id, name };
	});
}

/** Revokes a token of the actor's clinic; false when there is no such live token. */
export function revokeApiToken(db: Db, actor: StaffActor, id: string): boolean {
	return writeTx(db, (tx) => {
		const done = tx
			.update(apiToken)
			.set({ revokedAt: new Date() })
			.where(
				and(eq(apiToken.id, id), eq(apiToken.clinicId, actor.clinicId), isNull(apiToken.revokedAt))
			)
			.run();
		if (done.changes === 0) {
			return false;
		}
		audit(tx, {
			clinicId: actor.clinicId,
			actorUserId: actor.user.id,
			action: 'api_token_revoke',
			targetType: 'api_token',
			targetId: id,
			ok: true
		});
		return true;
	});
}

/**
 * Revokes every live token acting as this member, inside the caller's transaction: ending a
 * member's access must end their tokens for good, so restoring the access later does not
 * bring a forgotten camera-station token back to life. Returns the ids revoked.
 */
export function revokeTokensOfMember(
	tx: Tx,
	actor: StaffActor,
	userId: string,
	now = new Date()
): string[] {
	const revoked = tx
		.update(apiToken)
		.set({ revokedAt: now })
		.where(
			and(
				eq(apiToken.userId, userId),
				eq(apiToken.clinicId, actor.clinicId),
				isNull(apiToken.revokedAt)
			)
		)
		.returning({ id: apiToken.id })
		.all()
		.map((r) => r.id);
	for (const id of revoked) {
		audit(tx, {
			clinicId: actor.clinicId,
			actorUserId: actor.user.id,
			action: 'api_token_revoke',
			targetType: 'api_token',
			targetId: id,
			ok: true,
			detail: 'access ended'
		});
	}
	return revoked;
}

export function listApiTokens(db: Db, clinicId: string) {
	return db
		.select({
			id: apiToken.id,
			name: apiToken.name,
			actsAs: user.name,
			role: user.role,
			disabled: user.disabledAt,
			createdAt: apiToken.createdAt,
			lastUsedAt: apiToken.lastUsedAt,
			revokedAt: apiToken.revokedAt
		})
		.from(apiToken)
		.innerJoin(user, eq(user.id, apiToken.userId))
		.where(eq(apiToken.clinicId, clinicId))
		.orderBy(desc(apiToken.createdAt))
		.all();
}

/**
 * The staff member an `Authorization: Bearer …` header acts for, with the token, or null:
 * malformed, unknown, revoked, or the member's access has ended.
 */
export function userForBearer(
	db: Db,
	header: string | null,
	now = new Date()
): { user: User; token: { id: string; name: string } } | null {
	const match = /^Bearer\s+(\S+)\s*$/i.exec(header ?? '');
	const presented = match?.[1];
	if (!presented?.startsWith(API_TOKEN_PREFIX)) {
		return null;
	}
	const parts = splitToken(presented.slice(API_TOKEN_PREFIX.length));
	if (!parts) {
		return null;
	}
	const found = db
		.select({ token: apiToken, user })
		.from(apiToken)
		.innerJoin(user, eq(user.id, apiToken.userId))
		.where(eq(apiToken.id, parts.id))
		.get();
	if (!found || !secretMatches(parts.secret, found.token.secretHash)) {
		return null;
	}
	if (
		found.token.revokedAt ||
		found.user.disabledAt ||
		!isStaffRole(found.user.role) ||
		found.user.clinicId !== found.token.clinicId
	) {
		return null;
	}
	const last = found.token.lastUsedAt?.getTime() ?? 0;
	if (now.getTime() - last >= LAST_USED_WRITE_MS) {
		writeTx(db, (tx) =>
			tx.update(apiToken).set({ lastUsedAt: now }).where(eq(apiToken.id, parts.id)).run()
		);
	}
	return { user: found.user, token: { id: found.token.id, name: found.token.name } };
}
