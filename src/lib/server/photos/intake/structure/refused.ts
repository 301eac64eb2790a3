/**
 * The file's structure asks for far more decoding work than its pixels need (a flood of scans,
 * chunks or items). The message is safe to show the uploader. Anything merely cut off or
 * unreadable is left to the decoder, whose own messages say so.
 */
export class StructureRefused extends Error {
	override name = 'StructureRefused';
}

export const count = (n: number) => n.toLocaleString('en-US');
