import { fileTypeFromBuffer } from 'file-type';
import type { SourceType } from './decode';

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
 * an attacker controls. Anything outside the five photo formats is null.
 */
export async function sniffType(head: Uint8Array): Promise<SourceType | null> {
	const found = await fileTypeFromBuffer(head);
	return (found && ACCEPTED[found.mime]) || null;
}
