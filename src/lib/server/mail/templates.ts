import type { MailKind } from '../../domain/mail-kinds';

/**
 * The wording of each message, in the clinic's name. `{placeholders}` are filled when the
 * message is queued; none of them carries a photo, diagnosis, concern or treatment detail.
 * The owner may reword any template (Settings → Messages); the placeholders a message cannot
 * work without (its link) must stay.
 */
export interface MailTemplate {
	subject: string;
	/** plain text; a blank line starts a paragraph, and a paragraph that is only `{link}` becomes a button */
	body: string;
}

export type MailVars = Partial<Record<Placeholder, string>>;

export const PLACEHOLDERS = {
	firstName: 'the person’s first name',
	clinicName: 'the clinic’s name',
	link: 'the link the message is for',
	date: 'the date the message is about',
	expires: 'when the link stops working',
	role: 'the staff role offered'
} as const;
export type Placeholder = keyof typeof PLACEHOLDERS;

export const DEFAULT_TEMPLATES: Record<MailKind, MailTemplate> = {
	password_reset: {
		subject: 'Reset your {clinicName} password',
		body: `Hello {firstName},

Someone asked to reset the password of your {clinicName} account. To choose a new one, open this link:

{link}

The link works once, until {expires}. If you did not ask for this, you can ignore this message: your password stays as it is.`
	},
	email_change_confirm: {
		subject: 'Confirm your new email address for {clinicName}',
		body: `Hello {firstName},

Please confirm that this is the address you want to sign in to {clinicName} with:

{link}

The link works once, until {expires}. Until you confirm, your account keeps its old address.`
	},
	email_change_notice: {
		subject: 'Your {clinicName} sign-in address is changing',
		body: `Hello {firstName},

On {date} someone signed in to your {clinicName} account asked to change its email address. Once the new address is confirmed, you will sign in with it instead of this one.

If this was not you, please contact {clinicName} straight away.`
	},
	patient_invitation: {
		subject: 'Your private photo timeline at {clinicName}',
		body: `Hello {firstName},

{clinicName} has invited you to your own private timeline, where you can follow your results between visits. To set your password, open this link:

{link}

The invitation works once, until {expires}.`
	},
	staff_invitation: {
		subject: 'Join {clinicName} on Resurface',
		body: `Hello {firstName},

You have been invited to join {clinicName} as {role}. To set your password, open this link:

{link}

The invitation works once, until {expires}.`
	},
	session_reminder: {
		subject: 'Your next visit to {clinicName} is due',
		body: `Hello {firstName},

Your next session at {clinicName} is due on {date}. If you have not booked it yet:

{link}

We look forward to seeing you.`
	},
	photos_ready: {
		subject: 'New photos in your {clinicName} timeline',
		body: `Hello {firstName},

The photos from your visit on {date} are now in your private timeline:

{link}`
	}
};

/** What a message is useless without: a reset with no link cannot reset anything. */
export const REQUIRED_PLACEHOLDERS: Record<MailKind, Placeholder[]> = {
	password_reset: ['link'],
	email_change_confirm: ['link'],
	email_change_notice: [],
	patient_invitation: ['link'],
	staff_invitation: ['link'],
	session_reminder: ['date'],
	photos_ready: ['link']
};

/** The placeholders each kind is given; any other `{name}` in a reworded template is refused. */
export const KIND_PLACEHOLDERS: Record<MailKind, Placeholder[]> = {
	password_reset: ['firstName', 'clinicName', 'link', 'expires'],
	email_change_confirm: ['firstName', 'clinicName', 'link', 'expires'],
	email_change_notice: ['firstName', 'clinicName', 'date'],
	patient_invitation: ['firstName', 'clinicName', 'link', 'expires'],
	staff_invitation: ['firstName', 'clinicName', 'link', 'expires', 'role'],
	session_reminder: ['firstName', 'clinicName', 'date', 'link'],
	photos_ready: ['firstName', 'clinicName', 'date', 'link']
};

/** The placeholders a template uses, in order of appearance. */
export function placeholdersIn(text: string): string[] {
	return [...text.matchAll(/\{([a-zA-Z]+)\}/g)].map((m) => m[1]);
}

/** Why a reworded template cannot be used, or null when it can. */
export function templateProblem(kind: MailKind, t: MailTemplate): string | null {
	const allowed = KIND_PLACEHOLDERS[kind] as string[];
	const used = [...placeholdersIn(t.subject), ...placeholdersIn(t.body)];
	const unknown = used.find((p) => !allowed.includes(p));
	if (unknown) {
		return `{${unknown}} is not available in this message. Use ${allowed.map((p) => `{${p}}`).join(', ')}.`;
	}
	const missing = REQUIRED_PLACEHOLDERS[kind].find((p) => !placeholdersIn(t.body).includes(p));
	if (missing) {
		return `The message needs {${missing}}: without it, it is no use to the person who gets it.`;
	}
	if (!t.subject.trim() || !t.body.trim()) {
		return 'A message needs a subject and a text.';
	}
	return null;
}
