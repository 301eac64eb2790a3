/**
 * Uploads photos one request per file, so each has its own progress bar, its own error and its
 * own retry; then follows the photo through processing until it is ready or failed.
 */
export type UploadPhase = 'queued' | 'uploading' | 'processing' | 'ready' | 'failed';

/** What the alignment job said about a ready photo (GET /api/v1/photos/{id}). */
export interface CaptureCheck {
	status: 'pending' | 'baseline' | 'aligned' | 'unsure' | 'failed';
	/** the capture warnings in words, e.g. "Darker: 0.8 stops less light than the first photo." */
	warnings: string[];
	/** why it could not be aligned */
	note: string | null;
}

export class UploadItem {
	phase = $state<UploadPhase>('queued');
	/** 0–1 of the transfer */
	progress = $state(0);
	message = $state<string | null>(null);
	photoId = $state<string | null>(null);
	/** Only a dropped connection or a server fault is worth sending the same file again. */
	retryable = $state(false);
	/** the capture check against the course's first photo, once the photo is ready */
	check = $state<CaptureCheck | null>(null);

	constructor(
		readonly file: File,
		readonly view: string,
		readonly sessionId: string | null
	) {}
}

interface Target {
	patientId: string;
	sessionId: string | null;
	onReady?: () => void;
}

export class UploadQueue {
	items = $state<UploadItem[]>([]);
	busy = $derived(this.items.some((i) => i.phase === 'uploading' || i.phase === 'processing'));

	/** The target is read when a file is added, so changing the session affects new files only. */
	constructor(private target: () => Target) {}

	add(file: File, view: string): void {
		const item = new UploadItem(file, view, this.target().sessionId);
		this.items.push(item);
		void this.send(item);
	}

	retry(item: UploadItem): void {
		void this.send(item);
	}

	/** Forgets the list (items still in flight finish on their own). */
	clear(): void {
		this.items = [];
	}

	private async send(item: UploadItem): Promise<void> {
		item.phase = 'uploading';
		item.progress = 0;
		item.message = null;
		item.retryable = false;
		const form = new FormData();
		form.append('view', item.view);
		if (item.sessionId) {
			form.append('sessionId', item.sessionId);
		}
		form.append('file', item.file, item.file.name);
		try {
			const { status, body } = await post(
				`/api/v1/patients/${this.target().patientId}/photos`,
				form,
				(p) => (item.progress = p)
			);
			const result = body?.files?.[0];
			if (status !== 201 || !result?.ok) {
				item.phase = 'failed';
				item.retryable = status >= 500;
				item.message = result?.message ?? body?.message ?? `The upload failed (${status}).`;
				return;
			}
			item.photoId = result.id ?? null;
			item.phase = 'processing';
			await this.follow(item);
		} catch {
			item.phase = 'failed';
			item.retryable = true;
			item.message = 'The connection dropped. Check the network and retry.';
		}
	}

	/**
	 * Polls the photo until it is ready, then until its capture check is in (alignment runs
	 * right after processing), so the clinician can retake while the patient is still there.
	 */
	private async follow(item: UploadItem): Promise<void> {
		for (let i = 0; i < 180; i++) {
			await new Promise((r) => setTimeout(r, 1000));
			const res = await fetch(`/api/v1/photos/${item.photoId}`);
			if (!res.ok) {
				continue;
			}
			const photo = (await res.json()) as PolledPhoto;
			if (photo.status === 'ready') {
				if (item.phase !== 'ready') {
					item.phase = 'ready';
					this.target().onReady?.();
				}
				item.check = {
					status: photo.alignmentStatus,
					warnings: photo.warnings,
					note: photo.alignmentNote
				};
				if (photo.alignmentStatus !== 'pending') {
					this.target().onReady?.();
					return;
				}
				continue;
			}
			if (photo.status === 'failed') {
				item.phase = 'failed';
				item.message = photo.failureReason ?? 'The photo could not be processed.';
				return;
			}
		}
		if (item.phase !== 'ready') {
			item.message = 'Still processing; it will appear when it is done.';
		}
	}
}

interface PolledPhoto {
	status: string;
	failureReason: string | null;
	alignmentStatus: CaptureCheck['status'];
	alignmentNote: string | null;
	warnings: string[];
}

/**
 * Deletes a photo just taken (the clinician chose to retake it), through the patient page's
 * own delete action: the same permission check and audit as the Delete button there.
 */
export async function discardPhoto(patientId: string, photoId: string): Promise<boolean> {
	const form = new FormData();
	form.append('photoId', photoId);
	const res = await fetch(`/clinic/patients/${patientId}?/deletePhoto`, {
		method: 'POST',
		body: form,
		headers: { 'x-sveltekit-action': 'true', accept: 'application/json' }
	});
	const body = (await res.json().catch(() => null)) as { type?: string } | null;
	return res.ok && body?.type === 'success';
}

interface UploadResponse {
	message?: string;
	files?: { ok: boolean; id?: string; message?: string }[];
}

/** fetch cannot report upload progress; XMLHttpRequest can. */
function post(
	url: string,
	body: FormData,
	onProgress: (fraction: number) => void
): Promise<{ status: number; body: UploadResponse | null }> {
	return new Promise((resolve, reject) => {
		const xhr = new XMLHttpRequest();
		xhr.open('POST', url);
		xhr.responseType = 'json';
		xhr.setRequestHeader('Accept', 'application/json');
		xhr.upload.onprogress = (e) => {
			if (e.lengthComputable) {
				onProgress(e.loaded / e.total);
			}
		};
		xhr.onload = () => {
			onProgress(1);
			resolve({ status: xhr.status, body: xhr.response as UploadResponse | null });
		};
		xhr.onerror = () => reject(new Error('network'));
		xhr.send(body);
	});
}
