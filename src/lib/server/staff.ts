import { and, asc, eq, ne } from 'drizzle-orm';
import type { Db } from './db/client';
import { user } from './db/schema';
import type { StaffActor } from './auth/guard';

export function listStaff(db: Db, actor: StaffActor) {
	return db
		.select({
			id: user.id,
			name: user.name,
			email: user.email,
			role: user.role,
			disabledAt: user.disabledAt
		})
		.from(user)
		.where(and(eq(user.clinicId, actor.clinicId), ne(user.role, 'patient')))
		.orderBy(asc(user.name))
		.all();
}
