import { z } from 'zod';
import { CONSENT_SCOPES } from '../domain/consent';
import { nameField, type Parsed } from './validation';
import type { ConsentInput } from './consents';
import { endOfDayIn } from '../domain/clock';
import { parseIsoDate } from '../domain/schedule';

const PNG_DATA_URL = 'data:image/png;base64,';
const MAX_SIGNATURE_BYTES = 150_000;

/** A drawn signature as the pad sends it: a small PNG, checked by its magic bytes. */
const signature = z
	.string()
	.min(1, 'Ask the patient to sign in the signature box.')
	.refine((v) => v.startsWith(PNG_DATA_URL), 'The signature could not be read; sign again.')
	.refine(
		(v) => v.length <= (MAX_SIGNATURE_BYTES * 4) / 3 + PNG_DATA_URL.length,
		'The signature is too large.'
	)
	.refine((v) => {
		const bytes = Buffer.from(v.slice(PNG_DATA_URL.length), 'base64');
		return bytes.length > 8 && bytes.subarray(0, 8).equals(Buffer.from('89504e470d0a1a0a', 'hex'));
	}, 'The signature could not be read; sign again.');

const schema = z.object({
	scope: z.enum(CONSENT_SCOPES, 'Choose what the patient consents to.'),
	signedName: nameField("the signer's full name"),
	signature,
	expiresOn: z
		.string()
		.trim()
		.refine((v) => v === '' || isDay(v), 'Enter the expiry as a date.')
});

function isDay(v: string): boolean {
	try {
		parseIsoDate(v);
		return true;
	} catch {
		return false;
	}
}

/** The expiry date is a day on the clinic's calendar: the consent holds until that day ends. */
export function parseConsentForm(data: FormData, timeZone: string): Parsed<ConsentInput> {
	const result = schema.safeParse({
		scope: String(data.get('scope') ?? ''),
		signedName: String(data.get('signedName') ?? ''),
		signature: String(data.get('signature') ?? ''),
		expiresOn: String(data.get('expiresOn') ?? '')
	});
	if (!result.success) {
		const issue = result.error.issues[0];
		return { ok: false, message: issue.message, field: String(issue.path[0] ?? '') };
	}
	const { expiresOn, ...rest } = result.data;
	return {
		ok: true,
		data: { ...rest, expiresAt: expiresOn ? endOfDayIn(expiresOn, timeZone) : null }
	};
}
