import type { RequestHandler } from './$types';
import { notFound, requireStaff } from '$lib/server/auth/guard';
import { pdfHeaders, progressReport } from '$lib/server/report/progress-report';
import { getStore } from '$lib/server/storage';

/**
 * A course's progress report for the consultation: clinical staff only (it shows photos, which
 * the front desk may not see). A file URL: signed out is 404 like everyone without access.
 */
export const GET: RequestHandler = async (event) => {
	if (!event.locals.user) {
		notFound();
	}
	const actor = requireStaff(event, 'photo.read');
	const report = await progressReport(
		event.locals.db,
		getStore(),
		actor,
		event.params.id,
		event.params.courseId
	);
	return new Response(new Uint8Array(report.pdf), {
		headers: pdfHeaders(report.fileName, report.pdf.length)
	});
};
