import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { eq } from 'drizzle-orm';
import { writeTx } from '../db/client';
import { apiToken, auditEvent, user } from '../db/schema';
import { seedUser, tempDb } from '$test/support/test-db';
import type { StaffActor } from './guard';
import {
	ApiTokenError,
	createApiToken,
	listApiTokens,
	revokeApiToken,
	userForBearer
} from './api-tokens';
import { setStaffAccess } from '../clinic/staff';
import { audit } from '../audit/audit';
import { requestContext } from '../http/request-context';

let t: ReturnType<typeof tempDb>;
beforeEach(() => (t = tempDb()));
afterEach(() => t.cleanup());

function clinicWithClinician() {
	const owner = seedUser(t.db, 'owner');
	const clinician = writeTx(t.db, (tx) =>
		tx
			.insert(user)
			.values({
				clinicId: owner.clinic.id,
				email: 'dr@example.test',
				name: 'Dr Nair',
				role: 'clinician',
				passwordHash: 'x'
			})
			.returning()
			.get()
	);
	const actor = { user: owner.user, clinicId: owner.clinic.id } as StaffActor;
	return { owner, actor, clinician };
}

const bearer = (token: string) => `Bearer ${token}`;

describe('API tokens', () => {
	it('issues a token once, stores only a hash, and resolves it to the staff member', () => {
		const { actor, clinician } = clinicWithClinician();
		const made = requestContext.run({ ip: '10.0.0.1' }, () =>
			createApiToken(t.db, actor, { name: ' Room 2 camera ', userId: clinician.id })
		);
		expect(made.token).toMatch(/^rsf_[a-z2-7]{32}\.[a-z2-7]{32}$/);
		expect(made.name).toBe('Room 2 camera');
		const row = t.db.select().from(apiToken).where(eq(apiToken.id, made.id)).get()!;
		expect(JSON.stringify(row)).not.toContain(made.token.split('.')[1]);
		expect(userForBearer(t.db, bearer(made.token))?.user.id).toBe(clinician.id);
		expect(userForBearer(t.db, `bearer   ${made.token}`)?.user.id).toBe(clinician.id);
		const audited = t.db
			.select()
			.from(auditEvent)
			.where(eq(auditEvent.action, 'api_token_create'))
			.all();
		expect(audited).toMatchObject([{ targetId: made.id, detail: 'Room 2 camera', ip: '10.0.0.1' }]);
	});

	it('refuses malformed, unknown and tampered tokens', () => {
		const { actor, clinician } = clinicWithClinician();
		const made = createApiToken(t.db, actor, { name: 'x', userId: clinician.id });
		const [id, secret] = made.token.slice(4).split('.');
		const flipped = secret.slice(0, -1) + (secret.endsWith('a') ? 'b' : 'a');
		for (const header of [
			null,
			'',
			'Bearer',
			made.token,
			`Basic ${made.token}`,
			bearer(made.token.slice(4)),
			bearer(`rsf_${id}.${flipped}`),
			bearer(`rsf_${'a'.repeat(32)}.${secret}`),
			bearer(`${made.token} extra`)
		]) {
			expect(userForBearer(t.db, header), String(header)).toBeNull();
		}
	});

	it('stops working when revoked or when the member loses access', () => {
		const { actor, clinician } = clinicWithClinician();
		const a = createApiToken(t.db, actor, { name: 'a', userId: clinician.id });
		const b = createApiToken(t.db, actor, { name: 'b', userId: clinician.id });
		expect(revokeApiToken(t.db, actor, a.id)).toBe(true);
		expect(revokeApiToken(t.db, actor, a.id)).toBe(false);
		expect(userForBearer(t.db, bearer(a.token))).toBeNull();
		expect(userForBearer(t.db, bearer(b.token))?.user.id).toBe(clinician.id);
		setStaffAccess(t.db, actor, clinician.id, true);
		expect(userForBearer(t.db, bearer(b.token))).toBeNull();
		expect(listApiTokens(t.db, actor.clinicId).map((x) => [x.name, x.revokedAt !== null])).toEqual([
			['b', true],
			['a', true]
		]);
	});

	it('stays dead when the member’s access is restored: ending access revokes for good', () => {
		const { actor, clinician } = clinicWithClinician();
		const made = createApiToken(t.db, actor, { name: 'Room 2 camera', userId: clinician.id });
		const owners = createApiToken(t.db, actor, { name: 'owner’s', userId: actor.user.id });
		expect(userForBearer(t.db, bearer(made.token))?.user.id).toBe(clinician.id);

		requestContext.run({ ip: '10.0.0.2' }, () => {
			setStaffAccess(t.db, actor, clinician.id, true);
			setStaffAccess(t.db, actor, clinician.id, false);
		});
		expect(userForBearer(t.db, bearer(made.token))).toBeNull();
		const row = t.db.select().from(apiToken).where(eq(apiToken.id, made.id)).get()!;
		expect(row.revokedAt).not.toBeNull();
		// someone else's token is untouched
		expect(userForBearer(t.db, bearer(owners.token))?.user.id).toBe(actor.user.id);
		// the revocation is on the record, with why, and a new token for the member works
		const revoked = t.db
			.select()
			.from(auditEvent)
			.where(eq(auditEvent.action, 'api_token_revoke'))
			.all();
		expect(revoked).toMatchObject([
			{ targetId: made.id, actorUserId: actor.user.id, ip: '10.0.0.2', detail: 'access ended' }
		]);
		const fresh = createApiToken(t.db, actor, { name: 'again', userId: clinician.id });
		expect(userForBearer(t.db, bearer(fresh.token))?.user.id).toBe(clinician.id);
	});

	it('revokes in the same transaction as the access change: all or nothing', () => {
		const { actor, clinician } = clinicWithClinician();
		const made = createApiToken(t.db, actor, { name: 'x', userId: clinician.id });
		// the owner cannot end their own access: nothing of theirs may change either
		const own = createApiToken(t.db, actor, { name: 'own', userId: actor.user.id });
		expect(() => setStaffAccess(t.db, actor, actor.user.id, true)).toThrow();
		expect(userForBearer(t.db, bearer(own.token))?.user.id).toBe(actor.user.id);
		// a failure after the revocation inside the transaction undoes it
		t.db.$client.exec(
			`create trigger fail_disable before update of disabled_at on user
			 begin select raise(abort, 'boom'); end`
		);
		expect(() => setStaffAccess(t.db, actor, clinician.id, true)).toThrow(/boom/);
		expect(userForBearer(t.db, bearer(made.token))?.user.id).toBe(clinician.id);
	});

	it('is for the actor’s own active team only, with a name', () => {
		const { actor, clinician } = clinicWithClinician();
		const other = seedUser(t.db, 'owner');
		const otherActor = { user: other.user, clinicId: other.clinic.id } as StaffActor;
		const patientUser = seedUser(t.db, 'patient');
		expect(() => createApiToken(t.db, otherActor, { name: 'x', userId: clinician.id })).toThrow(
			ApiTokenError
		);
		expect(() => createApiToken(t.db, actor, { name: 'x', userId: patientUser.user.id })).toThrow(
			ApiTokenError
		);
		expect(() => createApiToken(t.db, actor, { name: '  ', userId: clinician.id })).toThrow(/name/);
		expect(() =>
			createApiToken(t.db, actor, { name: 'x'.repeat(81), userId: clinician.id })
		).toThrow(/name/);
		const made = createApiToken(t.db, actor, { name: 'x', userId: clinician.id });
		expect(revokeApiToken(t.db, otherActor, made.id)).toBe(false);
		expect(t.db.select().from(apiToken).all()).toHaveLength(1);
	});

	it('records last use at most once a minute', () => {
		const { actor, clinician } = clinicWithClinician();
		const made = createApiToken(t.db, actor, { name: 'x', userId: clinician.id });
		const at = (s: number) => new Date(Date.UTC(2026, 10, 24, 9, 0, s));
		const lastUsed = () => t.db.select().from(apiToken).get()!.lastUsedAt?.getTime();
		userForBearer(t.db, bearer(made.token), at(0));
		expect(lastUsed()).toBe(at(0).getTime());
		userForBearer(t.db, bearer(made.token), at(30));
		expect(lastUsed()).toBe(at(0).getTime());
		userForBearer(t.db, bearer(made.token), at(61));
		expect(lastUsed()).toBe(at(61).getTime());
	});

	it('marks audit rows written while a token acts, and only those', () => {
		const { owner } = clinicWithClinician();
		const entry = (detail?: string) => ({
			clinicId: owner.clinic.id,
			actorUserId: owner.user.id,
			action: 'test_event',
			ok: true,
			detail
		});
		requestContext.run({ ip: null, apiToken: { id: 't1', name: 'Room 2 camera' } }, () => {
			audit(t.db, entry());
			audit(t.db, entry('front view'));
		});
		audit(t.db, entry('by hand'));
		const details = t.db
			.select({ detail: auditEvent.detail })
			.from(auditEvent)
			.where(eq(auditEvent.action, 'test_event'))
			.all()
			.map((r) => r.detail);
		expect(details).toEqual([
			'via API token “Room 2 camera”',
			'front view · via API token “Room 2 camera”',
			'by hand'
		]);
	});
});
