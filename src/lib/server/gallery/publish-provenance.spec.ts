// Its own file: the record's builder is made to fail here, for every test in the file.
import { afterEach, beforeEach, expect, it, vi } from 'vitest';
import { eq } from 'drizzle-orm';
import { galleryCase } from '../db/schema';
import { photoTestClinic } from '$test/support/photo-clinic';
import { caseMaterial, draftOf } from '$test/support/gallery-material';
import { publishCase } from './publish';

vi.mock('./provenance', async (original) => ({
	...(await original<typeof import('./provenance')>()),
	provenanceBody: () => {
		throw new Error('the record could not be made');
	}
}));

let c: ReturnType<typeof photoTestClinic>;
beforeEach(() => (c = photoTestClinic()));
afterEach(() => c.cleanup());

it('publishes nothing when the provenance record cannot be made', async () => {
	const draft = draftOf(c, await caseMaterial(c));
	await expect(publishCase(c.db, c.store, c.actor, draft.id)).rejects.toThrow(
		'the record could not be made'
	);
	const row = c.db.select().from(galleryCase).where(eq(galleryCase.id, draft.id)).get()!;
	expect(row).toMatchObject({ status: 'draft', publishedAt: null, provenance: null });
	expect(c.count('gallery_image')).toBe(0);
	expect(c.count("audit_event where action = 'gallery_publish'")).toBe(0);
	expect(c.files().filter((f) => f.startsWith('public/'))).toEqual([]);
});
