import fs from 'node:fs';
import path from 'node:path';
import sharp from 'sharp';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { eq } from 'drizzle-orm';
import { writeTx } from '../../db/client';
import { course, photo, treatmentSession, type Patient } from '../../db/schema';
import { handlePhotoUpload } from '../intake/upload-request';
import { processPhoto } from '../pipeline/process';
import { deletePhoto } from '../delete';
import { photoArchive, type ArchiveOptions } from './export-zip';
import { photoTestClinic, uploadRequest } from '$test/support/photo-clinic';
import { unzip } from '$test/support/unzip';

const FIXTURES = path.resolve('../shared/fixtures/photos');
const fixture = (p: string) => fs.readFileSync(path.join(FIXTURES, p));

let c: ReturnType<typeof photoTestClinic>;
beforeEach(() => (c = photoTestClinic()));
afterEach(() => c.cleanup());

function addCourse(p: Patient, concern: string, dates: string[]) {
	return writeTx(c.db, (tx) => {
		const co = tx
			.insert(course)
			.values({
				clinicId: c.clinic.id,
				patientId: p.id,
				concern,
				plannedSessions: 4,
				intervalWeeks: 4,
				startedOn: dates[0]
			})
			.returning()
			.get();
		return dates.map(
			(performedOn) =>
				tx
					.insert(treatmentSession)
					.values({ clinicId: c.clinic.id, courseId: co.id, performedOn })
					.returning()
					.get().id
		);
	});
}

/** `derive`: the real pipeline; `mark`: only flagged ready (the archive reads only the original). */
async function addPhoto(
	p: Patient,
	file: string,
	fields: Record<string, string>,
	ready: 'derive' | 'mark' | false = 'derive'
) {
	const out = await handlePhotoUpload(
		c.db,
		c.store,
		c.actor,
		p,
		uploadRequest([{ name: path.basename(file), bytes: fixture(file) }], fields)
	);
	const id = out.files[0].id!;
	if (ready === 'derive') {
		expect(await processPhoto(c.db, c.store, id)).toBe('ready');
	} else if (ready === 'mark') {
		writeTx(c.db, (tx) => tx.update(photo).set({ status: 'ready' }).where(eq(photo.id, id)).run());
	}
	return c.db.select().from(photo).where(eq(photo.id, id)).get()!;
}

async function readAll(stream: ReadableStream<Uint8Array>): Promise<Buffer> {
	return Buffer.from(await new Response(stream).arrayBuffer());
}

/**
 * The marker segments before the image data: metadata can live only there (APP1 EXIF/XMP, APP13
 * IPTC, COM). The entropy-coded data after SOS may hold any byte sequence, "GPS" included.
 */
function jpegHeader(jpeg: Buffer): { markers: number[]; bytes: Buffer } {
	const markers: number[] = [];
	let at = 2; // after SOI
	while (at + 4 <= jpeg.length && jpeg[at] === 0xff) {
		const marker = jpeg[at + 1];
		markers.push(marker);
		if (marker === 0xda) {
			break; // SOS: image data follows
		}
		at += 2 + jpeg.readUInt16BE(at + 2);
	}
	return { markers, bytes: jpeg.subarray(0, at) };
}
const APP0 = 0xe0;

/** Mean absolute difference (0–255) of two pictures shrunk to a 24×32 grey thumbnail. */
async function difference(a: Buffer, b: Buffer): Promise<number> {
	const thumb = (img: Buffer) =>
		sharp(img).autoOrient().resize(24, 32, { fit: 'fill' }).greyscale().raw().toBuffer();
	const [x, y] = await Promise.all([thumb(a), thumb(b)]);
	return x.reduce((sum, v, i) => sum + Math.abs(v - y[i]), 0) / x.length;
}
const COM = 0xfe;
const METADATA_TEXT = ['Exif', 'GPS', 'http://ns.adobe.com/xap', 'Photoshop 3.0', 'NIKON', 'Jolla'];

describe('photoArchive', () => {
	it('zips every ready photo of the patient at full size, upright and without metadata', async () => {
		const p = c.addPatient();
		const [s1, s2] = addCourse(p, 'acne_scars', ['2026-01-10', '2026-02-10']);
		const made = [
			await addPhoto(p, 'exif/gps-nikon-DSCN0010.jpg', { view: 'front', sessionId: s1 }),
			await addPhoto(p, 'orientation/Portrait_6.jpg', { view: 'left45', sessionId: s1 }),
			await addPhoto(p, 'heic/iphone-IMG_5195.heic', { view: 'front', sessionId: s2 }),
			await addPhoto(p, 'exif/gps-nikon-DSCN0012.jpg', { view: 'right45', sessionId: s2 }),
			await addPhoto(p, 'exif/phone-jolla.jpg', { view: 'front', takenOn: '2026-03-01' })
		];
		// Not in the archive: one still processing, one deleted, one of another patient.
		await addPhoto(p, 'orientation/Landscape_3.jpg', { view: 'right90', sessionId: s2 }, false);
		const gone = await addPhoto(p, 'orientation/Landscape_1.jpg', { view: 'left90' });
		await deletePhoto(c.db, c.store, c.actor, gone.id);
		const other = c.addPatient();
		await addPhoto(other, 'exif/gps-nikon-DSCN0012.jpg', { view: 'front' });

		const archive = photoArchive(c.db, c.store, p.id, { now: new Date('2026-04-02T09:00:00Z') });
		expect(archive.photoCount).toBe(5);
		expect(archive.fileName).toBe('resurface-photos-2026-04-02.zip');
		const entries = await unzip(await readAll(archive.stream));

		expect(entries.map((e) => e.name)).toEqual([
			'README.txt',
			'Acne scars/2026-01-10-session-1-front.jpg',
			'Acne scars/2026-01-10-session-1-left45.jpg',
			'Acne scars/2026-02-10-session-2-front.jpg',
			'Acne scars/2026-02-10-session-2-right45.jpg',
			'Other photos/2026-03-01-front.jpg'
		]);
		const readme = entries[0].data.toString('utf8');
		expect(readme).toContain('Test clinic');
		expect(readme).toContain('Pat Test');
		expect(readme).toContain('2 Apr 2026');
		expect(readme).toMatch(/no location \(GPS\), camera/);

		for (const [i, e] of entries.slice(1).entries()) {
			expect(e.method).toBe(0);
			const meta = await sharp(e.data).metadata();
			expect(meta.format).toBe('jpeg');
			expect([meta.width, meta.height]).toEqual([made[i].width, made[i].height]);
			expect(meta.exif).toBeUndefined();
			expect(meta.xmp).toBeUndefined();
			expect(meta.iptc).toBeUndefined();
			expect(meta.orientation).toBeUndefined();
			const header = jpegHeader(e.data);
			expect(header.markers.at(-1)).toBe(0xda);
			const appOrComment = header.markers.filter((m) => (m > APP0 && m <= 0xef) || m === COM);
			expect(appOrComment, e.name).toEqual([]);
			for (const text of METADATA_TEXT) {
				expect(header.bytes.includes(text, 0, 'latin1'), `${e.name} has ${text}`).toBe(false);
			}
		}
		// The sizes are the originals' own upright sizes, not a derivative's: the HEIC is 2566 wide
		// (more than the largest derivative) and the EXIF-rotated portrait comes out portrait.
		expect([made[2].width, made[2].height]).toEqual([2566, 3313]);
		const portrait = await sharp(fixture('orientation/Portrait_6.jpg')).metadata();
		expect(portrait.orientation).toBe(6);
		expect([made[1].width, made[1].height]).toEqual([portrait.height, portrait.width]);
		// The rotated portrait is upright: it matches the same scene stored without rotation.
		expect(await difference(entries[2].data, fixture('orientation/Portrait_0.jpg'))).toBeLessThan(
			8
		);
		// ...and the scan above would have seen what the originals carry.
		const original = jpegHeader(fixture('exif/gps-nikon-DSCN0010.jpg'));
		expect(original.markers).toContain(0xe1);
		expect(['Exif', 'NIKON'].every((t) => original.bytes.includes(t, 0, 'latin1'))).toBe(true);
	}, 120_000);

	it('is a README alone when the patient has no ready photo', async () => {
		const p = c.addPatient();
		const archive = photoArchive(c.db, c.store, p.id);
		expect(archive.photoCount).toBe(0);
		const entries = await unzip(await readAll(archive.stream));
		expect(entries.map((e) => e.name)).toEqual(['README.txt']);
	});

	it('leaves out a photo whose original cannot be read, and says so in the archive', async () => {
		const p = c.addPatient();
		const day = { takenOn: '2026-01-01' };
		const a = await addPhoto(p, 'orientation/Landscape_1.jpg', { view: 'front', ...day }, 'mark');
		await addPhoto(p, 'orientation/Landscape_3.jpg', { view: 'left45', ...day }, 'mark');
		fs.rmSync(c.store.localPath(a.originalKey));
		const logged = vi.spyOn(console, 'error').mockImplementation(() => {});
		const archive = photoArchive(c.db, c.store, p.id);
		const entries = await unzip(await readAll(archive.stream));
		expect(logged).toHaveBeenCalledOnce();
		logged.mockRestore();
		expect(entries.map((e) => e.name)).toEqual([
			'README.txt',
			'Other photos/2026-01-01-left45.jpg',
			'NOT-INCLUDED.txt'
		]);
		expect(entries[2].data.toString()).toContain('Other photos/2026-01-01-front.jpg');
	});

	describe('streaming', () => {
		const progress = () => {
			const seen = { done: 0 };
			const opts: ArchiveOptions = { onProgress: (done) => (seen.done = done) };
			return { seen, opts };
		};
		const fourPhotos = async () => {
			const p = c.addPatient();
			for (const n of [1, 3, 6, 8]) {
				await addPhoto(p, `orientation/Landscape_${n}.jpg`, { view: 'front' }, 'mark');
			}
			return p;
		};
		const settle = () => new Promise((r) => setTimeout(r, 800));

		it('converts nothing until read, then keeps at most one photo ahead of the reader', async () => {
			const p = await fourPhotos();
			const { seen, opts } = progress();
			const archive = photoArchive(c.db, c.store, p.id, opts);
			await settle();
			expect(seen.done).toBe(0);
			const reader = archive.stream.getReader();
			const first = await reader.read();
			expect(first.value?.subarray(0, 4)).toEqual(new Uint8Array([0x50, 0x4b, 0x03, 0x04]));
			// the photo being sent and the next one; the other two wait for the reader
			await vi.waitFor(() => expect(seen.done).toBe(2), { timeout: 20_000 });
			await settle();
			expect(seen.done).toBe(2);
			const rest: Uint8Array[] = [first.value!];
			for (let r = await reader.read(); !r.done; r = await reader.read()) {
				rest.push(r.value);
			}
			expect(seen.done).toBe(4);
			const entries = await unzip(Buffer.concat(rest));
			expect(entries.map((e) => e.name)).toEqual([
				'README.txt',
				...['', '-2', '-3', '-4'].map((n) => `Other photos/${photo1Date(c, p.id)}-front${n}.jpg`)
			]);
		}, 60_000);

		it('stops converting when the reader cancels', async () => {
			const p = await fourPhotos();
			const { seen, opts } = progress();
			const reader = photoArchive(c.db, c.store, p.id, opts).stream.getReader();
			await reader.read();
			await reader.cancel();
			// the photo already under way finishes; nothing after it starts
			await vi.waitFor(() => expect(seen.done).toBe(1), { timeout: 20_000 });
			await settle();
			expect(seen.done).toBe(1);
		}, 60_000);
	});
});

function photo1Date(t: typeof c, patientId: string): string {
	return t.db.select().from(photo).where(eq(photo.patientId, patientId)).get()!.takenOn;
}
