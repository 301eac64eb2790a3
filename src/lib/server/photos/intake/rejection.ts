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
