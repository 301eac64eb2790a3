import type { Page } from '@playwright/test';

// Playwright's touchscreen only taps. A swipe is what a phone user does over a compare photo
// (sideways to move the divider, up to scroll past it), so it goes through the DevTools
// protocol as real touch points: the browser decides between panning and pointer events itself.

/** Drags one finger from `from` to `to` (page viewport pixels) in `steps` moves. */
export async function swipe(
	page: Page,
	from: { x: number; y: number },
	to: { x: number; y: number },
	steps = 8
) {
	const cdp = await page.context().newCDPSession(page);
	const at = (i: number) => ({
		x: from.x + ((to.x - from.x) * i) / steps,
		y: from.y + ((to.y - from.y) * i) / steps
	});
	await cdp.send('Input.dispatchTouchEvent', { type: 'touchStart', touchPoints: [at(0)] });
	for (let i = 1; i <= steps; i++) {
		await cdp.send('Input.dispatchTouchEvent', { type: 'touchMove', touchPoints: [at(i)] });
	}
	await cdp.send('Input.dispatchTouchEvent', { type: 'touchEnd', touchPoints: [] });
	await cdp.detach();
}

/** The middle of the part of `box` inside a viewport `height` pixels tall. */
export function visibleMiddle(
	box: { x: number; y: number; width: number; height: number },
	height: number
) {
	const top = Math.max(box.y, 0);
	const bottom = Math.min(box.y + box.height, height);
	return { x: box.x + box.width / 2, y: (top + bottom) / 2 };
}

type Box = { x: number; y: number; width: number; height: number };

/** Drags the mouse across `box` from one point to another, each a share of its width and height. */
export async function mouseDrag(
	page: Page,
	box: Box,
	from: [number, number],
	to: [number, number],
	steps: number
) {
	const at = ([u, v]: [number, number]) => [box.x + box.width * u, box.y + box.height * v] as const;
	await page.mouse.move(...at(from));
	await page.mouse.down();
	await page.mouse.move(...at(to), { steps });
	await page.mouse.up();
}
