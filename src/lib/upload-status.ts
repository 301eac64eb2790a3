/** What the page's data currently says about a photo (the grid refreshes it while any process). */
export interface KnownPhoto {
	id: string;
	status: 'processing' | 'ready' | 'failed';
	failureReason: string | null;
}

export type UploadState =
	{ phase: 'processing' } | { phase: 'ready' } | { phase: 'failed'; reason: string };

/**
 * Where an uploaded photo stands now. An upload's own answer ("uploaded, processing") is a
 * moment in the past: once the page's photo list knows the photo, that list decides, so the
 * words turn to ready, or failed with the reason, without a reload. Until it knows, the photo
 * is still processing.
 */
export function uploadState(photoId: string | null | undefined, photos: KnownPhoto[]): UploadState {
	const known = photoId ? photos.find((p) => p.id === photoId) : undefined;
	if (known?.status === 'ready') {
		return { phase: 'ready' };
	}
	if (known?.status === 'failed') {
		return { phase: 'failed', reason: known.failureReason ?? 'The photo could not be processed.' };
	}
	return { phase: 'processing' };
}

/** True while some uploaded photo is not yet in the page's list: the page must look again. */
export function awaitingList(photoIds: (string | null | undefined)[], photos: KnownPhoto[]) {
	return photoIds.some((id) => id && !photos.some((p) => p.id === id));
}
