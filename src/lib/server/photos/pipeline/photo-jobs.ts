import type { Db } from '../../db/client';
import type { BlobStore } from '../../storage/blob-store';
import type { JobHandlers } from '../../jobs/handlers';
import { DERIVE_JOB } from '../intake/ingest';
import { isPermanent, markFailed, processPhoto } from './process';

const photoIdOf = (payload: unknown) => (payload as { photoId: string }).photoId;

/** The photo pipeline's work for the job worker: deriving every variant of an upload. */
export function photoJobs(db: Db, store: BlobStore): JobHandlers {
	return {
		[DERIVE_JOB]: {
			run: (payload) => processPhoto(db, store, photoIdOf(payload)),
			permanent: isPermanent,
			gaveUp: (payload, message) => markFailed(db, photoIdOf(payload), message)
		}
	};
}
