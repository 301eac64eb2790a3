// Runs in the embed pages (inside the clinic's website's iframe): tells the embedding page how
// tall this page is, so embed.js can size the frame to it and the visitor never scrolls twice.
// The message goes only to the clinic's listed websites, never to '*': where the browser names
// the parent (location.ancestorOrigins) to that one alone, else to each listed origin, which the
// browser delivers only to the one the parent actually is.
const TYPE = 'resurface:embed-height';

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
	const send = () => {
		// the root's own height (its content's, margins and all), not the frame's viewport: the
		// frame must be able to shrink when a shorter page opens in it
		const height = Math.ceil(document.documentElement.getBoundingClientRect().height);
		if (height > 0 && height !== last) {
			last = height;
			for (const target of targets) {
				window.parent.postMessage({ type: TYPE, height }, target);
			}
		}
	};
	new ResizeObserver(send).observe(document.documentElement);
	send();
}

const script = /** @type {HTMLScriptElement | null} */ (document.currentScript);
// loaded `async`, and may run before the body is parsed
if (document.readyState === 'loading') {
	document.addEventListener('DOMContentLoaded', () => start(script));
} else {
	start(script);
}
