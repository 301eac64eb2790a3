import { AsyncLocalStorage } from 'node:async_hooks';

/**
 * What the audit log should know about the request it is written in, set once by
 * hooks.server.ts so that no service signature has to carry it. Outside a request (the CLI,
 * the job worker, unit tests) there is none, and audit rows say so with a null address.
 */
export interface RequestContext {
	/** the client's address, as adapter-node resolves it (ADDRESS_HEADER / XFF_DEPTH) */
	ip: string | null;
	/** the signed-in person acting in this request, once the session or token is resolved */
	userId?: string;
	/** the integration acting as the person, when the request came with an API token */
	apiToken?: { id: string; name: string };
}

export const requestContext = new AsyncLocalStorage<RequestContext>();

/** The current request's facts, or an empty context outside a request. */
export function currentRequest(): RequestContext {
	return requestContext.getStore() ?? { ip: null };
}
