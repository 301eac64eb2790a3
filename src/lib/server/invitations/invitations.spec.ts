import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { eq } from 'drizzle-orm';
import { tempDb, seedUser } from '$test/support/test-db';
import type { Db } from '../db/client';
import { auditEvent, invitation, patient, session, user, type Patient } from '../db/schema';
import type { StaffActor } from '../auth/guard';
import type { StaffRole } from '../../domain/roles';
import {
	INVITE_TTL_MS,
	InvitationError,
	acceptInvitation,
	cancelInvitation,
	confirmPatientInvitation,
	findUsableInvitation,
	invitePatient,
	inviteStaff,
	listOpenInvitations
} from './invitations';
import { setStaffAccess } from '../clinic/staff';
import { setArchived, updatePatient } from '../patients/patients';
import { setPortalAccess } from '../patients/portal-access';
import { createSession } from '../auth/session';
import { verifyPassword } from '../auth/password';

let t: ReturnType<typeof tempDb>;
let db: Db;
let owner: StaffActor;
const t0 = new Date('2026-05-01T08:00:00Z');

function actor(u: typeof user.$inferSelect): StaffActor {
	return { user: u as StaffActor['user'], clinicId: u.clinicId };
}

function addStaff(role: StaffRole, clinicId = owner.clinicId): StaffActor {
	const u = db
		.insert(user)
		.values({
			clinicId,
			email: `${role}-${crypto.randomUUID().slice(0, 8)}@example.test`,
			name: `A ${role}`,
			role,
			passwordHash: 'x'
		})
		.returning()
		.get();
	return actor(u);
}

function addPatient(email: string | null = 'noor@example.test', clinicId = owner.clinicId) {
	return db
		.insert(patient)
		.values({ clinicId, displayName: 'Noor Rahman', email })
		.returning()
		.get();
}

const reload = (p: Patient) => db.select().from(patient).where(eq(patient.id, p.id)).get()!;
const actions = () =>
	db
		.select()
		.from(auditEvent)
		.all()
		.map((a) => a.action);

beforeEach(() => {
	t = tempDb();
	db = t.db;
	owner = actor(seedUser(db, 'owner').user);
});
afterEach(() => t.cleanup());

const inviteClinician = (email = 'new@x.test', now = t0, by = owner) =>
	inviteStaff(db, by, { email, name: 'New', role: 'clinician' }, now);

describe('staff invitations', () => {
	it('stores only a hash of the secret and works once', async () => {
		const { token } = inviteClinician();
		const secret = token!.split('.')[1];
		const stored = db.$client.prepare('select * from invitation').all();
		expect(JSON.stringify(stored)).not.toContain(secret);

		const created = await acceptInvitation(db, token!, 'a-long-password', t0);
		expect(created).toMatchObject({
			email: 'new@x.test',
			role: 'clinician',
			clinicId: owner.clinicId
		});
		expect(await verifyPassword(created.passwordHash, 'a-long-password')).toBe(true);
		await expect(acceptInvitation(db, token!, 'another-password', t0)).rejects.toThrow(
			InvitationError
		);
		expect(actions()).toEqual(['staff_invite', 'invitation_accepted']);
	});

	it('expires after 7 days', () => {
		const { token } = inviteClinician();
		const before = new Date(t0.getTime() + INVITE_TTL_MS - 1);
		expect(findUsableInvitation(db, token!, before)).not.toBeNull();
		expect(findUsableInvitation(db, token!, new Date(t0.getTime() + INVITE_TTL_MS))).toBeNull();
	});

	it('a new invitation for the same person replaces the old link', () => {
		const first = inviteClinician();
		const second = inviteClinician();
		expect(findUsableInvitation(db, first.token!, t0)).toBeNull();
		expect(findUsableInvitation(db, second.token!, t0)).not.toBeNull();
	});

	it('refuses a tampered secret', () => {
		const { token } = inviteClinician();
		const [id] = token!.split('.');
		expect(findUsableInvitation(db, `${id}.${'a'.repeat(32)}`, t0)).toBeNull();
	});

	it('names an email taken in the same clinic, never one taken at another clinic', async () => {
		expect(() => inviteClinician(owner.user.email)).toThrow(/in your clinic/);
		const elsewhere = actor(seedUser(db, 'owner').user);
		// Clinic B's owner learns nothing about clinic A's owner: the invitation is made as usual.
		const { token } = inviteClinician(owner.user.email, t0, elsewhere);
		expect(token).toMatch(/^[a-z2-7]{32}\.[a-z2-7]{32}$/);
		await expect(acceptInvitation(db, token!, 'a-long-password', t0)).rejects.toThrow(
			/already has a Resurface account/
		);
	});

	it('dies when its creator’s access ends, and stays dead when access comes back', () => {
		const second = addStaff('owner');
		const { token } = inviteClinician('late@x.test', new Date(), second);
		setStaffAccess(db, owner, second.user.id, true);
		expect(findUsableInvitation(db, token!)).toBeNull();
		setStaffAccess(db, owner, second.user.id, false);
		expect(findUsableInvitation(db, token!)).toBeNull();
		expect(listOpenInvitations(db, owner)).toEqual([]);
	});

	it('is checked against its creator at use, whatever path disabled them', () => {
		const second = addStaff('owner');
		const { token } = inviteClinician('late@x.test', new Date(), second);
		db.update(user).set({ disabledAt: new Date() }).where(eq(user.id, second.user.id)).run();
		expect(findUsableInvitation(db, token!)).toBeNull();
	});
});

describe('patient invitations', () => {
	it('from front desk: no link exists until a clinician confirms; the link is the clinician’s', async () => {
		const desk = addStaff('frontdesk');
		const clinician = addStaff('clinician');
		const p = addPatient();
		const requested = invitePatient(db, desk, p);
		expect(requested.token).toBeNull();
		expect(requested.invitation.tokenHash).toBeNull();
		expect(requested.invitation.email).toBe('noor@example.test');
		// Nothing front desk can form from what it sees (the id) opens anything.
		expect(findUsableInvitation(db, `${requested.invitation.id}.${'a'.repeat(32)}`)).toBeNull();
		expect(() => confirmPatientInvitation(db, desk, requested.invitation.id)).toThrow(
			InvitationError
		);
		expect(listOpenInvitations(db, clinician)).toMatchObject([
			{ id: requested.invitation.id, confirmedByName: null, createdByName: 'A frontdesk' }
		]);

		const confirmed = confirmPatientInvitation(db, clinician, requested.invitation.id)!;
		expect(confirmPatientInvitation(db, clinician, 'no-such-id')).toBeNull();
		expect(confirmed.token?.startsWith(`${requested.invitation.id}.`)).toBe(true);
		const created = await acceptInvitation(db, confirmed.token!, 'noor-password-1');
		expect(created).toMatchObject({ role: 'patient', email: 'noor@example.test' });
		expect(reload(p).userId).toBe(created.id);
		expect(actions()).toEqual([
			'patient_invite_request',
			'patient_invite_confirm',
			'invitation_accepted'
		]);
	});

	it('from a clinician or owner: a link at once, to the address on file only', () => {
		const clinician = addStaff('clinician');
		expect(() => invitePatient(db, clinician, addPatient(null))).toThrow(/email address/);
		const { token, invitation: row } = invitePatient(db, clinician, addPatient());
		expect(findUsableInvitation(db, token!)?.id).toBe(row.id);
	});

	it('a confirmed request dies when the front desk who asked loses access', () => {
		const desk = addStaff('frontdesk');
		const p = addPatient();
		const asked = invitePatient(db, desk, p);
		const { token } = confirmPatientInvitation(db, owner, asked.invitation.id)!;
		setStaffAccess(db, owner, desk.user.id, true);
		expect(findUsableInvitation(db, token!)).toBeNull();
	});

	it('dies when the confirming clinician loses access', () => {
		const clinician = addStaff('clinician');
		const { token } = invitePatient(db, clinician, addPatient());
		setStaffAccess(db, owner, clinician.user.id, true);
		expect(findUsableInvitation(db, token!)).toBeNull();
	});

	it('dies when the address on file changes; the change is audited with both addresses', () => {
		const desk = addStaff('frontdesk');
		const p = addPatient();
		const { token } = invitePatient(db, owner, p);
		updatePatient(db, desk, p, {
			displayName: p.displayName,
			email: 'mine@evil.test',
			birthYear: null,
			fitzpatrick: null,
			concerns: []
		});
		expect(findUsableInvitation(db, token!)).toBeNull();
		const change = db
			.select()
			.from(auditEvent)
			.where(eq(auditEvent.action, 'patient_email_change'))
			.get();
		expect(change).toMatchObject({
			actorUserId: desk.user.id,
			detail: 'noor@example.test → mine@evil.test'
		});
		// Even a row written behind the service's back is checked against the address at use.
		const again = invitePatient(db, owner, reload(p));
		db.update(patient).set({ email: 'other@evil.test' }).where(eq(patient.id, p.id)).run();
		expect(findUsableInvitation(db, again.token!)).toBeNull();
	});

	it('can be cancelled by front desk; front desk never sees or cancels staff invitations', () => {
		const desk = addStaff('frontdesk');
		const staffInvite = inviteClinician('team@x.test', new Date());
		const { token, invitation: row } = invitePatient(db, owner, addPatient());
		expect(listOpenInvitations(db, desk).map((i) => i.id)).toEqual([row.id]);
		expect(cancelInvitation(db, desk, staffInvite.invitation.id)).toBe(false);
		expect(cancelInvitation(db, desk, row.id)).toBe(true);
		expect(findUsableInvitation(db, token!)).toBeNull();
		expect(findUsableInvitation(db, staffInvite.token!)).not.toBeNull();
		const other = actor(seedUser(db, 'owner').user);
		expect(cancelInvitation(db, other, staffInvite.invitation.id)).toBe(false);
	});
});

describe('portal access', () => {
	async function patientWithAccount() {
		const p = addPatient();
		const { token } = invitePatient(db, owner, p);
		const account = await acceptInvitation(db, token!, 'noor-password-1');
		createSession(db, account.id);
		return { p: reload(p), account };
	}
	const sessionsOf = (userId: string) =>
		db.select().from(session).where(eq(session.userId, userId)).all().length;

	it('ending it signs the patient out at once; restoring lets them sign in again', async () => {
		const { p, account } = await patientWithAccount();
		expect(sessionsOf(account.id)).toBe(1);
		setPortalAccess(db, owner, p, false);
		expect(sessionsOf(account.id)).toBe(0);
		expect(db.select().from(user).where(eq(user.id, account.id)).get()?.disabledAt).not.toBeNull();
		setPortalAccess(db, owner, p, true);
		expect(db.select().from(user).where(eq(user.id, account.id)).get()?.disabledAt).toBeNull();
		expect(actions().slice(-2)).toEqual(['portal_disable', 'portal_enable']);
	});

	it('archiving ends portal access and open invitations; unarchiving does not reopen it', async () => {
		const { p, account } = await patientWithAccount();
		const other = addPatient('other@example.test');
		const { token } = invitePatient(db, owner, other);
		setArchived(db, owner, p, true);
		setArchived(db, owner, other, true);
		expect(sessionsOf(account.id)).toBe(0);
		expect(findUsableInvitation(db, token!)).toBeNull();
		expect(() => setPortalAccess(db, owner, reload(p), true)).toThrow(/archive/);
		setArchived(db, owner, reload(p), false);
		expect(db.select().from(user).where(eq(user.id, account.id)).get()?.disabledAt).not.toBeNull();
		setArchived(db, owner, reload(other), false);
		expect(invitePatient(db, owner, reload(other)).token).not.toBeNull();
	});

	it('a patient invitation cannot be made for an archived patient', () => {
		const p = addPatient();
		setArchived(db, owner, p, true);
		expect(() => invitePatient(db, owner, reload(p))).toThrow(/archive/);
		expect(db.select().from(invitation).all()).toEqual([]);
	});
});
