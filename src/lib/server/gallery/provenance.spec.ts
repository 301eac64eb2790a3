import fs from 'node:fs';
import { createHash, createPublicKey, verify } from 'node:crypto';
import canonicalize from 'canonicalize';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { eq } from 'drizzle-orm';
import { galleryCase, galleryImage, photo } from '../db/schema';
import { photoTestClinic } from '$test/support/photo-clinic';
import { caseMaterial, draftOf } from '$test/support/gallery-material';
import { updateDraft } from './drafts';
import { publishCase, withdrawCase } from './publish';
import { publicProvenance } from './provenance-record';
import { installKey, type PublicJwk } from '../platform/signing-key';
import {
	provenanceWords,
	type AlignOperation,
	type SignedProvenance
} from '../../domain/provenance';
import type { CaseRedactions } from '../../domain/redaction';

let c: ReturnType<typeof photoTestClinic>;
beforeEach(() => (c = photoTestClinic()));
afterEach(() => c.cleanup());

const ORIGIN = 'https://clinic.example';
const sha = (b: Uint8Array) => createHash('sha256').update(b).digest('hex');

const redactions: CaseRedactions = {
	before: {
		crop: { x: 0.1, y: 0.1, w: 0.6, h: 0.6 },
		masks: [{ kind: 'bar', x: 0, y: 0, w: 1, h: 0.2 }]
	},
	after: {
		crop: { x: 0.2, y: 0.2, w: 0.6, h: 0.6 },
		masks: [{ kind: 'blur', x: 0.3, y: 0.3, w: 0.3, h: 0.3 }]
	}
};

/** A published case whose photo rows carry their originals' real SHA-256 and size, as intake
 * stores them (the shared material leaves them made up). */
async function published() {
	const m = await caseMaterial(c);
	for (const p of [m.before, m.after]) {
		const bytes = await c.store.read(p.originalKey);
		c.db
			.update(photo)
			.set({ sha256: sha(bytes), width: 640, height: 480 })
			.where(eq(photo.id, p.id))
			.run();
	}
	const draft = draftOf(c, m);
	updateDraft(c.db, c.actor, draft.id, { redactions });
	const row = await publishCase(c.db, c.store, c.actor, draft.id);
	return { ...m, row };
}

const record = (caseId: string) =>
	publicProvenance(c.db, c.store, c.clinic.slug, caseId, ORIGIN).then((r) => r!);

/** How any verifier checks it: its own canonicalisation and node:crypto, nothing of ours. */
function verifies(r: SignedProvenance, jwk: PublicJwk): boolean {
	const { signature, ...rest } = r;
	const bytes = Buffer.from(canonicalize(rest)!, 'utf8');
	const key = createPublicKey({ key: { ...jwk }, format: 'jwk' });
	return verify(null, bytes, key, Buffer.from(signature.value, 'base64url'));
}

describe('provenance: fixed at publish', () => {
	it('stores the body with the case and each public file’s hash', async () => {
		const { row, before, after } = await published();
		const stored = c.db.select().from(galleryCase).where(eq(galleryCase.id, row.id)).get()!;
		expect(stored.provenance).toEqual(row.provenance);
		expect(row.provenance).toMatchObject({
			schema: 'resurface-provenance/1',
			appVersion: JSON.parse(fs.readFileSync('package.json', 'utf8')).version,
			publishedAt: row.publishedAt!.toISOString(),
			sources: [
				{ role: 'before', capturedOn: before.takenOn.slice(0, 7), view: 'front' },
				{ role: 'after', capturedOn: after.takenOn.slice(0, 7), view: 'front' }
			],
			overrides: []
		});
		const ops = (row.provenance as SignedProvenance).operations;
		expect(ops.before.map((o) => o.op)).toEqual(['redact', 'crop', 'resize', 'encode']);
		expect(ops.after.map((o) => o.op)).toEqual(['redact', 'crop', 'resize', 'encode']);
		expect(ops.og.map((o) => o.op)).toEqual(['compose', 'encode']);
		expect(ops.before[0]).toEqual({
			op: 'redact',
			masks: [{ kind: 'bar', rect: { x: 0, y: 0, w: 1, h: 0.2 } }]
		});
		// the crop in the original's upright pixels too (the fixture is 640 × 480)
		expect(ops.before[1]).toEqual({
			op: 'crop',
			rect: { x: 0.1, y: 0.1, w: 0.6, h: 0.6 },
			pixels: { left: 64, top: 48, width: 384, height: 288 },
			of: { width: 640, height: 480 }
		});
		const images = c.db.select().from(galleryImage).where(eq(galleryImage.caseId, row.id)).all();
		expect(images.length).toBeGreaterThan(0);
		for (const i of images) {
			expect(i.sha256, i.key).toBe(sha(await c.store.read(i.key)));
		}
	});
});

describe('provenance: the served record', () => {
	it('hashes the originals and the files, and verifies with the served key', async () => {
		const { row, before, after } = await published();
		const r = await record(row.id);
		const originals = await Promise.all(
			[before, after].map(async (p) => sha(await c.store.read(p.originalKey)))
		);
		expect(r.sources.map((s) => s.sha256)).toEqual(originals);
		expect(r.case).toEqual({
			id: row.id,
			clinic: c.clinic.slug,
			url: `${ORIGIN}/c/${c.clinic.slug}/cases/${row.id}`
		});
		const images = c.db.select().from(galleryImage).where(eq(galleryImage.caseId, row.id)).all();
		expect(r.outputs).toHaveLength(images.length);
		for (const o of r.outputs) {
			const image = images.find(
				(i) => i.which === o.which && i.width === o.width && i.format === o.format
			)!;
			const ext = o.format === 'jpeg' ? 'jpg' : o.format;
			expect(o.url).toBe(`${ORIGIN}/media/public/${image.token}/${image.width}.${ext}`);
			expect(o.sha256).toBe(sha(await c.store.read(image.key)));
		}
		const key = installKey(c.db);
		expect(r.signature).toMatchObject({ alg: 'Ed25519', kid: key.kid });
		expect(verifies(r, key.jwk)).toBe(true);
		// a second fetch is the same record, signed the same (Ed25519 is deterministic)
		expect(await record(row.id)).toEqual(r);
	});

	it('fails to verify when one byte of the record changes', async () => {
		const { row } = await published();
		const r = await record(row.id);
		const jwk = installKey(c.db).jwk;
		const tampered = structuredClone(r);
		const h = tampered.outputs[0].sha256;
		tampered.outputs[0].sha256 = (h[0] === '0' ? '1' : '0') + h.slice(1);
		expect(verifies(tampered, jwk)).toBe(false);
		const earlier = structuredClone(r);
		earlier.sources[1].capturedOn = '2026-03';
		expect(verifies(earlier, jwk)).toBe(false);
		// reordering keys changes nothing: the canonical form is what is signed
		const reordered = Object.fromEntries(Object.entries(r).reverse()) as SignedProvenance;
		expect(Object.keys(reordered)[0]).toBe('signature');
		expect(verifies(reordered, jwk)).toBe(true);
	});

	it('builds, signs and stores what is missing for a case published before records', async () => {
		const { row } = await published();
		const atPublish = await record(row.id);
		c.db.update(galleryCase).set({ provenance: null }).where(eq(galleryCase.id, row.id)).run();
		c.db.update(galleryImage).set({ sha256: null }).where(eq(galleryImage.caseId, row.id)).run();
		const legacy = await record(row.id);
		expect(legacy).toMatchObject({ appVersion: null, recordedAfterPublishing: true });
		expect(legacy.operations).toEqual(atPublish.operations);
		expect(legacy.sources).toEqual(atPublish.sources);
		expect(legacy.outputs).toEqual(atPublish.outputs);
		expect(verifies(legacy, installKey(c.db).jwk)).toBe(true);
		const hashes = c.db.select().from(galleryImage).where(eq(galleryImage.caseId, row.id)).all();
		expect(hashes.every((i) => i.sha256 && /^[0-9a-f]{64}$/.test(i.sha256))).toBe(true);
		// the body itself stays as it was: rebuilt on each request from the same rows
		expect(
			c.db.select().from(galleryCase).where(eq(galleryCase.id, row.id)).get()!.provenance
		).toBeNull();
	});

	it('names no one: no patient, person, photo id or file key', async () => {
		const { row, p, before, after } = await published();
		const text = JSON.stringify(await record(row.id));
		const secrets = [
			p.id,
			p.displayName,
			c.clinician.id,
			c.clinician.name,
			c.clinician.email,
			before.id,
			after.id,
			before.originalKey,
			after.originalKey,
			row.courseId,
			// the day of the visit: the public side gives the month only
			before.takenOn,
			after.takenOn
		];
		for (const s of secrets) {
			expect(text, s).not.toContain(s);
		}
		const keys = c.db.select().from(galleryImage).where(eq(galleryImage.caseId, row.id)).all();
		for (const k of keys) {
			expect(text).not.toContain(k.key);
		}
	});

	it('is gone once the case is withdrawn, and for another clinic’s address', async () => {
		const { row } = await published();
		expect(await publicProvenance(c.db, c.store, 'nope', row.id, ORIGIN)).toBeNull();
		await withdrawCase(c.db, c.store, c.actor, row.id);
		expect(await publicProvenance(c.db, c.store, c.clinic.slug, row.id, ORIGIN)).toBeNull();
	});
});

describe('provenance: in plain words', () => {
	it('says what was done, once for both photos', async () => {
		const { row } = await published();
		const r = await record(row.id);
		expect(provenanceWords(r)).toEqual([
			'Cropped to 36 % of the photo',
			'1 eye bar',
			'1 blurred area',
			`resized to ${r.outputs.filter((o) => o.which === 'after').at(-1)!.width} × ${
				(r.operations.after.find((o) => o.op === 'resize') as { height: number }).height
			}`,
			'not retouched'
		]);
		const none = { ...r, operations: { before: [], after: [], og: [] } };
		expect(provenanceWords(none)).toEqual(['Not retouched']);
		const other = structuredClone(r);
		other.operations.before = other.operations.before.map((o) =>
			o.op === 'crop' ? { ...o, rect: { x: 0, y: 0, w: 0.5, h: 0.5 } } : o
		);
		expect(provenanceWords(other)[0]).toBe('Cropped to 25–36 % of the photo');
		// the alignment step's operation, when it comes, is said first
		const aligned = structuredClone(r);
		aligned.operations.after.unshift({
			op: 'align',
			to: 'baseline',
			method: 'landmarks+ecc',
			confidence: 0.97,
			scale: 1.02,
			rotationDeg: -1.5,
			dx: 3,
			dy: -2
		});
		expect(provenanceWords(aligned).slice(0, 2)).toEqual([
			'After photo aligned: only moved, turned 1.5° and scaled to 102 %',
			'cropped to 36 % of the photo'
		]);
		// as publish records it: into the before's frame; a step too small to see is not named
		aligned.operations.after[0] = {
			...(aligned.operations.after[0] as AlignOperation),
			to: 'before',
			rotationDeg: 0.01,
			scale: 1
		};
		expect(provenanceWords(aligned)[0]).toBe('After photo aligned to the before: only moved');
	});
});
