import { describe, expect, it } from 'vitest';
import { parseSettingsForm } from './settings-form';
import { DEFAULT_CLINIC_SETTINGS, type ClinicSettings } from '../../domain/clinic-settings';
import { AREAS } from '../../domain/concerns';
import { DEFAULT_PHASE_WORDING, PHASES } from '../../domain/healing';

const CURRENT: ClinicSettings = { ...DEFAULT_CLINIC_SETTINGS, timeZone: 'UTC' };

/** The settings form as the page submits it: every field present, wording prefilled. */
function form(overrides: Record<string, string> = {}): FormData {
	const data = new FormData();
	data.set('defaultPlannedSessions', '4');
	data.set('defaultIntervalWeeks', '6');
	for (const a of AREAS) {
		data.set(`depth.${a}`, '1');
	}
	for (const p of PHASES) {
		data.set(`phase.${p}.title`, DEFAULT_PHASE_WORDING[p].title);
		data.set(`phase.${p}.advice`, DEFAULT_PHASE_WORDING[p].advice);
	}
	data.set('bookingUrl', '');
	data.set('timeZone', 'UTC');
	for (const [k, v] of Object.entries(overrides)) {
		data.set(k, v);
	}
	return data;
}

describe('clinic settings form: healing wording', () => {
	it('stores nothing when the wording is left as it was', () => {
		const parsed = parseSettingsForm(form(), CURRENT);
		expect(parsed.ok && parsed.data.healingWording).toEqual({});
	});

	it('stores only the phases the clinic changed, trimmed', () => {
		const parsed = parseSettingsForm(
			form({
				'phase.remodelling.title': '  Building collagen ',
				'phase.flaking.advice': 'Use the balm we gave you.'
			}),
			CURRENT
		);
		expect(parsed.ok && parsed.data.healingWording).toEqual({
			remodelling: { title: 'Building collagen', advice: DEFAULT_PHASE_WORDING.remodelling.advice },
			flaking: { title: DEFAULT_PHASE_WORDING.flaking.title, advice: 'Use the balm we gave you.' }
		});
	});

	it('an emptied field goes back to the standard wording', () => {
		const current = {
			...CURRENT,
			healingWording: { redness: { title: 'Pink', advice: 'Rest.' } }
		};
		const parsed = parseSettingsForm(
			form({ 'phase.redness.title': '', 'phase.redness.advice': ' ' }),
			current
		);
		expect(parsed.ok && parsed.data.healingWording).toEqual({});
	});

	it('refuses advice longer than 600 characters with a message', () => {
		const parsed = parseSettingsForm(form({ 'phase.settled.advice': 'x'.repeat(601) }), CURRENT);
		expect(parsed).toMatchObject({ ok: false, message: expect.stringMatching(/600 characters/) });
	});
});

describe('clinic settings form: time zone', () => {
	it('stores the zone picked, in the runtime’s own spelling', () => {
		expect(parseSettingsForm(form({ timeZone: 'Australia/Sydney' }), CURRENT)).toMatchObject({
			ok: true,
			data: { timeZone: 'Australia/Sydney' }
		});
		expect(parseSettingsForm(form({ timeZone: 'america/los_angeles' }), CURRENT)).toMatchObject({
			ok: true,
			data: { timeZone: 'America/Los_Angeles' }
		});
	});

	it.each(['Mars/Olympus_Mons', '+05:30', 'Europe/London; drop table', ''])(
		'refuses %j with a message naming the problem',
		(zone) => {
			const parsed = parseSettingsForm(form({ timeZone: zone }), CURRENT);
			expect(parsed).toMatchObject({
				ok: false,
				field: 'timeZone',
				message: expect.stringMatching(/time zone/)
			});
		}
	);

	it('refuses a form without the zone rather than keeping a silent default', () => {
		const data = form();
		data.delete('timeZone');
		expect(parseSettingsForm(data, CURRENT)).toMatchObject({ ok: false, field: 'timeZone' });
	});
});

describe('clinic settings form: reminders', () => {
	it('takes 0 to 14 days, 0 turning reminders off', () => {
		for (const [given, days] of [
			['0', 0],
			['3', 3],
			[' 14 ', 14]
		] as const) {
			const parsed = parseSettingsForm(form({ reminderDaysBefore: given }), CURRENT);
			expect(parsed.ok && parsed.data.reminderDaysBefore).toBe(days);
		}
	});

	it('refuses anything else, naming the field', () => {
		for (const given of ['15', '-1', '2.5', '', 'three', '1e1']) {
			const parsed = parseSettingsForm(form({ reminderDaysBefore: given }), CURRENT);
			expect(parsed).toMatchObject({ ok: false, field: 'reminderDaysBefore' });
			expect(!parsed.ok && parsed.message).toMatch(/0 to 14 days/);
		}
	});

	it('a form without the field leaves the clinic’s choice as it was', () => {
		const parsed = parseSettingsForm(form(), { ...CURRENT, reminderDaysBefore: 7 });
		expect(parsed.ok && parsed.data.reminderDaysBefore).toBe(7);
	});
});

describe('clinic settings form: the country for local phone numbers', () => {
	it('stores a known country, or null to follow the time zone', () => {
		const gb = parseSettingsForm(form({ phoneCountry: 'gb' }), CURRENT);
		expect(gb.ok && gb.data.phoneCountry).toBe('GB');
		const none = parseSettingsForm(form({ phoneCountry: '' }), { ...CURRENT, phoneCountry: 'GB' });
		expect(none.ok && none.data.phoneCountry).toBeNull();
	});

	it('refuses a code that is no country', () => {
		expect(parseSettingsForm(form({ phoneCountry: 'UK' }), CURRENT)).toMatchObject({
			ok: false,
			field: 'phoneCountry'
		});
	});

	it('keeps the country when an older page sends no such field', () => {
		const kept = parseSettingsForm(form(), { ...CURRENT, phoneCountry: 'IE' });
		expect(kept.ok && kept.data.phoneCountry).toBe('IE');
	});
});

describe('clinic settings form: how long records are kept before erasure', () => {
	it('is off by default; 1 to 100 years turns it on, an empty field off', () => {
		const off = parseSettingsForm(form(), CURRENT);
		expect(off.ok && off.data.erasureRetentionYears).toBeNull();
		for (const [given, years] of [
			['1', 1],
			[' 10 ', 10],
			['100', 100],
			['', null]
		] as const) {
			const parsed = parseSettingsForm(form({ erasureRetentionYears: given }), {
				...CURRENT,
				erasureRetentionYears: 7
			});
			expect(parsed.ok && parsed.data.erasureRetentionYears).toBe(years);
		}
	});

	it('refuses anything else, naming the field', () => {
		for (const given of ['0', '101', '2.5', '-3', 'ten']) {
			const parsed = parseSettingsForm(form({ erasureRetentionYears: given }), CURRENT);
			expect(parsed).toMatchObject({ ok: false, field: 'erasureRetentionYears' });
			expect(!parsed.ok && parsed.message).toMatch(/1 to 100 years/);
		}
	});

	it('keeps the period when an older page sends no such field', () => {
		const kept = parseSettingsForm(form(), { ...CURRENT, erasureRetentionYears: 10 });
		expect(kept.ok && kept.data.erasureRetentionYears).toBe(10);
	});
});
