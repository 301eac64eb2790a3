import sharp from 'sharp';
import type { Db } from '../db/client';
import type { BlobStore } from '../storage/blob-store';
import { requirePatientAccess, type Actor } from '../auth/guard';
import { audit } from '../audit/audit';
import { logoBlobKey } from '../clinic/brand';
import { safeSegment } from '../photos/export/export-names';
import { reportData, type ReportData } from './report-data';
import { viewImages } from './report-photos';
import { renderReportPdf } from './report-pdf';

export interface ProgressReport {
	pdf: Buffer;
	fileName: string;
}

/**
 * One course's progress report as a PDF, for clinical staff of the patient's clinic or the
 * patient themself (the front desk has no photo access, so no report: 404, as for anyone
 * else). The course must be this patient's. Each report made is audited against the course.
 */
export async function progressReport(
	db: Db,
	store: BlobStore,
	actor: Actor,
	patientId: string,
	courseId: string,
	now = new Date()
): Promise<ProgressReport> {
	const p = requirePatientAccess(db, actor, patientId, 'photo.read');
	const data = reportData(db, p, courseId, now, 'patient' in actor ? 'patient' : 'clinic');
	const pdf = await buildReport(db, store, data);
	audit(
		db,
		{
			clinicId: actor.clinicId,
			actorUserId: actor.user.id,
			action: 'report_download',
			targetType: 'course',
			targetId: data.course.id,
			ok: true,
			detail: `progress report, ${data.views.length} views`
		},
		now
	);
	const name = safeSegment(data.patientName, 'patient').replaceAll(' ', '-');
	return { pdf, fileName: `progress-report-${name}-${data.generatedOn}.pdf` };
}

/** The PDF of gathered data; no access check or audit (the benchmark times this part alone). */
export async function buildReport(db: Db, store: BlobStore, data: ReportData): Promise<Buffer> {
	// one view at a time: each decodes and warps two photos, and the machine is shared
	const images = [];
	for (const v of data.views) {
		images.push(await viewImages(db, store, v));
	}
	const logo = data.clinic.logoKey
		? await store
				.read(logoBlobKey(data.clinic.logoKey))
				.then((b) => sharp(b).png().toBuffer())
				.catch(() => null)
		: null;
	return renderReportPdf({ data, logo, images });
}

/** The headers of a report handed to the person who asked for it. */
export function pdfHeaders(fileName: string, bytes: number): HeadersInit {
	return {
		'Content-Type': 'application/pdf',
		'Content-Length': String(bytes),
		'Content-Disposition': `attachment; filename="${fileName}"`,
		'Cache-Control': 'private, no-store',
		'X-Content-Type-Options': 'nosniff'
	};
}
