import { json, type RequestEvent } from '@sveltejs/kit';

/**
 * The JSON body of a ceremony endpoint, or null for anything that is not JSON (a form post, a
 * broken body): the endpoint then answers 400 with a sentence, never a stack trace.
 */
export async function readJsonBody(request: Request): Promise<Record<string, unknown> | null> {
	const type = request.headers.get('content-type')?.split(';', 1)[0].trim().toLowerCase();
	if (type !== 'application/json') {
		return null;
	}
	try {
		const body: unknown = await request.json();
		return body && typeof body === 'object' && !Array.isArray(body)
			? (body as Record<string, unknown>)
			: null;
	} catch {
		return null;
	}
}

/** A refusal as JSON `{ message }`, with Retry-After when the answer is "wait". */
export function jsonRefusal(
	event: Pick<RequestEvent, 'setHeaders'>,
	r: { status: number; message: string; retryAfter?: number }
) {
	if (r.retryAfter) {
		event.setHeaders({ 'Retry-After': String(r.retryAfter) });
	}
	return json({ message: r.message }, { status: r.status });
}

export const NOT_JSON = { status: 400, message: 'Send the passkey answer as JSON.' };
export const SIGNED_OUT = { status: 401, message: 'You are signed out. Sign in again.' };
