import { z } from 'zod';
import { AREAS } from '../../domain/concerns';
import {
	CLINIC_NAME_MAX,
	CLINIC_NAME_MIN,
	type ClinicSettings
} from '../../domain/clinic-settings';
import { accentProblem, normalizeHex } from '../../domain/accent';
import { knownTimeZone } from '../../domain/clock';
import { phoneCountryCode } from '../../domain/phone';
import { DEFAULT_PHASE_WORDING, PHASES, type Phase, type PhaseWording } from '../../domain/healing';
import type { Parsed } from '../http/validation';

const depth = z.coerce
	.number('Enter depths in millimetres.')
	.min(0.25, 'Depths must be between 0.25 and 2.5 mm.')
	.max(2.5, 'Depths must be between 0.25 and 2.5 mm.');

const REMINDER_RANGE = 'Reminders: 0 to 14 days before a session is due (0 turns them off).';

const RETENTION_RANGE = 'Keep records for 1 to 100 years, or leave the field empty to turn it off.';

const schema = z.object({
	defaultPlannedSessions: z.coerce
		.number()
		.int()
		.min(1, 'Sessions: 1 to 12.')
		.max(12, 'Sessions: 1 to 12.'),
	defaultIntervalWeeks: z.coerce
		.number()
		.int()
		.min(1, 'Interval: 1 to 52 weeks.')
		.max(52, 'Interval: 1 to 52 weeks.'),
	reminderDaysBefore: z.coerce
		.string()
		.trim()
		.regex(/^\d{1,2}$/, REMINDER_RANGE)
		.transform(Number)
		.pipe(z.number().max(14, REMINDER_RANGE)),
	depthPresets: z.record(z.string(), depth),
	healingWording: z.record(
		z.string(),
		z.object({
			title: z.string().trim().max(80, 'Keep each phase title under 80 characters.'),
			advice: z.string().trim().max(600, 'Keep each phase’s advice under 600 characters.')
		})
	),
	timeZone: z
		.string('Choose the clinic’s time zone.')
		.trim()
		.min(1, 'Choose the clinic’s time zone.')
		.transform((name, ctx) => {
			const zone = knownTimeZone(name);
			if (!zone) {
				ctx.addIssue({
					code: 'custom',
					message: `“${name.slice(0, 64)}” is not a time zone this server knows. Choose one from the list, such as Australia/Sydney.`
				});
				return z.NEVER;
			}
			return zone;
		}),
	// '' leaves it to the time zone (domain/phone.ts)
	phoneCountry: z
		.string()
		.trim()
		.transform((v, ctx) => {
			if (v === '') {
				return null;
			}
			const code = phoneCountryCode(v);
			if (!code) {
				ctx.addIssue({
					code: 'custom',
					message: 'Choose the country for local phone numbers from the list.'
				});
				return z.NEVER;
			}
			return code;
		}),
	// '' turns it off: erasure is then allowed at any age
	erasureRetentionYears: z
		.string()
		.trim()
		.regex(/^\d{0,3}$/, RETENTION_RANGE)
		.transform((v) => (v === '' ? null : Number(v)))
		.pipe(z.number().min(1, RETENTION_RANGE).max(100, RETENTION_RANGE).nullable()),
	bookingUrl: z.union([
		z.literal('').transform(() => null),
		z.url({ protocol: /^https?$/, error: 'Enter the booking link as a web address (https://…).' })
	]),
	// checked for both places it is used: under white button text and as link text
	accentColor: z
		.string()
		.trim()
		.transform((v, ctx) => {
			const problem = accentProblem(v);
			if (problem) {
				ctx.addIssue({ code: 'custom', message: problem });
				return z.NEVER;
			}
			return normalizeHex(v) as string;
		}),
	// https only: the link sits on pages patients trust, so no plain-http or script address
	websiteUrl: z.union([
		z.literal('').transform(() => null),
		z
			.url({
				protocol: /^https$/,
				error: 'Enter the clinic’s website as an https:// address, such as https://example.com.'
			})
			.max(300, 'Keep the website address under 300 characters.')
	])
});

const NAME_LENGTH = `The clinic’s name: ${CLINIC_NAME_MIN} to ${CLINIC_NAME_MAX} characters.`;

const nameSchema = z
	.string()
	.trim()
	.transform((v) => v.replace(/\s+/g, ' '))
	.pipe(z.string().min(CLINIC_NAME_MIN, NAME_LENGTH).max(CLINIC_NAME_MAX, NAME_LENGTH));

/**
 * The clinic's display name (a column, not a setting). A form without the field (an older page
 * still open) leaves it as it was.
 */
export function parseClinicName(data: FormData, current: string): Parsed<string> {
	if (!data.has('clinicName')) {
		return { ok: true, data: current };
	}
	const result = nameSchema.safeParse(text(data, 'clinicName'));
	return result.success
		? { ok: true, data: result.data }
		: { ok: false, message: result.error.issues[0].message, field: 'clinicName' };
}

export function parseSettingsForm(data: FormData, current: ClinicSettings): Parsed<ClinicSettings> {
	const result = schema.safeParse({
		defaultPlannedSessions: data.get('defaultPlannedSessions'),
		defaultIntervalWeeks: data.get('defaultIntervalWeeks'),
		// a form without the field (an older page still open) leaves reminders as they were
		reminderDaysBefore: data.get('reminderDaysBefore') ?? current.reminderDaysBefore,
		depthPresets: Object.fromEntries(AREAS.map((a) => [a, data.get(`depth.${a}`)])),
		healingWording: Object.fromEntries(
			PHASES.map((p) => [
				p,
				{ title: text(data, `phase.${p}.title`), advice: text(data, `phase.${p}.advice`) }
			])
		),
		bookingUrl: text(data, 'bookingUrl'),
		// a form without the field (an older page still open) leaves the period as it was
		erasureRetentionYears: data.has('erasureRetentionYears')
			? text(data, 'erasureRetentionYears')
			: String(current.erasureRetentionYears ?? ''),
		timeZone: data.get('timeZone') ?? undefined,
		// forms without the brand fields (an older page still open) leave them as they were
		accentColor: submittedAccent(data, current.accentColor),
		websiteUrl: data.has('websiteUrl') ? text(data, 'websiteUrl') : (current.websiteUrl ?? ''),
		// a form without the field (an older page still open) leaves the country as it was
		phoneCountry: data.has('phoneCountry')
			? text(data, 'phoneCountry')
			: (current.phoneCountry ?? '')
	});
	if (!result.success) {
		const issue = result.error.issues[0];
		return { ok: false, message: issue.message, field: String(issue.path[0] ?? '') };
	}
	return {
		ok: true,
		data: { ...current, ...result.data, healingWording: changedWording(result.data.healingWording) }
	};
}

/**
 * The typed hex wins when it was changed; otherwise the colour picker's choice, which is all a
 * page without JavaScript can send (the two are kept in step in the browser only).
 */
function submittedAccent(data: FormData, current: string): string {
	const typed = data.has('accentColor') ? text(data, 'accentColor') : current;
	const picked = text(data, 'accentPicked');
	return typed.toLowerCase() === current.toLowerCase() && picked ? picked : typed;
}

function text(data: FormData, name: string): string {
	const value = data.get(name);
	return typeof value === 'string' ? value.trim() : '';
}

/**
 * Keeps only what differs from the default wording: an emptied field goes back to the default,
 * and phases left as they were keep following any later improvement of the defaults.
 */
function changedWording(
	submitted: Record<string, { title: string; advice: string }>
): Partial<Record<Phase, PhaseWording>> {
	const changed: Partial<Record<Phase, PhaseWording>> = {};
	for (const p of PHASES) {
		const given = submitted[p];
		const title = given?.title || DEFAULT_PHASE_WORDING[p].title;
		const advice = given?.advice || DEFAULT_PHASE_WORDING[p].advice;
		if (title !== DEFAULT_PHASE_WORDING[p].title || advice !== DEFAULT_PHASE_WORDING[p].advice) {
			changed[p] = { title, advice };
		}
	}
	return changed;
}
