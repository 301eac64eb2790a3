import { describe, expect, it } from 'vitest';
import { PERMISSIONS, can, permissionsOf } from './guard';

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
