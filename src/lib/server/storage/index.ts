import { config } from '../platform/config';
import type { BlobStore } from './blob-store';
import { LocalDiskStore } from './local-disk';

let shared: LocalDiskStore | undefined;

/** The process-wide media store for the configured MEDIA_DIR. */
export function getStore(): BlobStore {
	const root = config.mediaDir();
	if (!shared || shared.root !== root) {
		shared = new LocalDiskStore(root);
	}
	return shared;
}

/** Where each kind of file lives; private and public never share a folder. */
export const keys = {
	original: (photoId: string) => `private/originals/${photoId.slice(0, 2)}/${photoId}`,
	variant: (photoId: string, width: number, format: string) =>
		`private/variants/${photoId.slice(0, 2)}/${photoId}/${width}.${format}`,
	publicImage: (token: string, width: number, format: string) =>
		`public/${token.slice(0, 2)}/${token}/${width}.${format}`
};
