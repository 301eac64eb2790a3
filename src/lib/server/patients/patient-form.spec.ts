import { describe, expect, it } from 'vitest';
import { parsePatientForm } from './patient-form';

const form = (fields: Record<string, string>) => {
	const data = new FormData();
	for (const [k, v] of Object.entries(fields)) {
		data.set(k, v);
	}
	return data;
};

describe('the patient form’s phone number', () => {
	it('is optional', () => {
		const r = parsePatientForm(form({ displayName: 'Ann', phone: '  ' }), 'GB');
		expect(r.ok && r.data.phone).toBeNull();
	});

	it('is kept in E.164, read in the clinic’s country when typed without +', () => {
		const local = parsePatientForm(form({ displayName: 'Ann', phone: '020 7946 0123' }), 'GB');
		expect(local.ok && local.data.phone).toBe('+442079460123');
		const us = parsePatientForm(form({ displayName: 'Ann', phone: '+1 202-555-0123' }), 'GB');
		expect(us.ok && us.data.phone).toBe('+12025550123');
	});

	it('refuses a number that is not one, naming the field', () => {
		const r = parsePatientForm(form({ displayName: 'Ann', phone: '020 7946' }), 'GB');
		expect(r).toEqual({
			ok: false,
			field: 'phone',
			message:
				'020 7946 is not a valid United Kingdom phone number. Check the digits, or start with + and the country code.'
		});
	});

	it('asks for + when the clinic has no country for local numbers', () => {
		const r = parsePatientForm(form({ displayName: 'Ann', phone: '020 7946 0123' }), null);
		expect(r).toMatchObject({ ok: false, field: 'phone' });
		const intl = parsePatientForm(form({ displayName: 'Ann', phone: '+44 20 7946 0123' }), null);
		expect(intl.ok && intl.data.phone).toBe('+442079460123');
	});
});
