import { error, redirect, type RequestEvent } from '@sveltejs/kit';
import { and, eq, isNull } from 'drizzle-orm';
import type { Role, StaffRole } from '../../domain/roles';
import { isStaffRole } from '../../domain/roles';
import type { Db } from '../db/client';
import { patient, photo, type Patient, type Photo, type User } from '../db/schema';
import { safeNextPath } from './redirect';
import { ENROL_PATH, isEnrolmentPath } from './enrolment-policy';

/**
 * The one place where role and ownership rules are written. Every load, action and endpoint
 * calls into this module; a layout load is not a gate because it does not re-run on every
 * client navigation.
 */

const ALL_STAFF: readonly StaffRole[] = ['owner', 'clinician', 'frontdesk'];
const CLINICAL: readonly StaffRole[] = ['owner', 'clinician'];

/**
 * What each staff role may do, on the "minimum necessary" principle (README, "Where each rule
 * lives").
 */
export const PERMISSIONS = {
	'staff.manage': ['owner'],
	'clinic.settings': ['owner'],
	'audit.read': ['owner'],
	'patient.read': ALL_STAFF,
	'patient.write': ALL_STAFF,
	// Everyone may send a portal invitation by email to the address on file; only a role with
	// photo access may be shown the link to hand over in person (invitations.ts).
	'patient.invite': ALL_STAFF,
	'portal.manage': CLINICAL,
	'consent.record': ALL_STAFF,
	'schedule.read': ALL_STAFF,
	'clinical.read': CLINICAL,
	'clinical.write': CLINICAL,
	'photo.read': CLINICAL,
	'photo.write': CLINICAL,
	'gallery.publish': CLINICAL,
	// The outbox lists every message (recipients, subjects, failures), never a body or a link.
	'mail.outbox': ['owner'],
	// Every staff member may read what the clinic's messages say; only the owner rewords them.
	'mail.templates.read': ALL_STAFF,
	'mail.templates.edit': ['owner'],
	'patient.erase': ['owner']
} as const satisfies Record<string, readonly StaffRole[]>;

export type Permission = keyof typeof PERMISSIONS;

export function can(role: Role, permission: Permission): boolean {
	return isStaffRole(role) && (PERMISSIONS[permission] as readonly string[]).includes(role);
}

/**
 * Everything a role may do, for pages to decide which controls and links to show (the root
 * layout hands it to every page). Showing is not allowing: each load and action still asks.
 */
export function permissionsOf(role: Role): Permission[] {
	return (Object.keys(PERMISSIONS) as Permission[]).filter((p) => can(role, p));
}

export interface StaffActor {
	user: User & { role: StaffRole };
	clinicId: string;
}
export interface PatientActor {
	user: User & { role: 'patient' };
	clinicId: string;
	patient: Patient;
}
export type Actor = StaffActor | PatientActor;

type Event = Pick<RequestEvent, 'locals' | 'url'>;

/**
 * Not signed in: send the person to sign in and bring them back afterwards. Signed in but held
 * back by the clinic's two-step policy (hooks.server.ts sets `mustEnrol`): send them to set up a
 * factor first, and bring them back afterwards — every page, action and file below asks here,
 * so nothing else can be done first. The enrolment pages themselves are let through.
 */
export function requireUser(event: Event): User {
	const user = event.locals.user;
	// the same rule that sign-in follows: a path it would refuse is not offered
	const next = () => safeNextPath(event.url.pathname + event.url.search, event.url.origin, '');
	if (!user) {
		const back = next();
		redirect(303, back ? `/login?next=${encodeURIComponent(back)}` : '/login');
	}
	if (event.locals.mustEnrol && !isEnrolmentPath(event.url.pathname)) {
		const back = next();
		redirect(303, `${ENROL_PATH}?required=1${back ? `&next=${encodeURIComponent(back)}` : ''}`);
	}
	return user;
}

export function notFound(): never {
	error(404, 'Not found');
}

/** Staff of any role (and, with a permission, only the roles that hold it); others get 404. */
export function requireStaff(event: Event, permission?: Permission): StaffActor {
	const user = requireUser(event);
	if (!isStaffRole(user.role)) {
		notFound();
	}
	if (permission && !can(user.role, permission)) {
		notFound();
	}
	return { user: user as StaffActor['user'], clinicId: user.clinicId };
}

export function requirePatient(db: Db, event: Event): PatientActor {
	const user = requireUser(event);
	if (user.role !== 'patient') {
		notFound();
	}
	const own = db.select().from(patient).where(eq(patient.userId, user.id)).get();
	if (!own || own.clinicId !== user.clinicId) {
		notFound();
	}
	return { user: user as PatientActor['user'], clinicId: user.clinicId, patient: own };
}

export function requireActor(db: Db, event: Event): Actor {
	const user = requireUser(event);
	return user.role === 'patient' ? requirePatient(db, event) : requireStaff(event);
}

/**
 * A patient record the actor may see: staff of the same clinic holding `permission`, or the
 * patient themself. Anything else — another clinic, another patient, a wrong id — is 404.
 */
export function requirePatientAccess(
	db: Db,
	actor: Actor,
	patientId: string,
	permission: Permission = 'patient.read'
): Patient {
	if ('patient' in actor) {
		if (actor.patient.id !== patientId) {
			notFound();
		}
		return actor.patient;
	}
	if (!can(actor.user.role, permission)) {
		notFound();
	}
	const found = db
		.select()
		.from(patient)
		.where(and(eq(patient.id, patientId), eq(patient.clinicId, actor.clinicId)))
		.get();
	if (!found) {
		notFound();
	}
	return found;
}

/**
 * A photo the actor may see (its variants and its original): clinical staff of the photo's
 * clinic, or the patient it shows. Checked before any file is touched; otherwise 404.
 */
export function requirePhotoAccess(db: Db, actor: Actor, photoId: string): Photo {
	const found = db
		.select()
		.from(photo)
		.where(and(eq(photo.id, photoId), isNull(photo.deletedAt)))
		.get();
	if (!found || found.clinicId !== actor.clinicId) {
		notFound();
	}
	if ('patient' in actor) {
		if (found.patientId !== actor.patient.id) {
			notFound();
		}
	} else if (!can(actor.user.role, 'photo.read')) {
		notFound();
	}
	return found;
}

/** Like requireActor, but a signed-out visitor gets 404 instead of a sign-in redirect. */
export function actorOrNotFound(db: Db, event: Event): Actor {
	if (!event.locals.user) {
		notFound();
	}
	return requireActor(db, event);
}
