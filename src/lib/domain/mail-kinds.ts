/**
 * Every kind of message Resurface sends. None carries a photo, diagnosis, concern or treatment
 * detail: a first name, the clinic's name, a date and a link are enough.
 */
export const MAIL_KINDS = [
	'password_reset',
	'email_change_confirm',
	'email_change_notice',
	'patient_invitation',
	'staff_invitation',
	'session_reminder',
	'photos_ready'
] as const;
export type MailKind = (typeof MAIL_KINDS)[number];

/** The optional messages a patient may unsubscribe from, one click each. */
export const PATIENT_NOTICE_KINDS = ['session_reminder', 'photos_ready'] as const;
export type PatientNoticeKind = (typeof PATIENT_NOTICE_KINDS)[number];

export const MAIL_KIND_LABELS: Record<MailKind, string> = {
	password_reset: 'Password reset',
	email_change_confirm: 'Confirm new email address',
	email_change_notice: 'Email address changed (notice to the old address)',
	patient_invitation: 'Patient portal invitation',
	staff_invitation: 'Staff invitation',
	session_reminder: 'Next session reminder',
	photos_ready: 'New photos in the timeline'
};
