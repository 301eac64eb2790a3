import fs from 'node:fs';
import path from 'node:path';
import sharp from 'sharp';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { and, eq } from 'drizzle-orm';
import { writeTx } from '../db/client';
import {
	auditEvent,
	consent,
	course,
	patient,
	patientContact,
	photo,
	treatmentSession,
	type Patient
} from '../db/schema';
import { handlePhotoUpload } from '../photos/intake/upload-request';
import { processPhoto } from '../photos/pipeline/process';
import { recordConsent, revokeConsent } from '../consents/consents';
import { currentWording, saveWording, wordingByVersion } from '../consents/wording';
import { exportRecord } from './record-export';
import { RECORD_FORMAT, type PatientRecord } from './record-json';
import { photoTestClinic, uploadRequest } from '$test/support/photo-clinic';
import { unzip, type UnzippedEntry } from '$test/support/unzip';

const FIXTURES = path.resolve('../shared/fixtures/photos');
const fixture = (p: string) => fs.readFileSync(path.join(FIXTURES, p));
const SIGNATURE =
	'data:image/png;base64,iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==';
const EVIL = '<script>alert(1)</script>';

let c: ReturnType<typeof photoTestClinic>;
beforeEach(() => (c = photoTestClinic()));
afterEach(() => c.cleanup());

function addCourse(
	p: Patient,
	concern: string,
	sessions: Partial<typeof treatmentSession.$inferInsert>[]
) {
	return writeTx(c.db, (tx) => {
		const co = tx
			.insert(course)
			.values({
				clinicId: c.clinic.id,
				patientId: p.id,
				concern,
				areas: ['cheeks', 'forehead'],
				plannedSessions: 4,
				intervalWeeks: 6,
				startedOn: sessions[0].performedOn!
			})
			.returning()
			.get();
		return sessions.map(
			(s) =>
				tx
					.insert(treatmentSession)
					.values({ clinicId: c.clinic.id, courseId: co.id, performedOn: '2026-01-01', ...s })
					.returning()
					.get().id
		);
	});
}

async function addPhoto(p: Patient, file: string, fields: Record<string, string>) {
	const out = await handlePhotoUpload(
		c.db,
		c.store,
		c.actor,
		p,
		uploadRequest([{ name: path.basename(file), bytes: fixture(file) }], fields)
	);
	const id = out.files[0].id!;
	expect(await processPhoto(c.db, c.store, id)).toBe('ready');
	return c.db.select().from(photo).where(eq(photo.id, id)).get()!;
}

/** The text a browser shows of an HTML file, tags dropped and entities read, spaces collapsed. */
function visibleText(html: string): string {
	return html
		.replace(/<style>[\s\S]*?<\/style>/g, ' ')
		.replace(/<[^>]+>/g, ' ')
		.replace(/&lt;/g, '<')
		.replace(/&gt;/g, '>')
		.replace(/&quot;/g, '"')
		.replace(/&#39;/g, "'")
		.replace(/&amp;/g, '&')
		.replace(/\s+/g, ' ');
}
const squash = (s: string) => s.replace(/\s+/g, ' ').trim();

async function exported(p: Patient, now = new Date('2026-04-02T09:00:00Z')) {
	const out = exportRecord(c.db, c.store, c.actor, p.id, now);
	const entries = await unzip(Buffer.from(await new Response(out.stream).arrayBuffer()));
	const byName = new Map(entries.map((e) => [e.name, e]));
	const json = JSON.parse(byName.get('record/record.json')!.data.toString('utf8')) as PatientRecord;
	return { out, entries, byName, json, text: (e: UnzippedEntry) => e.data.toString('utf8') };
}

/** A patient with two courses graded on two scales, consents across a wording change, photos. */
async function richPatient() {
	const p = c.addPatient();
	writeTx(c.db, (tx) =>
		tx
			.update(patient)
			.set({
				displayName: `Ann ${EVIL}`,
				birthYear: 1988,
				fitzpatrick: 3,
				concerns: ['acne_scars', 'fine_lines'],
				email: 'ann@example.test',
				phone: '+441632960123'
			})
			.where(eq(patient.id, p.id))
			.run()
	);
	const ann = c.db.select().from(patient).where(eq(patient.id, p.id)).get()!;
	const [s1, s2] = addCourse(ann, 'acne_scars', [
		{
			performedOn: '2026-01-10',
			needleDepthMm: { cheeks: 1.5, forehead: 0.5 },
			passes: 3,
			numbing: true,
			grade: 3,
			gradeScale: 'goodman_baron',
			notes: `Clinician note ${EVIL} & more`,
			sideEffects: 'Redness for 2 days'
		},
		{
			performedOn: '2026-02-21',
			grade: 2,
			gradeScale: 'goodman_baron',
			patientSelfRating: 7,
			patientNote: 'Much smoother\nat the temples'
		}
	]);
	addCourse(ann, 'fine_lines', [{ performedOn: '2026-03-01', grade: 5, gradeScale: 'fwes' }]);

	const oldTreatment = recordConsent(c.db, c.actor, ann, {
		scope: 'treatment',
		signedName: 'Ann Signer',
		signature: SIGNATURE,
		expiresAt: null
	});
	saveWording(c.db, c.clinic.id, c.clinician.id, {
		scope: 'treatment',
		text: 'Second wording: I agree to microneedling.\n\nI may stop at any time.',
		material: true,
		note: 'clearer'
	});
	const newTreatment = recordConsent(c.db, c.actor, ann, {
		scope: 'treatment',
		signedName: 'Ann Signer',
		signature: SIGNATURE,
		expiresAt: new Date('2027-01-01T00:00:00Z')
	});
	const gallery = recordConsent(c.db, c.actor, ann, {
		scope: 'gallery_public',
		signedName: 'Ann Signer',
		signature: SIGNATURE,
		expiresAt: null
	});
	await revokeConsent(c.db, c.store, c.actor, ann, gallery.id, `Changed my mind ${EVIL}`);
	writeTx(c.db, (tx) =>
		tx
			.insert(patientContact)
			.values({
				clinicId: c.clinic.id,
				patientId: ann.id,
				channel: 'phone',
				outcome: 'booked',
				note: 'Booked for March',
				contactedBy: c.clinician.id,
				contactedAt: new Date('2026-02-01T10:00:00Z')
			})
			.run()
	);
	await addPhoto(ann, 'exif/gps-nikon-DSCN0010.jpg', { view: 'front', sessionId: s1 });
	await addPhoto(ann, 'orientation/Portrait_6.jpg', { view: 'left45', sessionId: s2 });
	await addPhoto(ann, 'exif/phone-jolla.jpg', { view: 'front', takenOn: '2026-03-05' });
	return { ann, oldTreatment, newTreatment, gallery };
}

describe('exportRecord', () => {
	it('holds the whole record, and record.json matches the database row for row', async () => {
		const { ann, oldTreatment, newTreatment, gallery } = await richPatient();
		// another patient of the same clinic, with data of their own
		const other = c.addPatient();
		writeTx(c.db, (tx) =>
			tx.update(patient).set({ displayName: 'Otto Other' }).where(eq(patient.id, other.id)).run()
		);
		addCourse(other, 'acne_scars', [{ performedOn: '2026-01-11', notes: 'OTTO-SECRET-NOTE' }]);
		await addPhoto(other, 'exif/gps-nikon-DSCN0012.jpg', { view: 'front' });

		const { out, entries, byName, json, text } = await exported(ann);
		expect(out.fileName).toBe('resurface-record-2026-04-02.zip');
		const names = entries.map((e) => e.name);
		expect(names.slice(0, 3)).toEqual(['README.txt', 'record/summary.html', 'record/record.json']);

		// patient
		expect(json.format).toBe(RECORD_FORMAT);
		expect(json.exportedAt).toBe('2026-04-02T09:00:00.000Z');
		expect(json.clinic.name).toBe('Test clinic');
		expect(json.patient).toMatchObject({
			id: ann.id,
			name: ann.displayName,
			birthYear: 1988,
			skinType: 3,
			email: 'ann@example.test',
			phone: '+441632960123'
		});
		expect(json.patient.concerns.map((x) => x.id)).toEqual(['acne_scars', 'fine_lines']);

		// every session row, with its grade on its own scale
		const sessionRows = c.db
			.select({ s: treatmentSession, concern: course.concern })
			.from(treatmentSession)
			.innerJoin(course, eq(course.id, treatmentSession.courseId))
			.where(eq(course.patientId, ann.id))
			.all();
		const jsonSessions = json.courses.flatMap((co) => co.sessions);
		expect(jsonSessions.map((s) => s.id).sort()).toEqual(sessionRows.map((r) => r.s.id).sort());
		for (const { s } of sessionRows) {
			const got = jsonSessions.find((x) => x.id === s.id)!;
			expect(got.performedOn).toBe(s.performedOn);
			expect(got.passes).toBe(s.passes);
			expect(got.numbing).toBe(s.numbing);
			expect(Object.fromEntries(got.needleDepthMm.map((d) => [d.area, d.mm]))).toEqual(
				s.needleDepthMm
			);
			expect(got.grade?.value ?? null).toBe(s.grade);
			expect(got.grade?.scaleId ?? null).toBe(s.gradeScale);
			expect(got.patientSelfRating).toBe(s.patientSelfRating);
			expect(got.patientNote).toBe(s.patientNote);
			expect(got.clinicianNotes).toBe(s.notes);
			expect(got.sideEffects).toBe(s.sideEffects);
		}
		expect(jsonSessions.map((s) => s.grade?.scaleName)).toEqual([
			'Goodman & Baron qualitative global scarring grading system',
			'Goodman & Baron qualitative global scarring grading system',
			'Fitzpatrick Wrinkle and Elastosis Scale'
		]);
		expect(jsonSessions.map((s) => s.grade?.label)).toEqual([
			'3 · Moderate',
			'2 · Mild',
			'5 · Class II'
		]);

		// every consent row, with the wording of its own version
		const consentRows = c.db.select().from(consent).where(eq(consent.patientId, ann.id)).all();
		expect(json.consents.map((x) => x.id).sort()).toEqual(consentRows.map((r) => r.id).sort());
		for (const row of consentRows) {
			const got = json.consents.find((x) => x.id === row.id)!;
			const wording = wordingByVersion(c.db, c.clinic.id, row.textVersion);
			expect(got.scope).toBe(row.scope);
			expect(got.signedName).toBe(row.signedName);
			expect(got.signature).toBe(row.signature);
			expect(got.grantedAt).toBe(row.grantedAt.toISOString());
			expect(got.expiresAt).toBe(row.expiresAt?.toISOString() ?? null);
			expect(got.revocation?.reason ?? null).toBe(row.revokedReason);
			// its own document, holding that version's wording, the signature and the signer
			const doc = byName.get(got.document);
			expect(doc, got.document).toBeDefined();
			const page = visibleText(text(doc!));
			expect(page).toContain(row.signedName);
			expect(page).toContain('Test clinic');
			if (!wording) {
				// the test world's seeded consent names a version no clinic ever had
				expect(row.textVersion).toBe('v1');
				expect(got.wording).toBeNull();
				expect(page).toContain('The wording this consent was given on is not on record.');
				continue;
			}
			expect(got.wording?.version).toBe(row.textVersion);
			expect(got.wording?.text).toBe(wording.text);
			expect(page).toContain(squash(wording.text));
			expect(text(doc!)).toContain(`src="${SIGNATURE}"`);
		}
		const oldDoc = json.consents.find((x) => x.id === oldTreatment.id)!;
		const newDoc = json.consents.find((x) => x.id === newTreatment.id)!;
		expect(oldDoc.wording!.text).not.toBe(newDoc.wording!.text);
		expect(newDoc.wording!.text).toContain('Second wording');
		expect(visibleText(text(byName.get(oldDoc.document)!))).not.toContain('Second wording');
		expect(oldDoc.wording!.version).toBe(currentWording(c.db, 'nowhere', 'treatment').version);
		const revoked = json.consents.find((x) => x.id === gallery.id)!;
		expect(revoked.state).toBe('revoked');
		const revokedPage = text(byName.get(revoked.document)!);
		expect(visibleText(revokedPage)).toContain(`Changed my mind ${EVIL}`);
		expect(revokedPage).not.toContain(EVIL);
		expect(names.filter((n) => n.startsWith('consents/'))).toHaveLength(consentRows.length);

		// every ready photo: in record.json with its row's values, and as a clean JPEG
		const photoRows = c.db
			.select()
			.from(photo)
			.where(and(eq(photo.patientId, ann.id), eq(photo.status, 'ready')))
			.all();
		expect(json.photos.map((x) => x.id).sort()).toEqual(photoRows.map((r) => r.id).sort());
		for (const row of photoRows) {
			const got = json.photos.find((x) => x.id === row.id)!;
			expect(got).toMatchObject({
				view: row.view,
				takenOn: row.takenOn,
				sessionId: row.sessionId,
				sha256: row.sha256,
				width: row.width,
				height: row.height
			});
			const jpeg = byName.get(got.file)!.data;
			const meta = await sharp(jpeg).metadata();
			expect(meta.format).toBe('jpeg');
			expect(`${meta.width}x${meta.height}`).toBe(`${row.width}x${row.height}`);
			expect(meta.exif).toBeUndefined();
			expect(meta.xmp).toBeUndefined();
			expect(meta.iptc).toBeUndefined();
		}
		expect(names.filter((n) => n.endsWith('.jpg'))).toEqual(json.photos.map((x) => x.file));
		expect(json.photos.map((x) => x.file)).toEqual([
			'photos/Acne scars/2026-01-10-session-1-front.jpg',
			'photos/Acne scars/2026-02-21-session-2-left45.jpg',
			'photos/Other photos/2026-03-05-front.jpg'
		]);
		expect(json.contacts).toMatchObject([
			{ channel: 'phone', outcome: 'booked', note: 'Booked for March' }
		]);

		// the other patient never appears
		const everything = entries.map((e) => e.data.toString('latin1')).join('\n');
		expect(everything).not.toContain('Otto Other');
		expect(everything).not.toContain('OTTO-SECRET-NOTE');
		expect(everything).not.toContain(other.id);

		// audited once, with counts
		const audits = c.db
			.select()
			.from(auditEvent)
			.where(eq(auditEvent.action, 'record_export'))
			.all();
		expect(audits).toMatchObject([
			{
				targetType: 'patient',
				targetId: ann.id,
				ok: true,
				detail: 'courses=2 sessions=3 consents=4 photos=3'
			}
		]);
	});

	it('summary.html is readable, escapes what people typed and lists every part', async () => {
		const { ann } = await richPatient();
		const { byName, json, text } = await exported(ann);
		const html = text(byName.get('record/summary.html')!);
		expect(html).not.toContain(EVIL);
		expect(html).toContain('&lt;script&gt;alert(1)&lt;/script&gt;');
		// nothing is fetched: no script, no external resource
		expect(html).not.toMatch(/<script|<link|src="http|href="http|@import/i);
		expect(html).toContain('@media print');
		const page = visibleText(html);
		expect(page).toContain(`Patient record: Ann ${EVIL}`);
		expect(page).toContain('1988');
		expect(page).toContain('ann@example.test');
		expect(page).toContain('+441632960123');
		expect(page).toContain(
			'3 · Moderate on the Goodman & Baron qualitative global scarring grading system'
		);
		expect(page).toContain('5 · Class II on the Fitzpatrick Wrinkle and Elastosis Scale');
		expect(page).toContain('Cheeks 1.5 mm, Forehead 0.5 mm');
		expect(page).toContain(`Clinician note ${EVIL} & more`);
		expect(page).toContain('Redness for 2 days');
		expect(page).toContain('Much smoother at the temples');
		expect(page).toContain('Booked for March');
		for (const ph of json.photos) {
			expect(page).toContain(ph.file);
			// a link that opens the photo beside it ("Acne scars" has a space)
			expect(html).toContain(`href="../${encodeURI(ph.file)}"`);
		}
		for (const co of json.consents) {
			expect(html).toContain(`href="../${co.document}"`);
		}
		const readme = text(byName.get('README.txt')!);
		expect(readme).toContain('record/summary.html');
		expect(readme).toContain('Test clinic');
	});

	it('a patient with nothing recorded still gets a complete, valid export', async () => {
		const bare = c.addPatient(false);
		const { entries, json } = await exported(bare);
		expect(entries.map((e) => e.name)).toEqual([
			'README.txt',
			'record/summary.html',
			'record/record.json'
		]);
		expect(json).toMatchObject({ courses: [], consents: [], photos: [], contacts: [] });
	});
});
