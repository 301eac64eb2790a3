import type { Db } from '../../db/client';
import type { BlobStore } from '../../storage/blob-store';
import { IMAGE_LANE, type JobHandlers } from '../../jobs/handlers';
import { DERIVE_JOB } from '../intake/ingest';
import { isPermanent, markFailed, processPhoto } from './process';
import {
	ALIGN_JOB,
	alignStoredPhoto,
	isPermanentAlignError,
	markAlignFailed
} from '../align/align-job';

const photoIdOf = (payload: unknown) => (payload as { photoId: string }).photoId;

/**
 * The photo pipeline's work for the job worker: deriving every variant of an upload, then
 * aligning it to its course's baseline.
 */
export function photoJobs(db: Db, store: BlobStore): JobHandlers {
	return {
		[DERIVE_JOB]: {
			run: (payload) => processPhoto(db, store, photoIdOf(payload)),
			permanent: isPermanent,
			gaveUp: (payload, message) => markFailed(db, photoIdOf(payload), message),
			lane: IMAGE_LANE
		},
		[ALIGN_JOB]: {
			run: (payload) => alignStoredPhoto(db, store, photoIdOf(payload)),
			permanent: isPermanentAlignError,
			gaveUp: (payload, message) => markAlignFailed(db, photoIdOf(payload), message)
		}
	};
}
