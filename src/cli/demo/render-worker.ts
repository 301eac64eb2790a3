// A render thread's side of render-pool.ts: draws whole patient courses and hands back JPEGs.
import { parentPort } from 'node:worker_threads';
import { renderCourse, type CourseJob } from './photo-course';

async function answer(id: number, job: CourseJob) {
	try {
		// Copied, not transferred: sharp's buffers are not always detachable, and a course is only
		// a few megabytes.
		parentPort!.postMessage({ id, sessions: await renderCourse(job) });
	} catch (error) {
		parentPort!.postMessage({ id, error: error instanceof Error ? error.stack : String(error) });
	}
}

parentPort?.on('message', ({ id, job }: { id: number; job: CourseJob }) => void answer(id, job));
