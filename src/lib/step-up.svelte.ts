import type { ActionResult, SubmitFunction } from '@sveltejs/kit';

/** What the account can prove (mirrors StepUpProofs in $lib/server/auth/step-up). */
export interface StepUpProofs {
	totp: boolean;
	passkeys: boolean;
	password: boolean;
}

/** The body of the server's 403 when a sensitive action needs a fresh proof. */
export interface StepUpRefusal {
	stepUp: true;
	message: string;
	proofs: StepUpProofs;
}

export function isStepUpRefusal(data: unknown): data is StepUpRefusal {
	return (
		typeof data === 'object' &&
		data !== null &&
		(data as { stepUp?: unknown }).stepUp === true &&
		typeof (data as { proofs?: unknown }).proofs === 'object'
	);
}

function stepUpAnswer(result: ActionResult): StepUpRefusal | null {
	return result.type === 'failure' && result.status === 403 && isStepUpRefusal(result.data)
		? result.data
		: null;
}

/**
 * The inline step-up prompt's state, one per page (StepUpDialog shows it). A sensitive action
 * answers 403 `{ stepUp: true }`; instead of showing that, the page asks for the proof and then
 * does what the person asked again — the same form with the same button, so nothing is retyped.
 */
export class StepUp {
	/** the refusal being answered, while the prompt is open */
	asking = $state<StepUpRefusal | null>(null);
	#resume: (() => void) | null = null;
	/** where the focus goes back to when the prompt closes (a busy button has lost it) */
	returnTo: HTMLElement | null = null;

	/** Opens the prompt; `resume` runs once the proof is accepted. */
	ask(refusal: StepUpRefusal, resume: () => void, returnTo?: HTMLElement | null): void {
		this.#resume = resume;
		this.returnTo =
			returnTo ?? (document.activeElement instanceof HTMLElement ? document.activeElement : null);
		this.asking = refusal;
	}

	proved(): void {
		const resume = this.#resume;
		this.#resume = null;
		this.asking = null;
		resume?.();
	}

	cancel(): void {
		this.#resume = null;
		this.asking = null;
	}

	/**
	 * For `use:enhance`: wraps the form's own handling (e.g. FormState.enhance), which sees every
	 * answer except a step-up refusal. For that one it is told to finish without updating the
	 * page (its busy flag drops, the typed values stay), and the prompt opens.
	 */
	enhance =
		(inner?: SubmitFunction): SubmitFunction =>
		async (input) => {
			const own = await inner?.(input);
			return async (opts) => {
				const refusal = stepUpAnswer(opts.result);
				if (refusal) {
					if (typeof own === 'function') {
						await own({ ...opts, update: async () => {} });
					}
					const { formElement, submitter } = input;
					this.ask(refusal, () => formElement.requestSubmit(submitter), submitter);
					return;
				}
				if (typeof own === 'function') {
					return own(opts);
				}
				return opts.update();
			};
		};

	/**
	 * For a download link: asks the endpoint (`?check`) whether the proof is fresh, asks for one
	 * if not, then lets the browser fetch the file. Without JavaScript the link itself is refused
	 * with a page that leads to /account/step-up.
	 */
	async download(url: string): Promise<void> {
		const check = `${url}${url.includes('?') ? '&' : '?'}check=1`;
		const res = await fetch(check, { headers: { accept: 'application/json' } });
		if (res.status === 403) {
			const body: unknown = await res.json().catch(() => null);
			if (isStepUpRefusal(body)) {
				this.ask(body, () => location.assign(url));
				return;
			}
		}
		location.assign(url);
	}
}
