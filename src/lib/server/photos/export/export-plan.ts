import { and, asc, eq, inArray, isNull } from 'drizzle-orm';
import { PHOTO_VIEWS } from '../../../domain/views';
import { formatDate } from '../../../format';
import type { Db } from '../../db/client';
import { clinic, course, patient, photo, treatmentSession, type Photo } from '../../db/schema';
import { courseFolders, entryNames } from './export-names';
import { clinicToday } from '../../clinic/clinic';

export interface ArchiveEntry {
	photo: Photo;
	name: string;
	mtime: Date;
}

/** What goes in, in which order and under which name, read in one go from the database. */
export function archivePlan(db: Db, patientId: string, now: Date) {
	const p = db.select().from(patient).where(eq(patient.id, patientId)).get();
	if (!p) {
		throw new Error('No such patient.');
	}
	const clinicName =
		db.select({ name: clinic.name }).from(clinic).where(eq(clinic.id, p.clinicId)).get()?.name ??
		'';
	const photos = db
		.select()
		.from(photo)
		.where(
			and(
				eq(photo.patientId, p.id),
				eq(photo.clinicId, p.clinicId),
				eq(photo.status, 'ready'),
				isNull(photo.deletedAt)
			)
		)
		.all();
	const courses = db
		.select()
		.from(course)
		.where(and(eq(course.patientId, p.id), eq(course.clinicId, p.clinicId)))
		.orderBy(asc(course.startedOn), asc(course.createdAt))
		.all();
	const sessions = courses.length
		? db
				.select()
				.from(treatmentSession)
				.where(
					inArray(
						treatmentSession.courseId,
						courses.map((c) => c.id)
					)
				)
				.orderBy(asc(treatmentSession.performedOn), asc(treatmentSession.createdAt))
				.all()
		: [];
	const folders = courseFolders(courses);
	const courseOrder = new Map(courses.map((c, i) => [c.id, i]));
	const sessionInfo = new Map(
		sessions.map((s) => [
			s.id,
			{
				courseId: s.courseId,
				number: sessions.filter((o) => o.courseId === s.courseId).indexOf(s) + 1
			}
		])
	);
	const placed = photos.map((ph) => {
		const s = ph.sessionId ? sessionInfo.get(ph.sessionId) : undefined;
		return { ph, s, order: s ? courseOrder.get(s.courseId)! : courses.length };
	});
	placed.sort(
		(a, b) =>
			a.order - b.order ||
			a.ph.takenOn.localeCompare(b.ph.takenOn) ||
			(a.s?.number ?? 0) - (b.s?.number ?? 0) ||
			PHOTO_VIEWS.indexOf(a.ph.view) - PHOTO_VIEWS.indexOf(b.ph.view) ||
			a.ph.createdAt.getTime() - b.ph.createdAt.getTime()
	);
	const names = entryNames(
		placed.map(({ ph, s }) => ({
			takenOn: ph.takenOn,
			view: ph.view,
			sessionNumber: s?.number ?? null,
			folder: s ? (folders.get(s.courseId) ?? null) : null
		}))
	);
	const entries: ArchiveEntry[] = placed.map(({ ph }, i) => ({
		photo: ph,
		name: names[i],
		mtime: new Date(`${ph.takenOn}T12:00:00Z`)
	}));
	// the day on the clinic's calendar, like every other date the patient sees
	const madeOn = clinicToday(db, p.clinicId, now);
	const readme = readmeText(clinicName, p.displayName, madeOn, entries.length);
	return { entries, readme, madeOn };
}

function readmeText(
	clinicName: string,
	patientName: string,
	madeOn: string,
	count: number
): Buffer {
	const lines = [
		`Your treatment photos from ${clinicName}`,
		'',
		`Patient: ${patientName}`,
		`Made on: ${formatDate(madeOn)}`,
		`Photos: ${count}`,
		'',
		'There is one folder for each treatment course. Each file is named for the day the photo',
		'was taken, the session and the view (front, left45, right45, left90, right90).',
		'',
		'These are full-size JPEG copies of your photos. They carry no location (GPS), camera',
		'or other hidden metadata: only the picture itself.',
		'',
		'They are private medical photos. Keep them somewhere safe.',
		''
	];
	return Buffer.from(lines.join('\r\n'), 'utf8');
}

export function notIncluded(names: string[]): Buffer {
	const lines = [
		'These photos could not be prepared for this download. Please ask your clinic about them:',
		'',
		...names,
		''
	];
	return Buffer.from(lines.join('\r\n'), 'utf8');
}
