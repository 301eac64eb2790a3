export const ROLES = ['owner', 'clinician', 'frontdesk', 'patient'] as const;
export type Role = (typeof ROLES)[number];

export const STAFF_ROLES = ['owner', 'clinician', 'frontdesk'] as const satisfies readonly Role[];
export type StaffRole = (typeof STAFF_ROLES)[number];

export function isStaffRole(role: string): role is StaffRole {
	return (STAFF_ROLES as readonly string[]).includes(role);
}

export const ROLE_LABELS: Record<Role, string> = {
	owner: 'Owner',
	clinician: 'Clinician',
	frontdesk: 'Front desk',
	patient: 'Patient'
};

/** Where each kind of user lands after signing in. */
export function homePath(role: Role): string {
	return role === 'patient' ? '/me' : '/clinic';
}
