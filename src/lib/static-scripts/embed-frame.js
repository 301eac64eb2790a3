// Runs in the embed pages (inside the clinic's website's iframe): tells the embedding page how
// tall this page is, so embed.js can size the frame to it and the visitor never scrolls twice.
// The message goes only to the clinic's listed websites, never to '*': where the browser names
// the parent (location.ancestorOrigins) to that one alone, else to each listed origin, which the
// browser delivers only to the one the parent actually is.
// Served as a classic script, which shares the page's global scope with any other: its names
// stay inside this function (static-scripts.spec.ts).
(() => {
	// Each message also names the page, so embed.js can bring a newly opened one into view.
	const TYPE = 'resurface:embed-height';

	/** This page as the visitor would call it: `mode` and `photos` only change how a case is shown. */
	function pageName() {
		const query = new URLSearchParams(location.search);
		query.delete('mode');
		query.delete('photos');
		const search = query.toString();
		return location.pathname + (search ? `?${search}` : '');
	}

	function start(/** @type {HTMLScriptElement | null} */ script) {
		if (window.parent === window || !script) {
			return;
		}
		/** @type {string[]} */
		const origins = JSON.parse(script.dataset.origins ?? '[]');
		const ancestor = location.ancestorOrigins?.[0];
		const targets = ancestor ? origins.filter((o) => o === ancestor) : origins;
		if (!targets.length) {
			return;
		}
		let last = 0;
		const page = pageName();
		const send = () => {
			// the root's own height (its content's, margins and all), not the frame's viewport: the
			// frame must be able to shrink when a shorter page opens in it
			const height = Math.ceil(document.documentElement.getBoundingClientRect().height);
			if (height > 0 && height !== last) {
				last = height;
				for (const target of targets) {
					window.parent.postMessage({ type: TYPE, height, page }, target);
				}
			}
		};
		// Measured before the page's styles apply, the bare page is several times taller: the
		// clinic's page would jump down and back up as the frame followed it. So the first height
		// waits for the stylesheets, or for the page's load, which comes after them in any case.
		let started = false;
		const begin = () => {
			if (!started) {
				started = true;
				new ResizeObserver(send).observe(document.documentElement);
				send();
			}
		};
		const pending = [...document.querySelectorAll('link[rel="stylesheet"]')].filter(
			(link) => link instanceof HTMLLinkElement && !link.sheet
		);
		let waiting = pending.length;
		for (const link of pending) {
			const done = () => --waiting || begin();
			link.addEventListener('load', done, { once: true });
			link.addEventListener('error', done, { once: true });
		}
		if (!waiting || document.readyState === 'complete') {
			begin();
		} else {
			window.addEventListener('load', begin, { once: true });
		}
	}

	const script = /** @type {HTMLScriptElement | null} */ (document.currentScript);
	// loaded `async`, and may run before the body is parsed
	if (document.readyState === 'loading') {
		document.addEventListener('DOMContentLoaded', () => start(script));
	} else {
		start(script);
	}
})();
