import { open } from 'node:fs/promises';
import type { SourceType } from '../../pipeline/decode';
import { bufferSource, fileSource, type ByteSource } from './byte-source';
import { checkHeifStructure } from './heif';
import { checkJpegStructure } from './jpeg';
import { checkPngStructure } from './png';
import { checkWebpStructure } from './webp';

export { StructureRefused } from './refused';

const CHECKS: Record<SourceType, (src: ByteSource) => Promise<void>> = {
	'image/jpeg': checkJpegStructure,
	'image/png': checkPngStructure,
	'image/webp': checkWebpStructure,
	'image/avif': checkHeifStructure,
	'image/heic': checkHeifStructure
};

/**
 * Refuses (StructureRefused) a file whose layout would make a decoder work far beyond what
 * its pixel count needs: the cheap walk over its headers that comes before any decode, on
 * upload and again before every decode of a stored original (files stored before these
 * checks existed included).
 */
export async function checkStructure(path: string, type: SourceType): Promise<void> {
	const file = await open(path, 'r');
	try {
		const { size } = await file.stat();
		await CHECKS[type](fileSource(file, size));
	} finally {
		await file.close();
	}
}

export function checkStructureOf(bytes: Buffer, type: SourceType): Promise<void> {
	return CHECKS[type](bufferSource(bytes));
}
