import type { Db } from '../db/client';
import type { BlobStore } from '../storage/blob-store';
import type { Actor } from '../auth/guard';
import { audit } from '../audit/audit';
import { consentDocuments } from '../consents/documents';
import { archivePlan } from '../photos/export/export-plan';
import { archiveStream, type LeadingFile } from '../photos/export/export-zip';
import { formatDate } from '../../format';
import { consentFileName, consentHtml } from './consent-html';
import { patientRecord, type PatientRecord } from './record-json';
import { summaryHtml } from './record-html';

export interface RecordExport {
	/** The ZIP, made while it is read; cancelling it stops the work. */
	stream: ReadableStream<Uint8Array>;
	fileName: string;
	record: PatientRecord;
}

/**
 * A patient's whole record as one ZIP (GDPR Articles 15 and 20): a readable summary and the
 * same data as JSON, every consent as its own printable page, and every photo as the photo
 * archive makes it (full size, no metadata), streamed the same way. Handing it over is
 * audited here. The caller has decided that the actor may have this patient's whole record.
 */
export function exportRecord(
	db: Db,
	store: BlobStore,
	actor: Actor,
	patientId: string,
	now = new Date()
): RecordExport {
	const plan = archivePlan(db, patientId, now);
	const photos = plan.entries.map((e) => ({ ...e, name: `photos/${e.name}` }));
	const docs = consentDocuments(db, actor.clinicId, patientId, { now });
	const record = patientRecord(db, patientId, photos, docs, now);
	const leading: LeadingFile[] = [
		{ name: 'README.txt', data: readme(record, plan.madeOn), compress: true },
		{ name: 'record/summary.html', data: summaryHtml(record), compress: true },
		{
			name: 'record/record.json',
			data: Buffer.from(JSON.stringify(record, null, 2) + '\n', 'utf8'),
			compress: true
		},
		...docs.map((d) => ({
			name: consentFileName(d),
			data: consentHtml(d, record.patient.name),
			compress: true
		}))
	];
	const stream = archiveStream(db, store, leading, photos, { now, owner: actor.user.id });
	audit(
		db,
		{
			clinicId: actor.clinicId,
			actorUserId: actor.user.id,
			action: 'record_export',
			targetType: 'patient',
			targetId: patientId,
			ok: true,
			detail: `courses=${record.courses.length} sessions=${record.courses.reduce((n, c) => n + c.sessions.length, 0)} consents=${record.consents.length} photos=${record.photos.length}`
		},
		now
	);
	return { stream, fileName: `resurface-record-${plan.madeOn}.zip`, record };
}

function readme(r: PatientRecord, madeOn: string): Buffer {
	const lines = [
		`Your record at ${r.clinic.name}`,
		'',
		`Patient: ${r.patient.name}`,
		`Made on: ${formatDate(madeOn)}`,
		'',
		'record/summary.html   Everything below in one page to read or print: your details,',
		'                      treatment courses and sessions (with grades, needle depths, your',
		'                      ratings and notes, the clinician’s notes), consents, photos.',
		'record/record.json    The same record for programs (format ' + r.format + ').',
		`consents/             Each consent you gave (${r.consents.length}), as a page to print: the`,
		'                      exact wording you were shown, your signature, dates.',
		`photos/               Your photos (${r.photos.length}), one folder per treatment course, as`,
		'                      full-size JPEG copies without location (GPS), camera or other',
		'                      hidden metadata.',
		'',
		'Times are on the clinic’s clock; in record.json they are in UTC (ISO 8601).',
		'This is private medical information. Keep it somewhere safe.',
		''
	];
	return Buffer.from(lines.join('\r\n'), 'utf8');
}
