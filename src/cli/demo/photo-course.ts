import { DEMO_PATIENTS, photoSubject, type DemoPatient } from './people';
import { faceCourse, type DemoView, type SkinPhotoOptions } from './skin-image';
import { abdomenCourse } from './body-image';
import { STANDARD_VIEWS } from '../../lib/domain/views';

/** What one patient's photos need: the renderer works from these alone, in any thread. */
export interface CourseJob {
	/** index into DEMO_PATIENTS; the patient's seed is index + 1 */
	index: number;
	width: number;
	/** one entry per session shot, how far the treatment has got (0..1) */
	progress: number[];
}

/** Draws a patient's photos, `course(progress)(view)`, of what is treated: face or abdomen. */
export function photoCourse(
	p: DemoPatient,
	shot: Omit<SkinPhotoOptions, 'view' | 'progress'>
): (progress: number) => (view: DemoView) => Promise<Buffer> {
	// The head is laid out once per patient, its marks once per session; views only turn it.
	return photoSubject(p) === 'abdomen'
		? abdomenCourse(shot)
		: faceCourse({ ...shot, concern: p.concern, sex: p.sex, hair: p.hair });
}

/** Every photo of one patient's course: per session, one JPEG per standard view. */
export async function renderCourse(job: CourseJob): Promise<Uint8Array[][]> {
	const p = DEMO_PATIENTS[job.index];
	const course = photoCourse(p, {
		seed: job.index + 1,
		skinTone: p.fitzpatrick,
		width: job.width,
		height: Math.round((job.width * 4) / 3)
	});
	const sessions: Uint8Array[][] = [];
	for (const progress of job.progress) {
		const draw = course(progress);
		const views: Uint8Array[] = [];
		for (const view of STANDARD_VIEWS) {
			views.push(await draw(view));
		}
		sessions.push(views);
	}
	return sessions;
}
