// The public gallery is served without SvelteKit's client (`csr = false`): hydrating its cards
// was most of the page's main-thread work on a phone. This is all the JavaScript it needs:
// choosing a filter opens the URL of the chosen filters alone, back to page 1, as the Svelte
// form does when the page is reached by a client-side navigation. Without it the form's
// "Show results" button (shown by app.html's <noscript> style) does the same.
// Served as a classic script, which shares the page's global scope with any other: its names
// stay inside this function (static-scripts.spec.ts).
(() => {
	const FOCUS = 'resurface:gallery-filter';

	/** @param {HTMLFormElement} f @param {string} changed the control to focus on the next page */
	function apply(f, changed) {
		const query = new URLSearchParams();
		for (const [name, value] of new FormData(f)) {
			if (typeof value === 'string' && value !== '') {
				query.append(name, value);
			}
		}
		try {
			sessionStorage.setItem(FOCUS, changed);
		} catch {
			// storage refused (private mode): the next page just starts at the top
		}
		const search = query.toString();
		location.assign(f.action.split('?')[0] + (search ? `?${search}` : ''));
	}

	/** Whether a select shows another option than the server rendered (changed before this ran). */
	const changed = (/** @type {HTMLSelectElement} */ s) => {
		const marked = [...s.options].findLastIndex((o) => o.defaultSelected);
		return s.selectedIndex !== (marked >= 0 ? marked : 0);
	};

	function start() {
		const form = document.getElementById('filters');
		if (!(form instanceof HTMLFormElement)) {
			return;
		}
		form.addEventListener('change', (e) => {
			const target = /** @type {HTMLSelectElement} */ (e.target);
			apply(form, target.name);
		});
		const early = [...form.querySelectorAll('select')].find(changed);
		let last = null;
		try {
			last = sessionStorage.getItem(FOCUS);
			sessionStorage.removeItem(FOCUS);
		} catch {
			// as above
		}
		if (early) {
			apply(form, early.name);
		} else if (last) {
			// a keyboard user who changed a filter carries on from the same control
			const control = form.elements.namedItem(last);
			if (control instanceof HTMLSelectElement) {
				control.focus();
			}
		}
	}

	// loaded `async`, so it never holds up the page's DOMContentLoaded, and may run before the form
	// is parsed
	if (document.readyState === 'loading') {
		document.addEventListener('DOMContentLoaded', start);
	} else {
		start();
	}
})();
