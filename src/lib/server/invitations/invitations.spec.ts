import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { eq } from 'drizzle-orm';
import { tempDb, seedUser } from '$test/support/test-db';
import type { Db } from '../db/client';
import {
	auditEvent,
	clinic,
	invitation,
	mailMessage,
	patient,
	session,
	user,
	type Patient
} from '../db/schema';
import type { StaffActor } from '../auth/guard';
import type { StaffRole } from '../../domain/roles';
import {
	INVITE_TTL_MS,
	InvitationError,
	acceptInvitation,
	cancelInvitation,
	findUsableInvitation,
	handOverPatientLink,
	handOverStaffLink,
	invitePatient,
	inviteStaff,
	listOpenInvitations,
	resendInvitation
} from './invitations';
import { mailKeyOf } from './invitation-mail';
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
	db.update(clinic)
		.set({ name: 'Glow Skin', settings: { timeZone: 'Europe/Berlin' } })
		.where(eq(clinic.id, owner.clinicId))
		.run();
});
afterEach(() => t.cleanup());

const inviteClinician = (email = 'new@x.test', now = t0, by = owner) =>
	inviteStaff(db, by, { email, name: 'Lena Park', role: 'clinician' }, now);
const handOverClinician = (email = 'new@x.test', now = t0, by = owner) =>
	handOverStaffLink(db, by, { email, name: 'Lena Park', role: 'clinician' }, now);

const LINK = /http:\/\/[^\s]+\/invite\/([a-z2-7]{32}\.[a-z2-7]{32})/;

/** The invitation's message in the outbox. */
const mailOf = (invitationId: string) =>
	db
		.select()
		.from(mailMessage)
		.where(eq(mailMessage.dedupeKey, mailKeyOf(invitationId)))
		.get()!;

/** The token in the invitation's message: only the invitee's mailbox holds it. */
const tokenInMail = (invitationId: string) => mailOf(invitationId).textBody!.match(LINK)![1];

describe('staff invitations', () => {
	it('go by email to the address the owner typed, in the clinic’s name, with the role in words', async () => {
		const { invitation: row, mailId } = inviteClinician();
		const mail = mailOf(row.id);
		expect(mail).toMatchObject({
			id: mailId,
			kind: 'staff_invitation',
			toAddress: 'new@x.test',
			status: 'queued',
			clinicId: owner.clinicId
		});
		expect(mail.subject).toBe('Join Glow Skin on Resurface');
		expect(mail.textBody).toContain('Hello Lena,');
		expect(mail.textBody).toContain('join Glow Skin as a clinician');
		// expiry on the clinic's wall clock (Berlin, UTC+2 in May), in words
		expect(mail.textBody).toContain('until Friday 8 May 2026 at 10:00');
		const token = tokenInMail(row.id);
		expect(token.startsWith(`${row.id}.`)).toBe(true);
		const stored = db.$client.prepare('select * from invitation').all();
		expect(JSON.stringify(stored)).not.toContain(token.split('.')[1]);

		const created = await acceptInvitation(db, token, 'a-long-password', t0);
		expect(created).toMatchObject({ email: 'new@x.test', role: 'clinician' });
		expect(await verifyPassword(created.passwordHash, 'a-long-password')).toBe(true);
		await expect(acceptInvitation(db, token, 'another-password', t0)).rejects.toThrow(
			InvitationError
		);
		expect(actions()).toEqual(['staff_invite', 'invitation_accepted']);
	});

	it('the owner may instead be shown the link to hand over, and then nothing is mailed', () => {
		const { token, invitation: row } = handOverClinician();
		expect(findUsableInvitation(db, token, t0)?.id).toBe(row.id);
		expect(db.select().from(mailMessage).all()).toEqual([]);
		expect(listOpenInvitations(db, owner, {}, t0)).toMatchObject([
			{ id: row.id, delivery: 'in_person', mailStatus: null }
		]);
		expect(() =>
			handOverStaffLink(db, addStaff('clinician'), { ...row, role: 'clinician' })
		).toThrow(/owner/);
	});

	it('expires after 7 days', () => {
		const { token } = handOverClinician();
		const before = new Date(t0.getTime() + INVITE_TTL_MS - 1);
		expect(findUsableInvitation(db, token, before)).not.toBeNull();
		expect(findUsableInvitation(db, token, new Date(t0.getTime() + INVITE_TTL_MS))).toBeNull();
	});

	it('sending again replaces the old link, and an old message not yet sent never goes', () => {
		const first = inviteClinician();
		const firstToken = tokenInMail(first.invitation.id);
		const later = new Date(t0.getTime() + 60_000);
		const second = resendInvitation(db, owner, first.invitation.id, later)!;
		expect(findUsableInvitation(db, firstToken, later)).toBeNull();
		expect(findUsableInvitation(db, tokenInMail(second.invitation.id), later)).not.toBeNull();
		expect(mailOf(first.invitation.id)).toMatchObject({
			status: 'skipped',
			textBody: null,
			htmlBody: null
		});
		expect(
			db.select().from(invitation).where(eq(invitation.id, first.invitation.id)).get()
		).toMatchObject({ revokedReason: 'replaced' });
		expect(actions()).toEqual(['staff_invite', 'invitation_resend']);
		// a message already sent is left as it was (the outbox keeps its record)
		db.update(mailMessage)
			.set({ status: 'sent', textBody: null, htmlBody: null })
			.where(eq(mailMessage.id, second.mailId))
			.run();
		resendInvitation(db, owner, second.invitation.id, later);
		expect(mailOf(second.invitation.id).status).toBe('sent');
	});

	it('refuses a tampered secret', () => {
		const { token } = handOverClinician();
		const [id] = token.split('.');
		expect(findUsableInvitation(db, `${id}.${'a'.repeat(32)}`, t0)).toBeNull();
	});

	it('names an email taken in the same clinic, never one taken at another clinic', async () => {
		expect(() => inviteClinician(owner.user.email)).toThrow(/in your clinic/);
		const elsewhere = actor(seedUser(db, 'owner').user);
		// Clinic B's owner learns nothing about clinic A's owner: the invitation is made as usual.
		const { invitation: row } = inviteClinician(owner.user.email, t0, elsewhere);
		await expect(acceptInvitation(db, tokenInMail(row.id), 'a-long-password', t0)).rejects.toThrow(
			/already has a Resurface account/
		);
	});

	it('dies when its creator’s access ends, and stays dead when access comes back', () => {
		const second = addStaff('owner');
		const { invitation: row } = inviteClinician('late@x.test', new Date(), second);
		const token = tokenInMail(row.id);
		setStaffAccess(db, owner, second.user.id, true);
		expect(findUsableInvitation(db, token)).toBeNull();
		// its message had not gone yet: it never will
		expect(mailOf(row.id).status).toBe('skipped');
		setStaffAccess(db, owner, second.user.id, false);
		expect(findUsableInvitation(db, token)).toBeNull();
		expect(listOpenInvitations(db, owner)).toEqual([]);
	});

	it('is checked against its creator at use, whatever path disabled them', () => {
		const second = addStaff('owner');
		const { token } = handOverClinician('late@x.test', new Date(), second);
		db.update(user).set({ disabledAt: new Date() }).where(eq(user.id, second.user.id)).run();
		expect(findUsableInvitation(db, token)).toBeNull();
	});
});

describe('patient invitations', () => {
	it('from front desk: by email to the address on file; front desk gets no link, the patient does', async () => {
		const desk = addStaff('frontdesk');
		const p = db
			.update(patient)
			.set({ concerns: ['acne_scars'] })
			.where(eq(patient.id, addPatient().id))
			.returning()
			.get();
		const sent = invitePatient(db, desk, p, t0);
		expect(sent).not.toHaveProperty('token');
		expect(JSON.stringify(sent)).not.toMatch(LINK);
		const mail = mailOf(sent.invitation.id);
		expect(mail).toMatchObject({
			kind: 'patient_invitation',
			toAddress: 'noor@example.test',
			patientId: p.id
		});
		expect(mail.subject).toBe('Your private photo timeline at Glow Skin');
		expect(mail.textBody).toContain('Hello Noor,');
		// no health detail: not the concern, nor any treatment word
		expect(`${mail.subject} ${mail.textBody} ${mail.htmlBody}`).not.toMatch(
			/acne|scar|microneedl|treatment|diagnos/i
		);
		expect(listOpenInvitations(db, desk, {}, t0)).toMatchObject([
			{
				id: sent.invitation.id,
				delivery: 'email',
				mailStatus: 'queued',
				email: 'noor@example.test',
				confirmedByName: 'A frontdesk'
			}
		]);
		const created = await acceptInvitation(
			db,
			tokenInMail(sent.invitation.id),
			'noor-password-1',
			t0
		);
		expect(created).toMatchObject({ role: 'patient', email: 'noor@example.test' });
		expect(reload(p).userId).toBe(created.id);
		expect(actions()).toEqual(['patient_invite', 'invitation_accepted']);
	});

	it('in person: a link for a clinician or the owner, never for front desk', () => {
		const desk = addStaff('frontdesk');
		const clinician = addStaff('clinician');
		const p = addPatient();
		expect(() => handOverPatientLink(db, desk, p)).toThrow(InvitationError);
		expect(db.select().from(invitation).all()).toEqual([]);
		const emailed = tokenInMail(invitePatient(db, desk, p).invitation.id);
		const { token, invitation: row } = handOverPatientLink(db, clinician, p);
		// the fresh link replaces the one mailed a moment ago
		expect(findUsableInvitation(db, token)?.id).toBe(row.id);
		expect(findUsableInvitation(db, emailed)).toBeNull();
		expect(db.select().from(mailMessage).all()).toHaveLength(1);
		expect(() => handOverPatientLink(db, clinician, addPatient(null))).toThrow(/email address/);
	});

	it('front desk may not send to an address front desk changed; a clinician or owner may', () => {
		const desk = addStaff('frontdesk');
		const clinician = addStaff('clinician');
		const p = addPatient();
		const edit = (by: StaffActor, email: string) =>
			updatePatient(db, by, reload(p), {
				displayName: p.displayName,
				email,
				birthYear: null,
				fitzpatrick: null,
				concerns: []
			});
		edit(desk, 'mine@evil.test');
		expect(() => invitePatient(db, desk, reload(p))).toThrow(/clinician or the owner sends/);
		expect(db.select().from(mailMessage).all()).toEqual([]);
		// the clinician sees where it goes and sends it
		expect(invitePatient(db, clinician, reload(p)).invitation.email).toBe('mine@evil.test');
		// once clinical staff set the address, front desk may send again
		edit(clinician, 'noor@example.test');
		expect(invitePatient(db, desk, reload(p)).invitation.email).toBe('noor@example.test');
	});

	it('a request from before invitations were mailed is listed as not sent, and sending it mails a link', () => {
		const desk = addStaff('frontdesk');
		const p = addPatient();
		const legacy = db
			.insert(invitation)
			.values({
				id: 'legacy-request',
				clinicId: owner.clinicId,
				email: p.email!,
				name: p.displayName,
				role: 'patient',
				patientId: p.id,
				createdBy: desk.user.id,
				createdAt: t0,
				expiresAt: new Date(t0.getTime() + INVITE_TTL_MS)
			})
			.returning()
			.get();
		expect(listOpenInvitations(db, desk, {}, t0)).toMatchObject([
			{ id: legacy.id, delivery: 'not_sent', confirmedByName: null, createdByName: 'A frontdesk' }
		]);
		expect(resendInvitation(db, desk, 'no-such-id', t0)).toBeNull();
		const sent = resendInvitation(db, desk, legacy.id, t0)!;
		expect(listOpenInvitations(db, desk, {}, t0)).toMatchObject([
			{ id: sent.invitation.id, delivery: 'email' }
		]);
		expect(findUsableInvitation(db, tokenInMail(sent.invitation.id), t0)).not.toBeNull();
	});

	it('dies when the sender loses access', () => {
		const clinician = addStaff('clinician');
		const { invitation: row } = invitePatient(db, clinician, addPatient());
		const token = tokenInMail(row.id);
		setStaffAccess(db, owner, clinician.user.id, true);
		expect(findUsableInvitation(db, token)).toBeNull();
	});

	it('dies when the address on file changes; the change is audited with both addresses', () => {
		const desk = addStaff('frontdesk');
		const p = addPatient();
		const { token } = handOverPatientLink(db, owner, p);
		updatePatient(db, desk, p, {
			displayName: p.displayName,
			email: 'mine@evil.test',
			birthYear: null,
			fitzpatrick: null,
			concerns: []
		});
		expect(findUsableInvitation(db, token)).toBeNull();
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
		const again = handOverPatientLink(db, owner, reload(p));
		db.update(patient).set({ email: 'other@evil.test' }).where(eq(patient.id, p.id)).run();
		expect(findUsableInvitation(db, again.token)).toBeNull();
	});

	it('can be cancelled by front desk, withdrawing its unsent message; front desk never sees or cancels staff invitations', () => {
		const desk = addStaff('frontdesk');
		const staffInvite = handOverClinician('team@x.test', new Date());
		const { invitation: row } = invitePatient(db, desk, addPatient());
		expect(listOpenInvitations(db, desk).map((i) => i.id)).toEqual([row.id]);
		expect(cancelInvitation(db, desk, staffInvite.invitation.id)).toBe(false);
		expect(resendInvitation(db, desk, staffInvite.invitation.id)).toBeNull();
		const token = tokenInMail(row.id);
		expect(cancelInvitation(db, desk, row.id)).toBe(true);
		expect(findUsableInvitation(db, token)).toBeNull();
		expect(mailOf(row.id)).toMatchObject({ status: 'skipped', textBody: null });
		expect(findUsableInvitation(db, staffInvite.token)).not.toBeNull();
		const other = actor(seedUser(db, 'owner').user);
		expect(cancelInvitation(db, other, staffInvite.invitation.id)).toBe(false);
		expect(resendInvitation(db, other, staffInvite.invitation.id)).toBeNull();
	});
});

describe('portal access', () => {
	async function patientWithAccount() {
		const p = addPatient();
		const { token } = handOverPatientLink(db, owner, p);
		const account = await acceptInvitation(db, token, 'noor-password-1');
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
		const { token } = handOverPatientLink(db, owner, other);
		setArchived(db, owner, p, true);
		setArchived(db, owner, other, true);
		expect(sessionsOf(account.id)).toBe(0);
		expect(findUsableInvitation(db, token!)).toBeNull();
		expect(() => setPortalAccess(db, owner, reload(p), true)).toThrow(/archive/);
		setArchived(db, owner, reload(p), false);
		expect(db.select().from(user).where(eq(user.id, account.id)).get()?.disabledAt).not.toBeNull();
		setArchived(db, owner, reload(other), false);
		expect(invitePatient(db, owner, reload(other)).mailId).toBeTruthy();
	});

	it('a patient invitation cannot be made for an archived patient', () => {
		const p = addPatient();
		setArchived(db, owner, p, true);
		expect(() => invitePatient(db, owner, reload(p))).toThrow(/archive/);
		expect(db.select().from(invitation).all()).toEqual([]);
	});
});
