import { fail } from '@sveltejs/kit';
import type { Actions, PageServerLoad } from './$types';
import { notFound, requireStaff } from '$lib/server/auth/guard';
import { listStaff } from '$lib/server/clinic/staff';
import { clinicTimeZone } from '$lib/server/clinic/clinic';
import { requireStepUp } from '$lib/server/auth/step-up';
import {
	ApiTokenError,
	createApiToken,
	listApiTokens,
	revokeApiToken
} from '$lib/server/auth/api-tokens';

export const load: PageServerLoad = (event) => {
	const actor = requireStaff(event, 'staff.manage');
	const db = event.locals.db;
	return {
		origin: event.url.origin,
		timeZone: clinicTimeZone(db, actor.clinicId),
		tokens: listApiTokens(db, actor.clinicId),
		staff: listStaff(db, actor)
			.filter((s) => !s.disabledAt)
			.map(({ id, name, role }) => ({ id, name, role }))
	};
};

export const actions: Actions = {
	create: async (event) => {
		const actor = requireStaff(event, 'staff.manage');
		const stale = requireStepUp(event);
		if (stale) {
			return stale;
		}
		const data = await event.request.formData();
		const values = {
			name: String(data.get('name') ?? ''),
			userId: String(data.get('userId') ?? '')
		};
		try {
			const created = createApiToken(event.locals.db, actor, values);
			return { created: { name: created.name, token: created.token } };
		} catch (e) {
			if (e instanceof ApiTokenError) {
				return fail(400, { values, message: e.message });
			}
			throw e;
		}
	},
	revoke: async (event) => {
		const actor = requireStaff(event, 'staff.manage');
		const stale = requireStepUp(event);
		if (stale) {
			return stale;
		}
		const data = await event.request.formData();
		if (!revokeApiToken(event.locals.db, actor, String(data.get('tokenId') ?? ''))) {
			notFound();
		}
		return { revoked: true };
	}
};
