import { eq } from 'drizzle-orm';
import { writeTx, type Db } from '../db/client';
import { clinic } from '../db/schema';
import { audit } from '../audit/audit';
import { can, type StaffActor } from '../auth/guard';
import { clinicSettings, getClinic } from '../clinic/clinic';
import { config } from '../platform/config';
import type { ClinicSettings } from '../../domain/clinic-settings';
import { MAIL_KINDS, MAIL_KIND_LABELS, type MailKind } from '../../domain/mail-kinds';
import { composeMail } from './compose';
import { isPatientNotice } from './outbox';
import {
	DEFAULT_TEMPLATES,
	KIND_PLACEHOLDERS,
	PLACEHOLDERS,
	REQUIRED_PLACEHOLDERS,
	templateProblem,
	type MailTemplate,
	type MailVars
} from './templates';

/** What the preview is filled with: plausible, and nobody's. */
export function sampleVars(clinicName: string): MailVars {
	return {
		firstName: 'Ana',
		clinicName,
		date: '5 January 2027',
		expires: '10:30 on 5 January 2027',
		role: 'a clinician',
		link: `${config.origin()}/…/example`
	};
}

/**
 * Every message the clinic sends, as it reads now: the wording (the owner's or the default),
 * what each placeholder stands for, and the message filled with sample values.
 */
export function messageTemplates(db: Db, actor: StaffActor) {
	if (!can(actor.user.role, 'mail.templates.read')) {
		return [];
	}
	const c = getClinic(db, actor.clinicId);
	const own = c ? clinicSettings(c).mailTemplates : {};
	const vars = sampleVars(c?.name ?? 'Your clinic');
	return MAIL_KINDS.map((kind) => {
		const template = own[kind] ?? DEFAULT_TEMPLATES[kind];
		const preview = composeMail(kind, vars, { template });
		return {
			kind,
			label: MAIL_KIND_LABELS[kind],
			template,
			edited: Boolean(own[kind]),
			placeholders: KIND_PLACEHOLDERS[kind].map((name) => ({
				name,
				meaning: PLACEHOLDERS[name],
				required: REQUIRED_PLACEHOLDERS[kind].includes(name)
			})),
			// patients can unsubscribe from these; the line is added when the message is queued
			optional: isPatientNotice(kind),
			preview: { subject: preview.subject, text: preview.text }
		};
	});
}

export class TemplateRefused extends Error {}

/**
 * The owner rewords one message. A wording that uses a placeholder the message is not given,
 * or leaves out its link, is refused and nothing is saved. A wording equal to the default is
 * not stored, so later improvements to the default still reach it.
 */
export function saveMailTemplate(
	db: Db,
	actor: StaffActor,
	kind: MailKind,
	template: MailTemplate
): void {
	if (!can(actor.user.role, 'mail.templates.edit')) {
		throw new TemplateRefused('Only the owner can reword the clinic’s messages.');
	}
	const problem = templateProblem(kind, template);
	if (problem) {
		throw new TemplateRefused(problem);
	}
	const same =
		template.subject === DEFAULT_TEMPLATES[kind].subject &&
		template.body === DEFAULT_TEMPLATES[kind].body;
	writeTemplates(db, actor, kind, same ? null : { subject: template.subject, body: template.body });
}

/** Back to the default wording of one message. */
export function restoreMailTemplate(db: Db, actor: StaffActor, kind: MailKind): void {
	if (!can(actor.user.role, 'mail.templates.edit')) {
		throw new TemplateRefused('Only the owner can reword the clinic’s messages.');
	}
	writeTemplates(db, actor, kind, null);
}

function writeTemplates(db: Db, actor: StaffActor, kind: MailKind, template: MailTemplate | null) {
	writeTx(db, (tx) => {
		// read inside the write lock: a settings save in between is not undone
		const c = tx.select().from(clinic).where(eq(clinic.id, actor.clinicId)).get();
		if (!c) {
			throw new TemplateRefused('The clinic is gone.');
		}
		const stored = c.settings as Partial<ClinicSettings>;
		const mailTemplates = { ...stored.mailTemplates };
		if (template) {
			mailTemplates[kind] = template;
		} else {
			delete mailTemplates[kind];
		}
		tx.update(clinic)
			.set({ settings: { ...stored, mailTemplates } })
			.where(eq(clinic.id, actor.clinicId))
			.run();
		audit(tx, {
			clinicId: actor.clinicId,
			actorUserId: actor.user.id,
			action: 'mail_template_change',
			targetType: 'clinic',
			targetId: actor.clinicId,
			ok: true,
			detail: template ? kind : `${kind} (default wording)`
		});
	});
}
