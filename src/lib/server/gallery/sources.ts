import { eq } from 'drizzle-orm';
import type { Db } from '../db/client';
import { photo } from '../db/schema';
import type { BlobStore } from '../storage/blob-store';
import type { SourceType } from '../photos/pipeline/decode';
import { GalleryError } from './drafts';
import type { Source } from './render';

/** The original behind a case's photo, with the redaction to apply to it. */
export function photoSource(
	db: Db,
	store: BlobStore,
	photoId: string,
	redaction: Source['redaction']
): Source {
	const p = db.select().from(photo).where(eq(photo.id, photoId)).get();
	const path = p && !p.deletedAt ? store.localPath(p.originalKey) : null;
	if (!p || !path) {
		throw new GalleryError(409, 'One of the photos has been deleted.');
	}
	return { path, type: p.originalType as SourceType, redaction };
}
