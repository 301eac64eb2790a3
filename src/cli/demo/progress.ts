import type { Db } from '../../lib/server/db/client';

/**
 * The first `npm run demo` spends most of its time in the photo pipeline; a line per tenth
 * tells the person waiting that it is moving and how far it has got, instead of a silent wait.
 */
export function progressStep(done: number, total: number, lastTenth: number) {
	const tenth = total > 0 ? Math.floor((done / total) * 10) : 10;
	return tenth > lastTenth
		? { tenth, line: `  processing photos ${done}/${total} (${tenth * 10}%)` }
		: null;
}

/** Counts the photo jobs still to do once a second and logs each tenth done; returns a stop. */
export function reportPhotoProgress(db: Db, total: number, log: (line: string) => void) {
	const pending = db.$client.prepare(
		"select count(*) n from job where status in ('pending', 'running')"
	);
	let lastTenth = 0;
	const timer = setInterval(() => {
		const left = (pending.get() as { n: number }).n;
		const step = progressStep(total - left, total, lastTenth);
		if (step) {
			lastTenth = step.tenth;
			log(step.line);
		}
	}, 1000);
	return () => clearInterval(timer);
}
