import { beforeEach, describe, expect, it } from 'vitest';
import { eq } from 'drizzle-orm';
import { seedUser } from '$test/support/test-db';
import type { Db } from '../db/client';
import { invitation, mailMessage, user } from '../db/schema';
import type { StaffActor } from '../auth/guard';
import {
	INVITE_TTL_MS,
	InvitationError,
	acceptInvitation,
	findUsableInvitation,
	handOverStaffLink,
	listOpenInvitations,
	resendInvitation
} from './invitations';
import { setStaffAccess } from '../clinic/staff';
import { verifyPassword } from '../auth/password';

import { invitationWorld, actor, t0 } from '$test/support/invitation-world';

const w = invitationWorld();
let db: Db;
let owner: StaffActor;
beforeEach(() => ({ db, owner } = w));
const { addStaff, actions, inviteClinician, handOverClinician, mailOf, tokenInMail } = w;

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
