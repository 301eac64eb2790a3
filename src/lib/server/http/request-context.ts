import { AsyncLocalStorage } from 'node:async_hooks';

/** What the audit log should know about the request it is written in, beyond the person. */
export interface RequestContext {
	/** the integration acting as the person, when the request came with an API token */
	apiToken?: { id: string; name: string };
}

export const requestContext = new AsyncLocalStorage<RequestContext>();
