import { eq } from 'drizzle-orm';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { seedUser, tempDb } from '$test/support/test-db';
import { writeTx } from '../db/client';
import { auditEvent, clinic, mailMessage, user } from '../db/schema';
import type { StaffActor } from '../auth/guard';
import { queueMail } from './outbox';
import { DEFAULT_TEMPLATES } from './templates';
import {
	messageTemplates,
	restoreMailTemplate,
	saveMailTemplate,
	TemplateRefused
} from './template-settings';

let t: ReturnType<typeof tempDb>;
beforeEach(() => {
	t = tempDb();
});
afterEach(() => t.cleanup());

function clinicWithOwner() {
	const { clinic: c, user: owner } = seedUser(t.db, 'owner');
	return { clinicId: c.id, owner: { user: owner, clinicId: c.id } as StaffActor };
}
const frontDesk = (clinicId: string) =>
	({
		user: t.db
			.insert(user)
			.values({
				clinicId,
				email: 'desk@x.test',
				name: 'Desk',
				role: 'frontdesk',
				passwordHash: 'x'
			})
			.returning()
			.get(),
		clinicId
	}) as StaffActor;
const stored = (clinicId: string) =>
	t.db.select().from(clinic).where(eq(clinic.id, clinicId)).get()!.settings as {
		mailTemplates?: object;
		reminderDaysBefore?: number;
	};
const changes = () =>
	t.db.select().from(auditEvent).where(eq(auditEvent.action, 'mail_template_change')).all();

const REWORDED = {
	subject: 'A new password for {clinicName}',
	body: 'Hi {firstName}!\n\n{link}\n\nBefore {expires}.'
};

describe('the clinic’s message wording', () => {
	it('every staff member reads each message, its placeholders and a preview with sample values', () => {
		const { clinicId } = clinicWithOwner();
		const list = messageTemplates(t.db, frontDesk(clinicId));
		expect(list.map((m) => m.kind)).toContain('session_reminder');
		const reminder = list.find((m) => m.kind === 'session_reminder')!;
		expect(reminder).toMatchObject({
			label: 'Next session reminder',
			edited: false,
			optional: true,
			template: DEFAULT_TEMPLATES.session_reminder
		});
		expect(reminder.placeholders).toContainEqual({
			name: 'date',
			meaning: 'the date the message is about',
			required: true
		});
		expect(reminder.preview.subject).toBe('Your next visit to Test clinic is due');
		expect(reminder.preview.text).toContain('Hello Ana,');
		expect(reminder.preview.text).toContain('due on 5 January 2027');
		expect(reminder.preview.text).toMatch(/https?:\/\/.*\/example/);
	});

	it('the owner rewords one; it is stored, audited, previewed and used for the next message', () => {
		const { clinicId, owner } = clinicWithOwner();
		writeTx(t.db, (tx) =>
			tx
				.update(clinic)
				.set({ settings: { reminderDaysBefore: 5 } })
				.where(eq(clinic.id, clinicId))
				.run()
		);
		saveMailTemplate(t.db, owner, 'password_reset', REWORDED);
		expect(stored(clinicId)).toEqual({
			reminderDaysBefore: 5,
			mailTemplates: { password_reset: REWORDED }
		});
		expect(changes()).toMatchObject([{ detail: 'password_reset', actorUserId: owner.user.id }]);
		const shown = messageTemplates(t.db, owner).find((m) => m.kind === 'password_reset')!;
		expect(shown).toMatchObject({ edited: true, template: REWORDED });
		expect(shown.preview.subject).toBe('A new password for Test clinic');
		const id = writeTx(t.db, (tx) =>
			queueMail(tx, {
				clinicId,
				kind: 'password_reset',
				to: 'ana@example.test',
				vars: { firstName: 'Ana', link: 'https://x.test/r', expires: '10:30' }
			})
		)!;
		expect(t.db.select().from(mailMessage).where(eq(mailMessage.id, id)).get()).toMatchObject({
			subject: 'A new password for Test clinic',
			textBody: 'Hi Ana!\n\nhttps://x.test/r\n\nBefore 10:30.'
		});
	});

	it('refuses a wording with an unknown placeholder or without its link, and saves nothing', () => {
		const { clinicId, owner } = clinicWithOwner();
		expect(() =>
			saveMailTemplate(t.db, owner, 'password_reset', { subject: 'Hi', body: '{link} {concern}' })
		).toThrow(TemplateRefused);
		expect(() =>
			saveMailTemplate(t.db, owner, 'patient_invitation', { subject: 'Hi', body: 'Welcome' })
		).toThrow('The message needs {link}');
		expect(stored(clinicId).mailTemplates).toBeUndefined();
		expect(changes()).toEqual([]);
	});

	it('refuses staff who are not the owner', () => {
		const { clinicId } = clinicWithOwner();
		expect(() => saveMailTemplate(t.db, frontDesk(clinicId), 'password_reset', REWORDED)).toThrow(
			TemplateRefused
		);
		expect(stored(clinicId).mailTemplates).toBeUndefined();
	});

	it('restores the default wording, and stores nothing for a wording equal to the default', () => {
		const { clinicId, owner } = clinicWithOwner();
		saveMailTemplate(t.db, owner, 'password_reset', REWORDED);
		saveMailTemplate(t.db, owner, 'photos_ready', {
			subject: 'New photos',
			body: 'Hello {firstName}\n\n{link}'
		});
		restoreMailTemplate(t.db, owner, 'password_reset');
		expect(Object.keys(stored(clinicId).mailTemplates!)).toEqual(['photos_ready']);
		saveMailTemplate(t.db, owner, 'photos_ready', DEFAULT_TEMPLATES.photos_ready);
		expect(stored(clinicId).mailTemplates).toEqual({});
		expect(changes()).toHaveLength(4);
	});
});
