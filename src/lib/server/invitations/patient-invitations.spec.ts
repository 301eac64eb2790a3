import { beforeEach, describe, expect, it } from 'vitest';
import { eq } from 'drizzle-orm';
import { seedUser } from '$test/support/test-db';
import type { Db } from '../db/client';
import { auditEvent, invitation, mailMessage, patient, session, user } from '../db/schema';
import type { StaffActor } from '../auth/guard';
import {
	INVITE_TTL_MS,
	InvitationError,
	acceptInvitation,
	cancelInvitation,
	findUsableInvitation,
	handOverPatientLink,
	invitePatient,
	listOpenInvitations,
	resendInvitation
} from './invitations';
import { setStaffAccess } from '../clinic/staff';
import { setArchived, updatePatient } from '../patients/patients';
import { setPortalAccess } from '../patients/portal-access';
import { createSession } from '../auth/session';

import { invitationWorld, actor, t0, LINK } from '$test/support/invitation-world';

const w = invitationWorld();
let db: Db;
let owner: StaffActor;
beforeEach(() => ({ db, owner } = w));
const { addStaff, addPatient, reload, actions, handOverClinician, mailOf, tokenInMail } = w;

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
