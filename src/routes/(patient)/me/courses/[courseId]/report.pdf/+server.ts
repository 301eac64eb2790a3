import type { RequestHandler } from './$types';
import { notFound, requirePatient } from '$lib/server/auth/guard';
import { pdfHeaders, progressReport } from '$lib/server/report/progress-report';
import { getStore } from '$lib/server/storage';

// A file URL: a signed-out visitor gets the same 404 as staff and everyone else, not a sign-in page.
export const GET: RequestHandler = async (event) => {
	if (!event.locals.user) {
		notFound();
	}
	const db = event.locals.db;
	const actor = requirePatient(db, event);
	// only their own course: another patient's course id is 404 (report-data.ts)
	const report = await progressReport(
		db,
		getStore(),
		actor,
		actor.patient.id,
		event.params.courseId
	);
	return new Response(new Uint8Array(report.pdf), {
		headers: pdfHeaders(report.fileName, report.pdf.length)
	});
};
