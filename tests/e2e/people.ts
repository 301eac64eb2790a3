// People that access tests add to the demo: a second patient with an account of their own,
// and the owner of a second clinic. Both are made straight in the database (the invitation
// and setup flows have their own tests).
import type { App } from './app';
import type { Patient } from '../../src/lib/server/db/schema';
import { createClinic } from '../../src/lib/server/clinic';
import { acceptInvitation, createInvitation } from '../../src/lib/server/invitations';

/** Gives an existing patient of the demo clinic a sign-in with this email. */
export async function givePatientAccount(
	demo: App,
	p: Pick<Patient, 'id' | 'clinicId' | 'displayName'>,
	email: string,
	password = 'patient-password-long'
): Promise<void> {
	const owner = demo.db.$client
		.prepare("select id from user where role = 'owner' and clinic_id = ?")
		.pluck()
		.get(p.clinicId) as string;
	const { token } = createInvitation(demo.db, {
		clinicId: p.clinicId,
		createdBy: owner,
		email,
		name: p.displayName,
		role: 'patient',
		patientId: p.id
	});
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
