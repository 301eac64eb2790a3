import { fail } from '@sveltejs/kit';
import type { ActionData } from './$types';

/** The page's cards; every action answers for exactly one of them. */
export type Area = 'details' | 'courses' | 'consents' | 'photos' | 'portal';

/**
 * Every action result says which card it belongs to (`area`) and which of the card's forms
 * answered (`action`), with `message` null on success, so the page hands a result to its card
 * by comparing strings rather than by probing for keys. (A refused upload of several files has
 * no message of its own: each file's result says why.)
 */
export function answersFor<A extends Area>(area: A) {
	function done<K extends string, E extends object = object>(action: K, extra?: E) {
		return { area, action, message: null, ...extra } as { area: A; action: K; message: null } & E;
	}
	function refused<K extends string, E extends object = object>(
		status: number,
		action: K,
		message: string | null,
		extra?: E
	) {
		const body = { area, action, message, ...extra };
		return fail(status, body as { area: A; action: K; message: string | null } & E);
	}
	/** Runs a service call; the refusal it may throw (`Refusal`) answers `status` with its message. */
	async function refusing<K extends string, T>(
		Refusal: abstract new (message: string) => Error,
		status: number,
		action: K,
		work: () => T | Promise<T>
	) {
		try {
			return await work();
		} catch (e) {
			if (e instanceof Refusal) {
				return refused(status, action, e.message);
			}
			throw e;
		}
	}
	return { done, refused, refusing };
}

/** The result of one of the card's actions, or null when the last one was another card's. */
export type AreaResult<A extends Area> = Extract<NonNullable<ActionData>, { area: A }> | null;
