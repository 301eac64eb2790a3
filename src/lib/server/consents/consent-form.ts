import { z } from 'zod';
import { CONSENT_SCOPES, type ConsentScope } from '../../domain/consent';
import { nameField, type Parsed } from '../http/validation';
import type { ConsentsInput } from './consents';
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
	// checked before the signature, so an empty tick list is the message the signer sees first
	scopes: z
		.array(
			z
				.string()
				.refine(
					(s) => (CONSENT_SCOPES as readonly string[]).includes(s),
					'There is no such consent to record.'
				)
		)
		.min(1, 'Tick at least one thing the patient consents to.')
		.transform((list) => [...new Set(list)] as ConsentScope[]),
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

/**
 * One signing for the scopes ticked (each a `scopes` checkbox). The expiry date is a day on the
 * clinic's calendar: the consents hold until that day ends.
 */
export async function parseConsentForm(
	data: FormData,
	timeZone: string
): Promise<Parsed<ConsentsInput>> {
	const result = await schema.safeParseAsync({
		scopes: data.getAll('scopes').map(String),
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
