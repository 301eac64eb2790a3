import type { Db } from '../../lib/server/db/client';

/**
 * The first `npm run demo` spends most of its time in the photo pipeline; a line per tenth
 * tells the person waiting that it is moving and how far it has got, instead of a silent wait.
 */
export function progressStep(done: number, total: number, lastTenth: number, doing = 'processing') {
	const tenth = total > 0 ? Math.floor((done / total) * 10) : 10;
	return tenth > lastTenth
		? { tenth, line: `  ${doing} photos ${done}/${total} (${tenth * 10}%)` }
		: null;
}

/**
 * Once a second, counts the photos processed, then the photos aligned to their course's first
 * photo (the job that follows), and logs each tenth of each; returns a stop.
 */
export function reportPhotoProgress(db: Db, total: number, log: (line: string) => void) {
	const processed = db.$client.prepare(
		"select count(*) n from photo where status != 'processing' and deleted_at is null"
	);
	const aligned = db.$client.prepare('select count(*) n from photo_alignment');
	const phases = [
		{ doing: 'processing', count: processed, lastTenth: 0 },
		{ doing: 'aligning', count: aligned, lastTenth: 0 }
	];
	const timer = setInterval(() => {
		for (const phase of phases) {
			const done = Math.min(total, (phase.count.get() as { n: number }).n);
			const step = progressStep(done, total, phase.lastTenth, phase.doing);
			if (step) {
				phase.lastTenth = step.tenth;
				log(step.line);
			}
			if (phase.lastTenth < 10) {
				return; // aligning is only told once processing is through
			}
		}
	}, 1000);
	return () => clearInterval(timer);
}
