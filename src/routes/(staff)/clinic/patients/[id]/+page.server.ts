import { fail } from '@sveltejs/kit';
import { eq } from 'drizzle-orm';
import { z } from 'zod';
import type { RequestEvent } from '@sveltejs/kit';
import type { Actions, PageServerLoad } from './$types';
import { getStore } from '$lib/server/storage';
import { handlePhotoUpload } from '$lib/server/photos/upload-request';
import { listPhotos } from '$lib/server/photos/list';
import { retryPhoto } from '$lib/server/photos/retry';
import { deletePhoto } from '$lib/server/photos/delete';
import { pokeWorker } from '$lib/server/services';
import { getDb, writeTx } from '$lib/server/db/client';
import { patient } from '$lib/server/db/schema';
import {
	can,
	requirePatientAccess,
	requirePhotoAccess,
	requireStaff
} from '$lib/server/auth/guard';
import { patientOverview } from '$lib/server/patients';
import { InvitationError, createInvitation } from '$lib/server/invitations';
import { emailField, parseForm } from '$lib/server/validation';
import { qrSvg } from '$lib/server/qr';
import { audit } from '$lib/server/audit';

export const load: PageServerLoad = (event) => {
	const actor = requireStaff(event, 'patient.read');
	const db = getDb();
	const overview = patientOverview(db, actor, event.params.id);
	const canPhotos = can(actor.user.role, 'photo.read');
	return {
		...overview,
		photos: canPhotos ? listPhotos(db, overview.patient.id) : null,
		canClinical: can(actor.user.role, 'clinical.read'),
		canInvite: can(actor.user.role, 'patient.invite'),
		canUpload: can(actor.user.role, 'photo.write')
	};
};

function photoActor(event: RequestEvent) {
	const actor = requireStaff(event, 'photo.write');
	return { actor, patient: requirePatientAccess(actor, event.params.id as string, 'photo.write') };
}

async function photoIdFrom(event: RequestEvent): Promise<string> {
	return String((await event.request.formData()).get('photoId') ?? '');
}

export const actions: Actions = {
	upload: async (event) => {
		const { actor, patient: p } = photoActor(event);
		const outcome = await handlePhotoUpload(
			getDb(),
			getStore(),
			actor,
			p,
			event.request,
			event.getClientAddress()
		);
		if (outcome.files.some((f) => f.ok)) {
			pokeWorker();
		}
		const body = { uploadMessage: outcome.message, uploadResults: outcome.files };
		return outcome.status >= 400 ? fail(outcome.status, body) : body;
	},
	retryPhoto: async (event) => {
		const { actor } = photoActor(event);
		const photoId = await photoIdFrom(event);
		requirePhotoAccess(actor, photoId);
		if (retryPhoto(getDb(), actor, photoId)) {
			pokeWorker();
		}
		return { retried: photoId };
	},
	deletePhoto: async (event) => {
		const { actor } = photoActor(event);
		const photoId = await photoIdFrom(event);
		requirePhotoAccess(actor, photoId);
		await deletePhoto(getDb(), getStore(), actor, photoId, event.getClientAddress());
		return { deleted: photoId };
	},
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
