/** About 60 MP: room for a 48 MP phone sensor, while sharp's default would allow 268 MP. */
export const MAX_INPUT_PIXELS = 60_000_000;

/**
 * Sizes just over the limit would round to the limit itself ("60 megapixels; the limit is 60"),
 * so the message gives the dimensions and one decimal, rounded down.
 */
export function tooManyPixels(width: number, height: number): string {
	const mp = Math.floor((width * height) / 1e5) / 10;
	return `The image is ${width}×${height} pixels (${mp} megapixels); the limit is ${MAX_INPUT_PIXELS / 1e6} megapixels.`;
}
