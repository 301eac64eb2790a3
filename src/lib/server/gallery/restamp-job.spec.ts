// A changed watermark re-renders the published cases under new tokens, in a job.
import sharp from 'sharp';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { and, eq } from 'drizzle-orm';
import { auditEvent, galleryCase, galleryImage, job } from '../db/schema';
import { photoTestClinic } from '$test/support/photo-clinic';
import { caseMaterial, draftOf } from '$test/support/gallery-material';
import { CORNERS, markedAt, storedRaw, WATERMARK_ON } from '$test/support/watermark-material';
import { publishCase, withdrawCase } from './publish';
import { updateDraft } from './drafts';
import { publicImageFile } from './public';
import { publicProvenance } from './provenance-record';
import { sha256Hex } from './provenance';
import { casesAwaitingStamp, restampCase, restampClinic, RESTAMP_JOB } from './restamp-job';
import { startWorker } from '../jobs/worker';
import { backgroundJobs } from '../platform/background-jobs';
import { saveWatermark, watermarkView } from '../clinic/watermark-settings';
import { replaceLogo } from '../clinic/brand-logo';
import {
	provenanceWords,
	type ProvenanceBody,
	type WatermarkOperation
} from '../../domain/provenance';

let c: ReturnType<typeof photoTestClinic>;
beforeEach(() => (c = photoTestClinic()));
afterEach(() => c.cleanup());

const ON = WATERMARK_ON;
// a quarter of the 640 × 480 photo: one public width, so each render is quick
const SMALL = { crop: { x: 0.25, y: 0.25, w: 0.5, h: 0.5 }, masks: [] };

async function published() {
	const m = await caseMaterial(c);
	const draft = draftOf(c, m);
	updateDraft(c.db, c.actor, draft.id, { redactions: { before: SMALL, after: SMALL } });
	return publishCase(c.db, c.store, c.actor, draft.id);
}
const images = (caseId: string) =>
	c.db.select().from(galleryImage).where(eq(galleryImage.caseId, caseId)).all();
const record = (caseId: string) =>
	c.db.select().from(galleryCase).where(eq(galleryCase.id, caseId)).get()!
		.provenance as ProvenanceBody;
const pending = () =>
	c.db
		.select()
		.from(job)
		.where(and(eq(job.kind, RESTAMP_JOB), eq(job.status, 'pending')))
		.all();
const fileName = (i: { width: number; format: string }) =>
	`${i.width}.${i.format === 'jpeg' ? 'jpg' : i.format}`;
const marks = (ops: { op: string }[]) =>
	ops.filter((o): o is WatermarkOperation => o.op === 'watermark');

async function runJobs() {
	const worker = startWorker(c.db, backgroundJobs(c.db, c.store));
	await worker.idle();
	await worker.stop();
}

describe('re-rendering for a new watermark', { timeout: 120_000 }, () => {
	it('publishes the case anew under new tokens; the old URLs answer 404', async () => {
		const row = await published();
		const old = images(row.id);
		expect(marks(record(row.id).operations.before)).toEqual([]);

		saveWatermark(c.db, c.actor, ON);
		expect(pending()).toHaveLength(1);
		expect(casesAwaitingStamp(c.db, c.clinic.id)).toEqual([row.id]);
		expect(watermarkView(c.db, c.actor).awaiting).toBe(1);
		const logged = c.db
			.select()
			.from(auditEvent)
			.where(eq(auditEvent.action, 'clinic_watermark'))
			.all();
		expect(logged.map((a) => a.detail)).toEqual(['watermark off → on: name, bottom right, 80 %']);

		await runJobs();
		expect(watermarkView(c.db, c.actor).awaiting).toBe(0);
		const now = images(row.id);
		const oldTokens = new Set(old.map((i) => i.token));
		expect(now.some((i) => oldTokens.has(i.token))).toBe(false);
		for (const i of old) {
			expect(publicImageFile(c.db, i.token, fileName(i)), i.key).toBeNull();
			expect(c.files()).not.toContain(i.key);
		}
		// WebP, the card and the AVIF its job added after the swap, each file as its row says
		expect(new Set(now.map((i) => i.format))).toEqual(new Set(['webp', 'jpeg', 'avif']));
		for (const i of now) {
			expect(publicImageFile(c.db, i.token, fileName(i))).not.toBeNull();
			expect(sha256Hex(await c.store.read(i.key))).toBe(i.sha256);
		}
		// the new before shows the mark where the old one had none
		const oldBefore = old.find((i) => i.which === 'before' && i.format === 'webp')!;
		const newBefore = now.find((i) => i.which === 'before' && i.format === 'webp')!;
		expect(c.files()).not.toContain(oldBefore.key);

		// the record lists the mark before each encode, and its files' hashes are the new ones
		const body = record(row.id);
		const mark = {
			op: 'watermark',
			mark: 'name',
			text: 'Test clinic',
			position: 'bottom-right',
			opacity: 0.8
		};
		for (const ops of [body.operations.before, body.operations.after, body.operations.og]) {
			expect(marks(ops)).toEqual([mark]);
			expect(ops.at(-2)).toEqual(mark);
			expect(ops.at(-1)?.op).toBe('encode');
		}
		expect(provenanceWords(body)).toContain("the clinic's watermark added");
		const signed = (await publicProvenance(c.db, c.store, c.clinic.slug, row.id, 'https://x'))!;
		expect(signed.outputs).toHaveLength(now.length);
		for (const o of signed.outputs) {
			const file = now.find((i) => o.url.endsWith(`/${i.token}/${fileName(i)}`))!;
			expect(o.sha256).toBe(file.sha256);
		}
		expect(newBefore.width).toBe(oldBefore.width);
		expect(await restampClinic(c.db, c.store, { clinicId: c.clinic.id })).toBe(0);
	});

	it('moves the mark, and takes it off, each time under new tokens', async () => {
		const row = await published();
		saveWatermark(c.db, c.actor, ON);
		expect(await restampClinic(c.db, c.store, { clinicId: c.clinic.id })).toBe(1);
		const atBottom = images(row.id).find((i) => i.which === 'before')!;
		const bottomPixels = await storedRaw(c.store, atBottom.key);

		saveWatermark(c.db, c.actor, { ...ON, position: 'top-left' });
		expect(await restampClinic(c.db, c.store, { clinicId: c.clinic.id })).toBe(1);
		const atTop = images(row.id).find((i) => i.which === 'before')!;
		expect(atTop.token).not.toBe(atBottom.token);
		expect(marks(record(row.id).operations.before)[0].position).toBe('top-left');

		saveWatermark(c.db, c.actor, { ...ON, enabled: false });
		expect(await restampClinic(c.db, c.store, { clinicId: c.clinic.id })).toBe(1);
		const bare = images(row.id).find((i) => i.which === 'before')!;
		expect(bare.token).not.toBe(atTop.token);
		expect(marks(record(row.id).operations.before)).toEqual([]);
		const barePixels = await storedRaw(c.store, bare.key);
		expect(
			markedAt(bottomPixels, barePixels, CORNERS['bottom-right'], CORNERS['top-left'])
		).toMatchObject({ ok: true });
		// the old files are gone with their rows
		expect(c.files()).not.toContain(atTop.key);

		// saving the same settings again leaves the cases and the queue alone
		const jobsBefore = pending().length;
		saveWatermark(c.db, c.actor, { ...ON, enabled: false });
		expect(pending()).toHaveLength(jobsBefore);
		expect(casesAwaitingStamp(c.db, c.clinic.id)).toEqual([]);
	});

	it('draws the new logo once it replaces the old one', async () => {
		const logoFile = (colour: string) =>
			sharp({ create: { width: 200, height: 80, channels: 3, background: colour } })
				.png()
				.toBuffer();
		const first = await replaceLogo(c.db, c.store, c.actor, await logoFile('#0000ff'));
		const row = await published();
		saveWatermark(c.db, c.actor, { ...ON, mark: 'logo' });
		await restampClinic(c.db, c.store, { clinicId: c.clinic.id });
		expect(marks(record(row.id).operations.before)[0]).toMatchObject({
			mark: 'logo',
			logo: first.key
		});
		const second = await replaceLogo(c.db, c.store, c.actor, await logoFile('#ff0000'));
		expect(casesAwaitingStamp(c.db, c.clinic.id)).toEqual([row.id]);
		expect(pending().length).toBeGreaterThan(0);
		expect(await restampClinic(c.db, c.store, { clinicId: c.clinic.id })).toBe(1);
		expect(marks(record(row.id).operations.before)[0]).toMatchObject({ logo: second.key });
	});

	it('keeps nothing it rendered for a case withdrawn meanwhile', async () => {
		const row = await published();
		saveWatermark(c.db, c.actor, ON);
		const running = restampCase(c.db, c.store, row.id);
		await withdrawCase(c.db, c.store, c.actor, row.id);
		expect(await running).toBe(false);
		expect(c.count('gallery_image')).toBe(0);
		expect(c.files().filter((f) => f.startsWith('public/'))).toEqual([]);
	});
});
