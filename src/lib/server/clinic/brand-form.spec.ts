import { describe, expect, it } from 'vitest';
import { parseClinicName, parseSettingsForm } from './settings-form';
import { DEFAULT_CLINIC_SETTINGS, type ClinicSettings } from '../../domain/clinic-settings';
import { AREAS } from '../../domain/concerns';

const CURRENT: ClinicSettings = { ...DEFAULT_CLINIC_SETTINGS, timeZone: 'UTC' };

function form(overrides: Record<string, string> = {}): FormData {
	const data = new FormData();
	data.set('defaultPlannedSessions', '4');
	data.set('defaultIntervalWeeks', '6');
	for (const a of AREAS) {
		data.set(`depth.${a}`, '1');
	}
	data.set('bookingUrl', '');
	data.set('timeZone', 'UTC');
	data.set('accentColor', CURRENT.accentColor);
	data.set('websiteUrl', '');
	for (const [k, v] of Object.entries(overrides)) {
		data.set(k, v);
	}
	return data;
}

describe('clinic settings form: brand', () => {
	it('stores a readable accent colour in lowercase', () => {
		const parsed = parseSettingsForm(form({ accentColor: ' #0B57D0 ' }), CURRENT);
		expect(parsed.ok && parsed.data.accentColor).toBe('#0b57d0');
	});

	it('refuses a colour white button text cannot be read on, naming the ratio', () => {
		const parsed = parseSettingsForm(form({ accentColor: '#f4a6b8' }), CURRENT);
		expect(parsed).toEqual({
			ok: false,
			field: 'accentColor',
			message: expect.stringMatching(/#f4a6b8 is too light: white button text and links .*4\.5:1/)
		});
	});

	it('refuses a colour that passes under white text but not as a link on the page background', () => {
		const parsed = parseSettingsForm(form({ accentColor: '#767676' }), CURRENT);
		expect(parsed).toMatchObject({
			ok: false,
			message: expect.stringMatching(/links on the page background would have 4\.11:1/)
		});
	});

	it('refuses what is not a hex colour, CSS injection included', () => {
		for (const bad of ['red', '#abc', '#1d5c63; background:url(x)', '']) {
			expect(parseSettingsForm(form({ accentColor: bad }), CURRENT)).toMatchObject({
				ok: false,
				message: expect.stringMatching(/six hex digits/)
			});
		}
	});

	it('takes the picker’s colour when the hex field was left as it was (no JavaScript)', () => {
		const parsed = parseSettingsForm(form({ accentPicked: '#2a4d8f' }), CURRENT);
		expect(parsed.ok && parsed.data.accentColor).toBe('#2a4d8f');
		const typed = parseSettingsForm(
			form({ accentColor: '#6b2a8f', accentPicked: '#2a4d8f' }),
			CURRENT
		);
		expect(typed.ok && typed.data.accentColor).toBe('#6b2a8f');
	});

	it('keeps colour and website when an older page sends neither', () => {
		const current = { ...CURRENT, accentColor: '#0b57d0', websiteUrl: 'https://clinic.example' };
		const data = form();
		data.delete('accentColor');
		data.delete('websiteUrl');
		const parsed = parseSettingsForm(data, current);
		expect(parsed.ok && [parsed.data.accentColor, parsed.data.websiteUrl]).toEqual([
			'#0b57d0',
			'https://clinic.example'
		]);
	});

	it('stores an https website, null for empty, and refuses http and javascript:', () => {
		const parsed = parseSettingsForm(form({ websiteUrl: 'https://glow.example/about' }), CURRENT);
		expect(parsed.ok && parsed.data.websiteUrl).toBe('https://glow.example/about');
		const empty = parseSettingsForm(form({ websiteUrl: '  ' }), CURRENT);
		expect(empty.ok && empty.data.websiteUrl).toBeNull();
		for (const bad of ['http://glow.example', 'javascript:alert(1)', 'glow.example']) {
			expect(parseSettingsForm(form({ websiteUrl: bad }), CURRENT)).toMatchObject({
				ok: false,
				field: 'websiteUrl',
				message: expect.stringMatching(/https:\/\//)
			});
		}
	});

	it('never lets the form set the logo: it changes only through the logo upload', () => {
		const current = { ...CURRENT, logo: { key: 'a'.repeat(32), width: 200, height: 80 } };
		const parsed = parseSettingsForm(form({ logo: 'x' }), current);
		expect(parsed.ok && parsed.data.logo).toEqual(current.logo);
	});
});

describe('clinic settings form: display name', () => {
	const named = (v: string) => {
		const d = new FormData();
		d.set('clinicName', v);
		return d;
	};

	it('trims and folds spaces, 2 to 80 characters', () => {
		expect(parseClinicName(named('  Glow   Skin  Studio '), 'Old')).toEqual({
			ok: true,
			data: 'Glow Skin Studio'
		});
		expect(parseClinicName(named('G'), 'Old')).toMatchObject({ ok: false, field: 'clinicName' });
		expect(parseClinicName(named('x'.repeat(81)), 'Old')).toMatchObject({
			ok: false,
			message: 'The clinic’s name: 2 to 80 characters.'
		});
	});

	it('keeps the name when an older page does not send it', () => {
		expect(parseClinicName(new FormData(), 'Old name')).toEqual({ ok: true, data: 'Old name' });
	});
});
