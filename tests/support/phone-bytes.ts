// What a phone downloads for a page: the e2e budget test and the gallery bench measure alike.
import type { Browser } from '@playwright/test';

/** A mid-range Android phone's screen (412 × 915 CSS pixels at 2.625 device pixels each). */
export const PHONE = {
	viewport: { width: 412, height: 915 },
	deviceScaleFactor: 2.625,
	isMobile: true,
	hasTouch: true
};

/** A page on a phone-sized screen that counts the bytes over the wire of each response
 * (request id → encoded length), from its first request on. */
export async function phonePageCountingBytes(browser: Browser) {
	const context = await browser.newContext(PHONE);
	const page = await context.newPage();
	const cdp = await context.newCDPSession(page);
	await cdp.send('Network.enable');
	const bytes = new Map<string, number>();
	cdp.on('Network.loadingFinished', (e) => bytes.set(e.requestId, e.encodedDataLength));
	return { context, page, bytes };
}
