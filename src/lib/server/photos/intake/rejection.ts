// What an upload is refused for, in the words the uploader sees.

/** A photo refused before it became a row; status and message go to the uploader as they are. */
export class PhotoRejected extends Error {
	constructor(
		readonly status: 400 | 403 | 404 | 413 | 415 | 422,
		message: string
	) {
		super(message);
	}
}

export const ACCEPTED_FORMATS_TEXT = 'JPEG, PNG, WebP, AVIF or HEIC/HEIF';

export const ANIMATED_MESSAGE = 'Animated or multi-page images are not accepted; upload a photo.';
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
