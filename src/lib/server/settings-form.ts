import { z } from 'zod';
import { AREAS } from '../domain/concerns';
import type { ClinicSettings } from '../domain/clinic-settings';
import type { Parsed } from './validation';

const depth = z.coerce
	.number('Enter depths in millimetres.')
	.min(0.25, 'Depths must be between 0.25 and 2.5 mm.')
	.max(2.5, 'Depths must be between 0.25 and 2.5 mm.');

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
	depthPresets: z.record(z.string(), depth),
	bookingUrl: z.union([
		z.literal('').transform(() => null),
		z.url({ protocol: /^https?$/, error: 'Enter the booking link as a web address (https://…).' })
	])
});

export function parseSettingsForm(data: FormData, current: ClinicSettings): Parsed<ClinicSettings> {
	const result = schema.safeParse({
		defaultPlannedSessions: data.get('defaultPlannedSessions'),
		defaultIntervalWeeks: data.get('defaultIntervalWeeks'),
		depthPresets: Object.fromEntries(AREAS.map((a) => [a, data.get(`depth.${a}`)])),
		bookingUrl: String(data.get('bookingUrl') ?? '').trim()
	});
	if (!result.success) {
		const issue = result.error.issues[0];
		return { ok: false, message: issue.message, field: String(issue.path[0] ?? '') };
	}
	return { ok: true, data: { ...current, ...result.data } };
}
