import { z } from 'zod';
import { CONSENT_SCOPES } from '../../domain/consent';
import { nameField, type Parsed } from '../http/validation';
import type { ConsentInput } from './consents';
import { checkSignatureDataUrl } from './signature-png';
import { endOfDayIn } from '../../domain/clock';
import { parseIsoDate } from '../../domain/schedule';

/** A drawn signature as the pad sends it: a small PNG, decoded whole before it is kept. */
const signature = z
	.string()
	.min(1, 'Ask the patient to sign in the signature box.')
	.superRefine(async (value, ctx) => {
		const checked = await checkSignatureDataUrl(value);
		if (!checked.ok) {
			ctx.addIssue({ code: 'custom', message: checked.message });
		}
	});

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
export async function parseConsentForm(
	data: FormData,
	timeZone: string
): Promise<Parsed<ConsentInput>> {
	const result = await schema.safeParseAsync({
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
