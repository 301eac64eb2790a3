// People that access tests add to the demo: a second patient with an account of their own,
// and the owner of a second clinic. Both are made straight in the database (the invitation
// and setup flows have their own tests).
import type { App } from './app';
import { eq, ne } from 'drizzle-orm';
import { jordanOf } from './demo-records';
import { patient, user, type Patient } from '../../src/lib/server/db/schema';
import { createClinic } from '../../src/lib/server/clinic/clinic';
import {
	acceptInvitation,
	handOverPatientLink
} from '../../src/lib/server/invitations/invitations';
import type { StaffActor } from '../../src/lib/server/auth/guard';

/** Gives an existing patient of the demo clinic a sign-in with this email. */
export async function givePatientAccount(
	demo: App,
	p: Pick<Patient, 'id' | 'clinicId' | 'displayName'>,
	email: string,
	password = 'patient-password-long'
): Promise<void> {
	const ownerId = demo.db.$client
		.prepare("select id from user where role = 'owner' and clinic_id = ?")
		.pluck()
		.get(p.clinicId) as string;
	const owner = demo.db.select().from(user).where(eq(user.id, ownerId)).get();
	const actor = { user: owner, clinicId: p.clinicId } as StaffActor;
	// The invitation goes to the address on file, so that is where the email is set.
	demo.db.update(patient).set({ email }).where(eq(patient.id, p.id)).run();
	const row = demo.db.select().from(patient).where(eq(patient.id, p.id)).get()!;
	const { token } = handOverPatientLink(demo.db, actor, row);
	await acceptInvitation(demo.db, token, password);
}

/** A second clinic with its owner, signed in as `owner@elsewhere.test` by default. */
export async function addOtherClinic(demo: App, slug = 'elsewhere'): Promise<string> {
	const email = `owner@${slug}.test`;
	await createClinic(demo.db, {
		clinicName: 'Elsewhere Skin',
		slug,
		ownerName: 'Eve',
		email,
		password: `${slug}-password`
	});
	return email;
}

/** The outsiders to Jordan's private files: another demo patient with an account of their own
 * (`other-patient@demo.test`) and the owner of a second clinic (`owner@elsewhere.test`). */
export async function addOutsiders(demo: App) {
	const jordan = jordanOf(demo);
	const other = demo.db.select().from(patient).where(ne(patient.id, jordan.id)).get()!;
	await givePatientAccount(demo, other, 'other-patient@demo.test', 'other-patient-password');
	await addOtherClinic(demo, 'elsewhere');
	return { jordan, other };
}
