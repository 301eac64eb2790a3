// The clinic the invitation specs share: an owner at "Glow Skin" (Europe/Berlin), helpers to
// add staff and patients, and readers for the outbox and the audit log. Each spec file calls
// invitationWorld() once; its hooks give every test a fresh temp database.
import { afterEach, beforeEach } from 'vitest';
import { eq } from 'drizzle-orm';
import { tempDb, seedUser } from './test-db';
import type { Db } from '../../src/lib/server/db/client';
import {
	auditEvent,
	clinic,
	mailMessage,
	patient,
	user,
	type Patient
} from '../../src/lib/server/db/schema';
import type { StaffActor } from '../../src/lib/server/auth/guard';
import type { StaffRole } from '../../src/lib/domain/roles';
import { handOverStaffLink, inviteStaff } from '../../src/lib/server/invitations/invitations';
import { mailKeyOf } from '../../src/lib/server/invitations/invitation-mail';

export const t0 = new Date('2026-05-01T08:00:00Z');
export const LINK = /http:\/\/[^\s]+\/invite\/([a-z2-7]{32}\.[a-z2-7]{32})/;

export function actor(u: typeof user.$inferSelect): StaffActor {
	return { user: u as StaffActor['user'], clinicId: u.clinicId };
}

export function invitationWorld() {
	let t: ReturnType<typeof tempDb>;
	// set afresh before each test; the helpers read it then
	const state = { db: undefined as unknown as Db, owner: undefined as unknown as StaffActor };
	const mailOf = (invitationId: string) =>
		state.db
			.select()
			.from(mailMessage)
			.where(eq(mailMessage.dedupeKey, mailKeyOf(invitationId)))
			.get()!;
	const w = {
		get db() {
			return state.db;
		},
		get owner() {
			return state.owner;
		},
		addStaff(role: StaffRole, clinicId = state.owner.clinicId): StaffActor {
			const u = state.db
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
		},
		addPatient(email: string | null = 'noor@example.test', clinicId = state.owner.clinicId) {
			return state.db
				.insert(patient)
				.values({ clinicId, displayName: 'Noor Rahman', email })
				.returning()
				.get();
		},
		reload: (p: Patient) => state.db.select().from(patient).where(eq(patient.id, p.id)).get()!,
		actions: () =>
			state.db
				.select()
				.from(auditEvent)
				.all()
				.map((a) => a.action),
		inviteClinician: (email = 'new@x.test', now = t0, by = state.owner) =>
			inviteStaff(state.db, by, { email, name: 'Lena Park', role: 'clinician' }, now),
		handOverClinician: (email = 'new@x.test', now = t0, by = state.owner) =>
			handOverStaffLink(state.db, by, { email, name: 'Lena Park', role: 'clinician' }, now),
		/** The invitation's message in the outbox. */
		mailOf,
		/** The token in the invitation's message: only the invitee's mailbox holds it. */
		tokenInMail: (invitationId: string) => mailOf(invitationId).textBody!.match(LINK)![1]
	};
	beforeEach(() => {
		t = tempDb();
		state.db = t.db;
		state.owner = actor(seedUser(t.db, 'owner').user);
		state.db
			.update(clinic)
			.set({ name: 'Glow Skin', settings: { timeZone: 'Europe/Berlin' } })
			.where(eq(clinic.id, state.owner.clinicId))
			.run();
	});
	afterEach(() => t.cleanup());
	return w;
}
