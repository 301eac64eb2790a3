import {
	browserSupportsWebAuthn,
	startAuthentication,
	startRegistration,
	type PublicKeyCredentialCreationOptionsJSON,
	type PublicKeyCredentialRequestOptionsJSON,
	type RegistrationResponseJSON
} from '@simplewebauthn/browser';
import { isStepUpRefusal, type StepUpRefusal } from './step-up.svelte';

// The browser half of the passkey ceremonies: ask the server for options, let the browser and
// the authenticator answer, send the answer back. Every failure becomes one sentence to show.

/** A refusal; `stepUp`: confirm it is you first; `redirect`: the sign-in is over, go there. */
export type Refused = {
	ok: false;
	message: string;
	stepUp?: boolean;
	/** the server's step-up refusal as sent, for the inline prompt to answer */
	stepUpRefusal?: StepUpRefusal;
	redirect?: string;
};
export type Outcome<T = object> = ({ ok: true } & T) | Refused;

/** Whether to offer passkeys at all (without JavaScript the buttons are never rendered). */
export function passkeysSupported(): boolean {
	return browserSupportsWebAuthn();
}

const CANCELLED = 'The passkey request was cancelled or timed out.';

function ceremonyMessage(e: unknown): string {
	if (e instanceof Error) {
		if (e.name === 'NotAllowedError' || e.name === 'AbortError') {
			return CANCELLED;
		}
		if (e.name === 'InvalidStateError') {
			return 'This device already holds a passkey for your account.';
		}
	}
	return 'Your browser could not use a passkey here.';
}

async function post(
	url: string,
	body?: unknown
): Promise<{ status: number; data: Record<string, unknown> }> {
	try {
		const res = await fetch(url, {
			method: 'POST',
			headers: { 'content-type': 'application/json', accept: 'application/json' },
			body: JSON.stringify(body ?? {})
		});
		const data = (await res.json().catch(() => ({}))) as Record<string, unknown>;
		return { status: res.status, data };
	} catch {
		return { status: 0, data: { message: 'The server could not be reached. Try again.' } };
	}
}

const redirectOf = (data: Record<string, unknown>) =>
	typeof data.redirect === 'string' ? data.redirect : undefined;

function refusal(r: { status: number; data: Record<string, unknown> }): Refused {
	return {
		ok: false,
		message: typeof r.data.message === 'string' ? r.data.message : 'Something went wrong.',
		stepUp: r.data.stepUp === true,
		stepUpRefusal: isStepUpRefusal(r.data) ? r.data : undefined,
		redirect: redirectOf(r.data)
	};
}

/** Options, the authenticator's signature, the answer: the shape of every sign-in ceremony. */
async function authenticate(
	optionsUrl: string,
	verifyUrl: string
): Promise<Outcome<{ data: Record<string, unknown> }>> {
	const options = await post(optionsUrl);
	if (options.status !== 200) {
		return refusal(options);
	}
	let response;
	try {
		response = await startAuthentication({
			optionsJSON: options.data.options as PublicKeyCredentialRequestOptionsJSON
		});
	} catch (e) {
		return { ok: false, message: ceremonyMessage(e) };
	}
	const answer = await post(verifyUrl, { response });
	return answer.status === 200 ? { ok: true, data: answer.data } : refusal(answer);
}

/**
 * One-tap sign-in on /login; `search` is the page's own query, so `?next=` travels along.
 * On success, `redirect` is where to go.
 */
export async function passkeySignIn(search: string): Promise<Outcome<{ redirect: string }>> {
	const out = await authenticate('/login/passkey/options', `/login/passkey/verify${search}`);
	return out.ok ? { ok: true, redirect: redirectOf(out.data) ?? '/' } : out;
}

/**
 * The second step on /login/two-factor. A refusal may carry `redirect` too: the half-finished
 * sign-in is over and the password is asked again.
 */
export async function passkeySecondStep(search: string): Promise<Outcome<{ redirect: string }>> {
	const out = await authenticate(
		`/login/two-factor/passkey/options${search}`,
		`/login/two-factor/passkey/verify${search}`
	);
	return out.ok ? { ok: true, redirect: redirectOf(out.data) ?? '/' } : out;
}

/** Step-up with a passkey: the session has proved a factor again when this says ok. */
export async function passkeyStepUp(): Promise<{ ok: true } | { ok: false; message: string }> {
	const out = await authenticate(
		'/account/step-up/passkey/options',
		'/account/step-up/passkey/verify'
	);
	return out.ok ? { ok: true } : { ok: false, message: out.message };
}

/**
 * The first half of adding a passkey: options (which may answer that step-up is needed), then
 * the authenticator makes the key. The answer goes to the page's `addPasskey` form action.
 */
export async function createPasskey(): Promise<Outcome<{ response: RegistrationResponseJSON }>> {
	const options = await post('/account/two-factor/passkey-options');
	if (options.status !== 200) {
		return refusal(options);
	}
	try {
		const response = await startRegistration({
			optionsJSON: options.data.options as PublicKeyCredentialCreationOptionsJSON
		});
		return { ok: true, response };
	} catch (e) {
		return { ok: false, message: ceremonyMessage(e) };
	}
}

/** A name for a new passkey from the browser and system, e.g. "Chrome on Linux"; editable. */
export function deviceName(userAgent = navigator.userAgent): string {
	const browser = /Edg\//.test(userAgent)
		? 'Edge'
		: /Firefox\//.test(userAgent)
			? 'Firefox'
			: /Chrome\//.test(userAgent)
				? 'Chrome'
				: /Safari\//.test(userAgent)
					? 'Safari'
					: 'Browser';
	const system = /iPhone|iPad/.test(userAgent)
		? 'iOS'
		: /Android/.test(userAgent)
			? 'Android'
			: /Mac OS X/.test(userAgent)
				? 'macOS'
				: /Windows/.test(userAgent)
					? 'Windows'
					: /CrOS/.test(userAgent)
						? 'ChromeOS'
						: /Linux/.test(userAgent)
							? 'Linux'
							: 'this device';
	return `${browser} on ${system}`;
}
