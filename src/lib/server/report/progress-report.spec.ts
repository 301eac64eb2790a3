import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { eq } from 'drizzle-orm';
import sharp from 'sharp';
import { getDocument } from 'pdfjs-dist/legacy/build/pdf.mjs';
import { auditEvent } from '../db/schema';
import type { Actor, StaffActor } from '../auth/guard';
import { photoTestClinic } from '$test/support/photo-clinic';
import { seedPatient, seedUser } from '$test/support/test-db';
import { createCourse } from '../courses/courses';
import { nameClinic, reportCourse } from '$test/support/report-course';
import { progressReport } from './progress-report';
import { reportData } from './report-data';
import { viewImages } from './report-photos';

let c: ReturnType<typeof photoTestClinic>;
beforeEach(() => (c = photoTestClinic()));
afterEach(() => c.cleanup());

/** Every page's text, one string a page, as a PDF reader extracts it. */
async function pdfText(pdf: Buffer): Promise<string[]> {
	const doc = await getDocument({ data: new Uint8Array(pdf) }).promise;
	const pages: string[] = [];
	for (let i = 1; i <= doc.numPages; i++) {
		const content = await (await doc.getPage(i)).getTextContent();
		pages.push(
			content.items
				.map((item) => ('str' in item ? item.str : ''))
				.join(' ')
				.replace(/\s+/g, ' ')
		);
	}
	await doc.destroy();
	return pages;
}

const reports = () =>
	c.db.select().from(auditEvent).where(eq(auditEvent.action, 'report_download')).all();

async function statusOf(run: () => Promise<unknown>): Promise<number | 'ok'> {
	try {
		await run();
		return 'ok';
	} catch (e) {
		return (e as { status?: number }).status ?? Promise.reject(e);
	}
}

// each test uploads and processes real photos: slow on a shared 2-core machine
describe('progress report PDF', { timeout: 90_000 }, () => {
	it('says whose course it is, its sessions, grades with their wording, and nobody else', async () => {
		nameClinic(c, 'Harbour Skin Clinic');
		const ada = await reportCourse(c);
		// another patient of the same clinic, with a course and photos of their own
		await reportCourse(c, { name: 'Zed Quimby', views: ['front'] });

		const out = await progressReport(c.db, c.store, c.actor, ada.p.id, ada.co.id);
		expect(out.pdf.subarray(0, 5).toString()).toBe('%PDF-');
		expect(out.fileName).toMatch(/^progress-report-Ada-Lovelace-\d{4}-\d{2}-\d{2}\.pdf$/);
		const pages = await pdfText(out.pdf);
		expect(pages.length).toBeGreaterThanOrEqual(2);
		const all = pages.join(' ');

		for (const words of [
			'Harbour Skin Clinic',
			'Ada Lovelace',
			'Acne scars · Cheeks, Forehead',
			'3 of 4',
			'5 Jan 2026',
			'2 Mar 2026',
			'Cheeks 1.5 mm, Forehead 0.5 mm',
			// the grades on Goodman–Baron, with the scale's own words for them
			'3 · Moderate',
			'2 · Mild',
			'Goodman–Baron scar grade: 3 (moderate) at session 1, 3 (moderate) at session 2, 2 (mild) at session 3.',
			'obvious at social distance, flattened by stretching the skin',
			'lower is better',
			// the patient's ratings, in the table and on the chart
			'8 of 10',
			'Front',
			'Left 45°',
			'First · 5 Jan 2026 · session 1',
			'Latest · 2 Mar 2026 · session 3',
			'Latest aligned to the first photo.',
			'As taken, not aligned: no face was found.'
		]) {
			expect(all).toContain(words);
		}
		// every page carries the footer with its number
		pages.forEach((text, i) => expect(text).toContain(`Page ${i + 1} of ${pages.length}`));
		expect(all).not.toContain('Zed');
		expect(all).not.toContain('Quimby');

		expect(reports()).toMatchObject([
			{
				actorUserId: c.clinician.id,
				targetType: 'course',
				targetId: ada.co.id,
				ok: true,
				detail: 'progress report, 2 views'
			}
		]);
	});

	it('draws the aligned latest photo in the first one’s frame, the unaligned one as taken', async () => {
		const ada = await reportCourse(c);
		const data = reportData(c.db, ada.p, ada.co.id);
		const [front, side] = data.views;
		const aligned = await viewImages(c.db, c.store, front);
		expect(aligned).toMatchObject({ aligned: true, note: null });
		const first = await sharp(aligned.first).metadata();
		const latest = await sharp(aligned.latest!).metadata();
		expect([latest.width, latest.height]).toEqual([first.width, first.height]);
		expect(latest.format).toBe('jpeg');
		// turned by 1.5°: a corner of the frame has no picture and is the flat grey fill
		const corner = await sharp(aligned.latest!)
			.extract({ left: 0, top: latest.height! - 3, width: 3, height: 3 })
			.raw()
			.toBuffer();
		expect(Math.abs(corner[0] - 128)).toBeLessThan(12);

		const asTaken = await viewImages(c.db, c.store, side);
		expect(asTaken).toMatchObject({
			aligned: false,
			note: 'As taken, not aligned: no face was found.'
		});
	});

	it('says what is missing for a course without sessions or photos yet', async () => {
		const p = seedPatient(c.db, c.clinic.id, c.clinician.id, 'Bo Newcomer');
		const co = createCourse(c.db, c.actor, p, {
			concern: 'pigmentation',
			areas: ['cheeks'],
			plannedSessions: 3,
			intervalWeeks: 6,
			startedOn: '2026-11-30'
		});
		const out = await progressReport(c.db, c.store, c.actor, p.id, co.id);
		const all = (await pdfText(out.pdf)).join(' ');
		for (const words of [
			'Bo Newcomer',
			'Pigmentation · Cheeks',
			'0 of 3',
			'No session logged yet.',
			'No session has been graded on mMASI yet.',
			'The patient has not rated a session yet.',
			'No photo of this course yet.'
		]) {
			expect(all).toContain(words);
		}
	});

	it('is the patient’s own for their course, and 404 to the front desk, other patients and clinics', async () => {
		const ada = await reportCourse(c);
		const zed = await reportCourse(c, { name: 'Zed Quimby', views: ['front'] });
		const frontDesk = { ...c.actor, user: { ...c.actor.user, role: 'frontdesk' } } as StaffActor;
		const elsewhere = seedUser(c.db, 'owner');
		const otherClinic = { user: elsewhere.user, clinicId: elsewhere.clinic.id } as StaffActor;
		const asked = (actor: Actor, patientId = ada.p.id, courseId = ada.co.id) =>
			statusOf(() => progressReport(c.db, c.store, actor, patientId, courseId));

		expect(await asked(frontDesk)).toBe(404);
		expect(await asked(otherClinic)).toBe(404);
		// another patient: neither through Ada's record nor with Ada's course under their own
		expect(await asked(zed.patientActor)).toBe(404);
		expect(await asked(zed.patientActor, zed.p.id, ada.co.id)).toBe(404);
		// staff asking for a course of another patient under Ada's record
		expect(await asked(c.actor, ada.p.id, zed.co.id)).toBe(404);
		expect(reports()).toEqual([]);

		expect(await asked(ada.patientActor)).toBe('ok');
		// the patient's copy, like the patient's pages, leaves out needle depths
		const own = await progressReport(c.db, c.store, ada.patientActor, ada.p.id, ada.co.id);
		const text = (await pdfText(own.pdf)).join(' ');
		expect(text).toContain('Ada Lovelace');
		expect(text).toContain('3 · Moderate');
		expect(text).not.toContain('Needle depth');
		expect(text).not.toContain('1.5 mm');
		expect(reports()).toMatchObject([
			{ actorUserId: ada.patientActor.user.id, targetId: ada.co.id },
			{ actorUserId: ada.patientActor.user.id, targetId: ada.co.id }
		]);
	});
});
