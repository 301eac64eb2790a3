import type { Db } from '$lib/server/db/client';
import type { Session, User } from '$lib/server/db/schema';

declare global {
	namespace App {
		interface Locals {
			/** the database, handed to every guard and service call (hooks.server.ts sets it) */
			db: Db;
			user: User | null;
			session: Session | null;
			/** the clinic requires two-step sign-in and this staff member has no factor yet */
			mustEnrol: boolean;
			/** an embed page's clinic's website origins: who may frame this response (the hook) */
			frameAncestors?: string[];
		}
		interface Error {
			message: string;
		}
	}
}

export {};
