/** How the front desk reached a patient about a due session, and what came of it, in words. */
export const CONTACT_CHANNEL_LABELS = {
	phone: 'Phone call',
	text: 'Text message',
	email: 'Email',
	in_person: 'In person'
} as const;
export type ContactChannel = keyof typeof CONTACT_CHANNEL_LABELS;

export const CONTACT_OUTCOME_LABELS = {
	booked: 'Booked',
	left_message: 'Left message',
	no_answer: 'No answer',
	will_call_back: 'Will call back',
	declined: 'Declined',
	wrong_number: 'Wrong number'
} as const;
export type ContactOutcome = keyof typeof CONTACT_OUTCOME_LABELS;

export const CONTACT_NOTE_MAX = 500;
