import sharp from 'sharp';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { and, eq } from 'drizzle-orm';
import { galleryCase, galleryImage, job } from '../db/schema';
import { photoTestClinic } from '$test/support/photo-clinic';
import { caseMaterial, draftOf } from '$test/support/gallery-material';
import { publishCase, withdrawCase } from './publish';
import { updateDraft } from './drafts';
import { publicCase } from './public';
import { publicProvenance } from './provenance-record';
import { sha256Hex } from './provenance';
import { addAvifRenditions, AVIF_JOB, type AvifPayload } from './avif-job';
import { startWorker } from '../jobs/worker';
import { backgroundJobs } from '../platform/background-jobs';
import type { EncodeOperation, ProvenanceBody } from '../../domain/provenance';

let c: ReturnType<typeof photoTestClinic>;
beforeEach(() => (c = photoTestClinic()));
afterEach(() => c.cleanup());

const publicFiles = () => c.files().filter((f) => f.startsWith('public/'));
const images = (caseId: string, format?: 'avif' | 'webp' | 'jpeg') =>
	c.db
		.select()
		.from(galleryImage)
		.where(
			format
				? and(eq(galleryImage.caseId, caseId), eq(galleryImage.format, format))
				: eq(galleryImage.caseId, caseId)
		)
		.all();
const jobs = () => c.db.select().from(job).where(eq(job.kind, AVIF_JOB)).all();
const encodeFormats = (caseId: string) => {
	const body = c.db.select().from(galleryCase).where(eq(galleryCase.id, caseId)).get()!
		.provenance as ProvenanceBody;
	return [body.operations.before, body.operations.after].map(
		(ops) => (ops.find((o) => o.op === 'encode') as EncodeOperation).formats
	);
};

// a quarter of the 640 × 480 photo: one public width, so each AVIF render is a few seconds
const SMALL = { crop: { x: 0.25, y: 0.25, w: 0.5, h: 0.5 }, masks: [] };

async function published() {
	const m = await caseMaterial(c);
	const draft = draftOf(c, m);
	updateDraft(c.db, c.actor, draft.id, { redactions: { before: SMALL, after: SMALL } });
	return publishCase(c.db, c.store, c.actor, draft.id);
}

// AVIF effort 4 is the slow part this job takes out of publish: 2–8 s a render here at load 8
describe('publish: WebP first, AVIF in a job', { timeout: 90_000 }, () => {
	it('answers with WebP and the card, and queues the AVIF renditions', async () => {
		const row = await published();
		expect(new Set(images(row.id).map((i) => i.format))).toEqual(new Set(['webp', 'jpeg']));
		expect(encodeFormats(row.id)).toEqual([['webp'], ['webp']]);
		expect(jobs()).toHaveLength(1);
		// the page offers only what exists: no AVIF source yet
		const shown = publicCase(c.db, c.clinic.id, row.id)!;
		expect(shown.before.variants.every((v) => v.format === 'webp')).toBe(true);
		expect(shown.after.variants.length).toBeGreaterThan(0);
	});

	it('the job adds AVIF under the same tokens and widths, and the record says so', async () => {
		const row = await published();
		const worker = startWorker(c.db, backgroundJobs(c.db, c.store));
		await worker.idle();
		await worker.stop();
		expect(jobs()[0].status).toBe('done');
		const webp = images(row.id, 'webp');
		const avif = images(row.id, 'avif');
		expect(avif.map((i) => `${i.which} ${i.token} ${i.width}x${i.height}`).sort()).toEqual(
			webp.map((i) => `${i.which} ${i.token} ${i.width}x${i.height}`).sort()
		);
		for (const img of avif) {
			const bytes = await c.store.read(img.key);
			const meta = await sharp(bytes).metadata();
			expect(meta.format).toBe('heif');
			expect(meta.exif, img.key).toBeUndefined();
			expect(meta.xmp).toBeUndefined();
			expect(bytes.includes(Buffer.from('GPS'))).toBe(false);
			expect(img.placeholder).toBe(webp.find((w) => w.token === img.token)!.placeholder);
		}
		expect(encodeFormats(row.id)).toEqual([
			['avif', 'webp'],
			['avif', 'webp']
		]);
		// the signed record lists every file with the hash of its bytes
		const record = (await publicProvenance(c.db, c.store, c.clinic.slug, row.id, 'https://x'))!;
		const listed = record.outputs.filter((o) => o.format === 'avif');
		expect(listed).toHaveLength(avif.length);
		for (const o of listed) {
			const file = avif.find((i) => o.url.endsWith(`/${i.token}/${i.width}.avif`))!;
			expect(o.sha256).toBe(file.sha256);
		}
		const shown = publicCase(c.db, c.clinic.id, row.id)!;
		expect(shown.before.variants.filter((v) => v.format === 'avif')).toHaveLength(
			shown.before.variants.filter((v) => v.format === 'webp').length
		);
	});

	it('is safe to run again, and mends files written before a crash', async () => {
		const row = await published();
		const payload = jobs()[0].payload as AvifPayload;
		expect(await addAvifRenditions(c.db, c.store, payload)).toBe('added');
		const first = images(row.id, 'avif').map((i) => i.sha256);
		const record = c.db.select().from(galleryCase).where(eq(galleryCase.id, row.id)).get()!;
		expect(await addAvifRenditions(c.db, c.store, payload)).toBe('already there');
		expect(images(row.id, 'avif').map((i) => i.sha256)).toEqual(first);
		expect(
			c.db.select().from(galleryCase).where(eq(galleryCase.id, row.id)).get()!.provenance
		).toEqual(record.provenance);
		// files on disk but no rows (the process died before the commit): a retry redoes them
		c.db
			.delete(galleryImage)
			.where(and(eq(galleryImage.caseId, row.id), eq(galleryImage.format, 'avif')))
			.run();
		expect(await addAvifRenditions(c.db, c.store, payload)).toBe('added');
		expect(images(row.id, 'avif')).toHaveLength(first.length);
		for (const img of images(row.id, 'avif')) {
			expect(img.sha256).toBe(sha256Hex(await c.store.read(img.key)));
		}
		expect(encodeFormats(row.id)).toEqual([
			['avif', 'webp'],
			['avif', 'webp']
		]);
	});

	it('adds nothing to a case withdrawn before it ran', async () => {
		const row = await published();
		const payload = jobs()[0].payload as AvifPayload;
		await withdrawCase(c.db, c.store, c.actor, row.id);
		expect(await addAvifRenditions(c.db, c.store, payload)).toBe('not public');
		expect(c.count('gallery_image')).toBe(0);
		expect(publicFiles()).toEqual([]);
	});

	it('deletes what it wrote when the case is withdrawn while it renders', async () => {
		const row = await published();
		const payload = jobs()[0].payload as AvifPayload;
		const running = addAvifRenditions(c.db, c.store, payload);
		// the job has checked the case and is rendering: staff take it down now
		await withdrawCase(c.db, c.store, c.actor, row.id);
		expect(await running).toBe('not public');
		expect(c.count('gallery_image')).toBe(0);
		expect(publicFiles()).toEqual([]);
	});

	it('leaves a re-published case to its own job', async () => {
		const row = await published();
		const payload = jobs()[0].payload as AvifPayload;
		// the tokens of another publication of the case
		const other = { ...payload, tokens: payload.tokens.map((t) => `${t}x`) };
		expect(await addAvifRenditions(c.db, c.store, other)).toBe('not public');
		expect(images(row.id, 'avif')).toEqual([]);
		expect(publicFiles().some((f) => f.endsWith('.avif'))).toBe(false);
	});
});
