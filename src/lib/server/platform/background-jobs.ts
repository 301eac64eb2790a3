import type { Db } from '../db/client';
import type { BlobStore } from '../storage/blob-store';
import type { JobHandlers } from '../jobs/handlers';
import { photoJobs } from '../photos/pipeline/photo-jobs';
import { mailJobs } from '../mail/mail-jobs';
import { galleryJobs } from '../gallery/avif-job';
import { restampJobs } from '../gallery/restamp-job';

/** Every kind of queued work this server does; each area registers its own handlers here. */
export function backgroundJobs(db: Db, store: BlobStore): JobHandlers {
	return {
		...photoJobs(db, store),
		...mailJobs(db),
		...galleryJobs(db, store),
		...restampJobs(db, store)
	};
}
