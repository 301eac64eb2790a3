import type { Db } from '../../db/client';
import type { BlobStore } from '../../storage/blob-store';
import type { StaffActor } from '../../auth/guard';
import type { Patient } from '../../db/schema';
import { config } from '../../platform/config';
import { MultipartError, receiveMultipart } from './receive';
import { hasActivePhotoConsent, ingestPhoto, parsePhotoMeta } from './ingest';
import { PhotoRejected } from './rejection';

export interface FileResult {
	name: string;
	ok: boolean;
	status: number;
	id?: string;
	photoStatus?: 'processing';
	message?: string;
}

export interface UploadOutcome {
	status: number;
	message?: string;
	files: FileResult[];
}

/**
 * The whole upload exchange, shared by the staff form action and the JSON API: consent first
 * (before reading a byte of the body), then the streamed files, each answered on its own.
 */
export async function handlePhotoUpload(
	db: Db,
	store: BlobStore,
	actor: StaffActor,
	p: Patient,
	request: Request,
	options: { sessionChosen?: boolean } = {}
): Promise<UploadOutcome> {
	if (!hasActivePhotoConsent(db, p.id)) {
		return {
			status: 403,
			message: `${p.displayName} has no active consent to clinical photos. Record consent first.`,
			files: []
		};
	}
	let received;
	try {
		received = await receiveMultipart(request, {
			tempDir: store.tempDir(),
			limitBytes: config.uploadLimitBytes()
		});
	} catch (e) {
		if (e instanceof MultipartError) {
			return { status: 400, message: e.message, files: [] };
		}
		throw e;
	}
	try {
		if (received.files.length === 0) {
			return { status: 400, message: 'Choose at least one photo to upload.', files: [] };
		}
		let meta;
		try {
			meta = parsePhotoMeta(db, p, received.fields, new Date(), options);
		} catch (e) {
			if (e instanceof PhotoRejected) {
				return { status: e.status, message: e.message, files: [] };
			}
			throw e;
		}
		const files: FileResult[] = [];
		for (const file of received.files) {
			const name = file.clientName.slice(0, 120);
			try {
				const { id } = await ingestPhoto(db, store, actor, p, file, meta);
				files.push({ name, ok: true, status: 201, id, photoStatus: 'processing' });
			} catch (e) {
				if (!(e instanceof PhotoRejected)) {
					throw e;
				}
				files.push({ name, ok: false, status: e.status, message: e.message });
			}
		}
		const failed = files.filter((f) => !f.ok);
		const status =
			failed.length === 0 ? 201 : failed.length === files.length ? failed[0].status : 207;
		return {
			status,
			files,
			message: failed.length === 1 && files.length === 1 ? failed[0].message : undefined
		};
	} finally {
		await received.cleanup();
	}
}
