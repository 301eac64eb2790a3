// The public case page (and its embed) is served without SvelteKit's client (`csr = false`):
// hydrating it was most of its main-thread work on a phone. This is all the JavaScript it
// needs, working on the HTML that CompareSlider and CompareModes rendered on the server:
// - the divider: dragged on the photo, or moved by keys on its handle (the ARIA slider
//   pattern, as CompareSlider does it when the page is the app's);
// - fade: the range input sets the later photo's opacity;
// - the mode and "which after photo" radios: a choice opens the page's URL with it (the server
//   renders the chosen mode), keeping focus and scroll. Without this script the form's "Show"
//   button (shown by app.html's <noscript> style) does the same.
// Served as a classic script, which shares the page's global scope with any other: its names
// stay inside this function (static-scripts.spec.ts).
(() => {
	const KEEP = 'resurface:case-compare';

	// Arrows move by 5 %, Page Up/Down by 10 %, Home/End to either end.
	/** @type {Record<string, (v: number) => number>} */
	const KEYS = {
		ArrowLeft: (v) => v - 5,
		ArrowDown: (v) => v - 5,
		ArrowRight: (v) => v + 5,
		ArrowUp: (v) => v + 5,
		PageDown: (v) => v - 10,
		PageUp: (v) => v + 10,
		Home: () => 0,
		End: () => 100
	};
	const clamp = (/** @type {number} */ v) => Math.min(100, Math.max(0, Math.round(v)));

	/** @param {HTMLElement} stage */
	function divider(stage) {
		const later = stage.querySelector('[data-compare-later]');
		const line = stage.querySelector('[data-compare-divider]');
		const handle = stage.querySelector('[role="slider"]');
		if (!(later instanceof HTMLElement && line instanceof HTMLElement)) {
			return;
		}
		if (!(handle instanceof HTMLElement)) {
			return;
		}
		let position = Number(handle.getAttribute('aria-valuenow') ?? 50);
		let dragging = false;
		// A touch only moves the divider once it moves sideways (or lifts without moving): a
		// vertical swipe over the photo scrolls the page (touch-action: pan-y) and is cancelled.
		let touchPending = false;
		let startX = 0;
		let startY = 0;

		const show = (/** @type {number} */ v) => {
			position = clamp(v);
			later.style.clipPath = `inset(0 0 0 ${position}%)`;
			line.style.left = `${position}%`;
			handle.setAttribute('aria-valuenow', String(position));
			handle.setAttribute(
				'aria-valuetext',
				`${position}% earlier photo, ${100 - position}% later photo`
			);
		};
		const moveTo = (/** @type {number} */ clientX) => {
			const box = stage.getBoundingClientRect();
			show(((clientX - box.left) / box.width) * 100);
		};
		const drag = (/** @type {boolean} */ on) => {
			dragging = on;
			stage.classList.toggle('dragging', on);
		};

		stage.addEventListener('pointerdown', (e) => {
			if (!e.isPrimary || e.button !== 0) {
				return;
			}
			drag(true);
			stage.setPointerCapture(e.pointerId);
			handle.focus({ preventScroll: true });
			if (e.pointerType === 'touch') {
				touchPending = true;
				startX = e.clientX;
				startY = e.clientY;
			} else {
				e.preventDefault();
				moveTo(e.clientX);
			}
		});
		stage.addEventListener('pointermove', (e) => {
			// the browser sends a move or two before it takes a vertical swipe for its own
			if (touchPending && Math.abs(e.clientY - startY) > Math.abs(e.clientX - startX)) {
				return;
			}
			if (dragging) {
				touchPending = false;
				moveTo(e.clientX);
			}
		});
		// (the capture ends by itself with the pointer)
		const end = (/** @type {PointerEvent} */ e) => {
			if (e.type === 'pointerup' && dragging && touchPending) {
				moveTo(e.clientX);
			}
			drag(false);
			touchPending = false;
		};
		stage.addEventListener('pointerup', end);
		stage.addEventListener('pointercancel', end);
		handle.addEventListener('keydown', (e) => {
			const move = KEYS[e.key];
			if (move) {
				e.preventDefault();
				show(move(position));
			}
		});
	}

	/** @param {HTMLInputElement} range @param {HTMLElement} later */
	function fade(range, later) {
		const show = () => {
			later.style.opacity = String(Number(range.value) / 100);
			range.setAttribute('aria-valuetext', `${range.value}% later photo`);
		};
		range.addEventListener('input', show);
		// moved before this script ran
		if (range.value !== range.defaultValue) {
			show();
		}
	}

	/** @param {HTMLFormElement} form @param {HTMLInputElement} chosen the radio to focus after */
	function open(form, chosen) {
		const data = new FormData(form);
		const query = new URLSearchParams();
		const mode = data.get('mode');
		if (typeof mode === 'string' && mode !== 'slider') {
			query.set('mode', mode);
		}
		if (data.get('photos') === 'as-taken') {
			query.set('photos', 'as-taken');
		}
		try {
			sessionStorage.setItem(KEEP, JSON.stringify({ name: chosen.name, y: scrollY }));
		} catch {
			// storage refused (private mode): the next page just starts at the top
		}
		const search = query.toString();
		// replace: Back leaves the case, it does not step through the modes tried
		location.replace(location.pathname + (search ? `?${search}` : ''));
	}

	/** @param {HTMLFormElement} form */
	function modes(form) {
		form.addEventListener('change', (e) => {
			if (e.target instanceof HTMLInputElement) {
				open(form, e.target);
			}
		});
		const radios = [...form.querySelectorAll('input[type="radio"]')].filter(
			(r) => r instanceof HTMLInputElement
		);
		const early = radios.find((r) => r.checked && !r.defaultChecked);
		if (early) {
			open(form, early);
			return;
		}
		let kept = null;
		try {
			kept = JSON.parse(sessionStorage.getItem(KEEP) ?? 'null');
			sessionStorage.removeItem(KEEP);
		} catch {
			// as above
		}
		if (kept) {
			// a keyboard user carries on from the same group, where they were on the page
			radios.find((r) => r.name === kept.name && r.checked)?.focus({ preventScroll: true });
			scrollTo(0, Number(kept.y) || 0);
		}
	}

	function start() {
		const compare = document.querySelector('[data-compare]');
		const stage = compare?.querySelector('[data-compare-stage]');
		if (stage instanceof HTMLElement && stage.querySelector('[role="slider"]')) {
			divider(stage);
		}
		const range = compare?.querySelector('input[type="range"]');
		const later = compare?.querySelector('[data-compare-later]');
		if (range instanceof HTMLInputElement && later instanceof HTMLElement) {
			fade(range, later);
		}
		const form = document.querySelector('form[data-compare-modes]');
		if (form instanceof HTMLFormElement) {
			modes(form);
		}
	}

	// loaded `async`, so it never holds up the page's DOMContentLoaded, and may run before the
	// page is parsed
	if (document.readyState === 'loading') {
		document.addEventListener('DOMContentLoaded', start);
	} else {
		start();
	}
})();
