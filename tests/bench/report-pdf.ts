// Issue 19's PDF figure: how long one course's progress report takes to make, from the database
// read to the last byte (the photos decoded, the latest of each view warped into the first's
// frame, the document laid out), for a course of 4 sessions with a first and a latest photo of
// all five standard views, photos made by the real upload pipeline.
// Run alone: npx tsx tests/bench/report-pdf.ts
import { getDocument } from 'pdfjs-dist/legacy/build/pdf.mjs';
import { STANDARD_VIEWS } from '../../src/lib/domain/views';
import { progressReport } from '../../src/lib/server/report/progress-report';
import { photoTestClinic } from '../support/photo-clinic';
import { nameClinic, reportCourse } from '../support/report-course';
import { percentiles } from './server';
import { machineNow } from './relative';

const RUNS = 5;

export async function reportPdfBench() {
	const c = photoTestClinic();
	try {
		nameClinic(c, 'Bench Skin Clinic');
		const course = await reportCourse(c, {
			sessions: [
				{ on: '2026-01-05', grade: 4, rating: 3 },
				{ on: '2026-02-02', grade: 3, rating: 5 },
				{ on: '2026-03-02', grade: 3, rating: null },
				{ on: '2026-03-30', grade: 2, rating: 8 }
			],
			views: [...STANDARD_VIEWS]
		});
		const ms: number[] = [];
		let pdf: Buffer = Buffer.alloc(0);
		for (let i = 0; i < RUNS; i++) {
			const t0 = performance.now();
			pdf = (await progressReport(c.db, c.store, c.actor, course.p.id, course.co.id)).pdf;
			ms.push(performance.now() - t0);
		}
		const doc = await getDocument({ data: new Uint8Array(pdf) }).promise;
		const pages = doc.numPages;
		await doc.destroy();
		return {
			views: STANDARD_VIEWS.length,
			sessions: 4,
			pdf_ms: { p50: percentiles(ms).p50, runs: ms.map((v) => Math.round(v)) },
			bytes: pdf.length,
			pages,
			machine: machineNow()
		};
	} finally {
		c.cleanup();
	}
}

if (import.meta.url === `file://${process.argv[1]}`) {
	console.log(JSON.stringify(await reportPdfBench(), null, 2));
}
