import { fail } from '@sveltejs/kit';
import { eq } from 'drizzle-orm';
import { z } from 'zod';
import type { Actions, PageServerLoad } from './$types';
import { getDb, writeTx } from '$lib/server/db/client';
import { patient } from '$lib/server/db/schema';
import { can, requirePatientAccess, requireStaff } from '$lib/server/auth/guard';
import { patientOverview } from '$lib/server/patients';
import { InvitationError, createInvitation } from '$lib/server/invitations';
import { emailField, parseForm } from '$lib/server/validation';
import { qrSvg } from '$lib/server/qr';
import { audit } from '$lib/server/audit';

export const load: PageServerLoad = (event) => {
	const actor = requireStaff(event, 'patient.read');
	const overview = patientOverview(getDb(), actor, event.params.id);
	return {
		...overview,
		canClinical: can(actor.user.role, 'clinical.read'),
		canInvite: can(actor.user.role, 'patient.invite')
	};
};

export const actions: Actions = {
	invite: async (event) => {
		const actor = requireStaff(event, 'patient.invite');
		const p = requirePatientAccess(actor, event.params.id, 'patient.invite');
		if (p.userId) {
			return fail(409, { message: 'This patient already has an account.' });
		}
		const parsed = parseForm(z.object({ email: emailField }), await event.request.formData());
		if (!parsed.ok) {
			return fail(400, { message: parsed.message });
		}
		const db = getDb();
		let token: string;
		try {
			({ token } = createInvitation(db, {
				clinicId: actor.clinicId,
				createdBy: actor.user.id,
				email: parsed.data.email,
				name: p.displayName,
				role: 'patient',
				patientId: p.id
			}));
		} catch (e) {
			if (e instanceof InvitationError) {
				return fail(409, { message: e.message });
			}
			throw e;
		}
		writeTx(db, (tx) =>
			tx.update(patient).set({ email: parsed.data.email }).where(eq(patient.id, p.id)).run()
		);
		audit(db, {
			clinicId: actor.clinicId,
			actorUserId: actor.user.id,
			action: 'patient_invite',
			targetType: 'patient',
			targetId: p.id,
			ip: event.getClientAddress(),
			ok: true
		});
		const link = `${event.url.origin}/invite/${token}`;
		return { invite: { link, qr: await qrSvg(link) } };
	}
};
