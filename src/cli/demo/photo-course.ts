import { DEMO_PATIENTS, type DemoPatient } from './people';
import type { DemoView, ShotOptions } from './shot';
import { closeupCourse } from './closeup/course';
import { STANDARD_VIEWS } from '../../lib/domain/views';

/** What one patient's photos need: the renderer works from these alone, in any thread. */
export interface CourseJob {
	/** index into DEMO_PATIENTS; the patient's seed is index + 1 */
	index: number;
	width: number;
	/** one entry per session shot, how far the treatment has got (0..1) */
	progress: number[];
}

/**
 * Draws a patient's photos, `course(progress)(view)`: macro close-ups of the treated skin, the
 * cheek or (for stretch marks) the abdomen. The skin is laid out once per patient and view, so
 * every session frames the same patch under the same light, as a careful clinic's photos would.
 */
export function photoCourse(
	p: DemoPatient,
	shot: Omit<ShotOptions, 'view' | 'progress'>
): (progress: number) => (view: DemoView) => Promise<Buffer> {
	// Close-ups, not whole heads or torsos: a generated body reads as a mannequin at first
	// glance, and a real person's face must not play an invented patient.
	return closeupCourse({ ...shot, concern: p.concern });
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
