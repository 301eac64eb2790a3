import type { Attachment } from 'svelte/attachments';

// A page is usable before its JavaScript arrives, so a person may change a form control in the
// server-rendered page before it hydrates. Two things go wrong then: `<select value={x}>`,
// `bind:value` to a defined value and `checked={x}` set the control to `x` again while
// hydrating, silently undoing the choice; and a handler that acts on `change` never saw it.
// So such controls render their state with `defaultValue` / `defaultChecked` (which hydration
// leaves alone) plus `follows` below, and forms that act on change ask
// `changedBeforeHydration` when they mount.

/**
 * Shows `value()` in the control whenever it changes after mounting: a link or the Back button
 * moved the page on, or a saved form brought new data. A select selects it; a radio button or
 * checkbox is checked when its own value is `value()`. At mount it does nothing, so what the
 * person chose in the server-rendered page stands.
 */
export function follows(value: () => string): Attachment<HTMLSelectElement | HTMLInputElement> {
	let mounted = false;
	return (control) => {
		const next = value();
		if (!mounted) {
			mounted = true;
		} else if (control instanceof HTMLSelectElement) {
			control.value = next;
		} else {
			control.checked = control.value === next;
		}
	};
}

/**
 * Whether the app had already hydrated when this component was created: true for a page
 * reached by a client-side navigation, which is rendered by the browser from the start and has
 * no server-rendered controls for anyone to have touched (the root layout marks the document
 * when it mounts). A component that starts with a no-JavaScript fallback uses it to skip the
 * fallback then: mounted from scratch, the fallback's controls do not hold the server's
 * defaults, and "changed before hydration" would misread them.
 */
export function appIsLive(): boolean {
	return typeof document !== 'undefined' && 'hydrated' in document.documentElement.dataset;
}

/** The option a select shows when nobody has touched it: what the server rendered. */
function defaultIndex(select: HTMLSelectElement): number {
	const options = [...select.options];
	// with several `selected` attributes the last one wins, as the browser does it
	const marked = options.findLastIndex((o) => o.defaultSelected);
	return marked >= 0 ? marked : options.findIndex((o) => !o.disabled);
}

/** Whether the person changed the control from the state the server rendered it in. */
export function isChanged(control: Element): boolean {
	if (control instanceof HTMLSelectElement) {
		return control.multiple
			? [...control.options].some((o) => o.selected !== o.defaultSelected)
			: control.selectedIndex !== defaultIndex(control);
	}
	if (
		control instanceof HTMLInputElement &&
		(control.type === 'radio' || control.type === 'checkbox')
	) {
		return control.checked !== control.defaultChecked;
	}
	return (
		(control instanceof HTMLInputElement || control instanceof HTMLTextAreaElement) &&
		control.value !== control.defaultValue
	);
}

/**
 * Names of the form's controls that were changed before the page hydrated, in document order
 * (call it when the form mounts: until then nothing but the person can have changed them).
 */
export function changedBeforeHydration(form: HTMLFormElement): string[] {
	const names: string[] = [];
	for (const control of form.elements) {
		const name = control.getAttribute('name');
		if (name && !names.includes(name) && isChanged(control)) {
			names.push(name);
		}
	}
	return names;
}

/**
 * Attributes for a `<details>` that data opens (a form answered with an error):
 * `<details {...openWhen(x)}>`. `open={x}` would write the property while hydrating and fold
 * away a details the person opened before the page was live; the spread leaves `open` alone
 * while `x` is false, opens it when `x` is (server and client alike) and closes it when `x`
 * turns false again.
 */
export function openWhen(open: boolean): { open?: true } {
	return open ? { open: true } : {};
}
