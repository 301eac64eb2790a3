import { fail } from '@sveltejs/kit';
import { eq } from 'drizzle-orm';
import { z } from 'zod';
import type { Actions, PageServerLoad } from './$types';
import { getDb, writeTx } from '$lib/server/db/client';
import { user } from '$lib/server/db/schema';
import { requireUser } from '$lib/server/auth/guard';
import { hashPassword, verifyPassword } from '$lib/server/auth/password';
import { invalidateUserSessions } from '$lib/server/auth/session';
import { matchingPasswords, mismatch, newPasswordFields } from '$lib/server/auth/passwords-form';
import { parseForm } from '$lib/server/validation';
import { audit } from '$lib/server/audit';

const schema = z
	.object({ current: z.string().min(1, 'Enter your current password.'), ...newPasswordFields })
	.refine(matchingPasswords, mismatch);

export const load: PageServerLoad = (event) => {
	requireUser(event);
	return {};
};

export const actions: Actions = {
	default: async (event) => {
		const me = requireUser(event);
		const db = getDb();
		const parsed = parseForm(schema, await event.request.formData());
		if (!parsed.ok) {
			return fail(400, { message: parsed.message, field: parsed.field, done: false });
		}
		const who = { clinicId: me.clinicId, actorUserId: me.id, ip: event.getClientAddress() };
		if (!(await verifyPassword(me.passwordHash, parsed.data.current))) {
			audit(db, { ...who, action: 'password_change', ok: false });
			return fail(400, {
				message: 'Your current password is not right.',
				field: 'current',
				done: false
			});
		}
		const passwordHash = await hashPassword(parsed.data.password);
		writeTx(db, (tx) => tx.update(user).set({ passwordHash }).where(eq(user.id, me.id)).run());
		// A changed password ends every other session, e.g. on a lost phone.
		invalidateUserSessions(db, me.id, event.locals.session?.id);
		audit(db, { ...who, action: 'password_change', ok: true, targetType: 'user', targetId: me.id });
		return { done: true, message: null, field: undefined };
	}
};
