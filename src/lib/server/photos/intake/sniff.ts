import { fileTypeFromBuffer } from 'file-type';
import type { SourceType } from '../pipeline/decode';

/** How many leading bytes sniffing needs (file-type's own minimum). */
export const SNIFF_BYTES = 4100;

const ACCEPTED: Record<string, SourceType> = {
	'image/jpeg': 'image/jpeg',
	'image/png': 'image/png',
	'image/webp': 'image/webp',
	'image/avif': 'image/avif',
	'image/heic': 'image/heic',
	'image/heif': 'image/heic'
};

/**
 * The type from magic bytes alone — never the name or the Content-Type the client sent, which
 * an attacker controls. Anything outside the five photo formats is null, except an animated
 * PNG: it is a PNG to whoever sent it, so it is refused as an animation, not as a format.
 */
export async function sniffType(head: Uint8Array): Promise<SourceType | 'animated' | null> {
	const found = await fileTypeFromBuffer(head);
	if (found?.mime === 'image/apng') {
		return 'animated';
	}
	return (found && ACCEPTED[found.mime]) || null;
}
