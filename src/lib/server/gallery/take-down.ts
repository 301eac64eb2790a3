import { and, inArray, ne } from 'drizzle-orm';
import type { Tx } from '../db/client';
import { galleryCase, galleryImage } from '../db/schema';

/**
 * Inside the caller's transaction: the cases (published or draft) are withdrawn and their
 * image rows go, so the very next request for any of their URLs is a 404. Returns the file
 * keys for the caller to delete (deleteFiles) once the transaction has committed.
 */
export function takeDownCases(tx: Tx, caseIds: string[], now = new Date()): string[] {
	if (caseIds.length === 0) {
		return [];
	}
	const files = tx
		.select({ key: galleryImage.key })
		.from(galleryImage)
		.where(inArray(galleryImage.caseId, caseIds))
		.all()
		.map((r) => r.key);
	tx.delete(galleryImage).where(inArray(galleryImage.caseId, caseIds)).run();
	tx.update(galleryCase)
		.set({ status: 'withdrawn', withdrawnAt: now })
		.where(and(inArray(galleryCase.id, caseIds), ne(galleryCase.status, 'withdrawn')))
		.run();
	return files;
}
