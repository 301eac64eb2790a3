import { describe, expect, it } from 'vitest';
import { PERMISSIONS, can, permissionsOf, requireUser } from './guard';
import type { User } from '../db/schema';

describe('role permissions', () => {
	it('front desk handles patients, consents and the schedule but no photos or clinical notes', () => {
		for (const p of ['patient.read', 'patient.write', 'consent.record', 'schedule.read'] as const) {
			expect(can('frontdesk', p)).toBe(true);
		}
		for (const p of ['photo.read', 'photo.write', 'clinical.read', 'gallery.publish'] as const) {
			expect(can('frontdesk', p)).toBe(false);
		}
	});

	it('only the owner manages staff and reads the audit log', () => {
		expect(can('owner', 'staff.manage')).toBe(true);
		expect(can('owner', 'audit.read')).toBe(true);
		expect(can('clinician', 'staff.manage')).toBe(false);
		expect(can('clinician', 'audit.read')).toBe(false);
	});

	it('a patient holds no staff permission at all', () => {
		for (const p of Object.keys(PERMISSIONS) as (keyof typeof PERMISSIONS)[]) {
			expect(can('patient', p)).toBe(false);
		}
	});

	it('hands each role exactly the permissions can() grants it, for the header and pages', () => {
		expect(permissionsOf('patient')).toEqual([]);
		expect(permissionsOf('owner')).toEqual(Object.keys(PERMISSIONS));
		expect(permissionsOf('frontdesk')).toEqual([
			'patient.read',
			'patient.write',
			'patient.invite',
			'consent.record',
			'schedule.read',
			'mail.templates.read'
		]);
		expect(permissionsOf('frontdesk')).not.toContain('mail.outbox');
		expect(permissionsOf('clinician')).not.toContain('mail.templates.edit');
		expect(permissionsOf('clinician')).not.toContain('staff.manage');
		expect(permissionsOf('clinician')).toContain('gallery.publish');
	});
});

describe('requireUser under the clinic two-step policy', () => {
	const person = { id: 'u1', role: 'frontdesk' } as User;
	const event = (path: string, mustEnrol: boolean) => ({
		url: new URL(`http://localhost${path}`),
		locals: { user: person, mustEnrol } as unknown as App.Locals
	});
	const thrown = (fn: () => unknown) => {
		try {
			fn();
		} catch (e) {
			return e as { status: number; location: string };
		}
		return null;
	};

	it('sends a held-back person to enrolment, keeping where they were going', () => {
		expect(thrown(() => requireUser(event('/clinic/patients?q=ana', true)))).toMatchObject({
			status: 303,
			location: '/account/two-factor?required=1&next=%2Fclinic%2Fpatients%3Fq%3Dana'
		});
	});

	it('lets them through to enrolment and to proving themself again, nothing else', () => {
		expect(requireUser(event('/account/two-factor', true))).toBe(person);
		expect(requireUser(event('/account/two-factor/passkeys', true))).toBe(person);
		expect(requireUser(event('/account/step-up', true))).toBe(person);
		expect(thrown(() => requireUser(event('/account/two-factor-other', true)))).not.toBeNull();
		expect(thrown(() => requireUser(event('/account/password', true)))).not.toBeNull();
		expect(requireUser(event('/account/password', false))).toBe(person);
	});
});
