import sharp, { type JpegOptions, type OutputInfo } from 'sharp';
import { MAX_INPUT_PIXELS, decodeOriented, openUprightSrgb, type SourceType } from './decode';
import { checkStructure } from '../intake/structure';

// Quality 90 keeps pore and scar detail that a patient compares; mozjpeg's trellis search would
// make the files about a tenth smaller at several times the encode time, and the download waits.
const JPEG: JpegOptions = { quality: 90, mozjpeg: false };

/**
 * The original at full resolution as a JPEG a patient can keep: upright, sRGB, and carrying no
 * EXIF, GPS, XMP or IPTC — sharp writes none of those unless asked to keep metadata, which is
 * never done here. Transparent areas (PNG, WebP) become white, as JPEG has no alpha. Throws
 * StructureRefused or DecodeError for an original no decoder should be given.
 */
export async function fullSizeJpeg(
	path: string,
	type: SourceType
): Promise<{ data: Buffer; info: OutputInfo }> {
	if (type === 'image/heic') {
		// libheif already yields upright pixels; decodeOriented also brings Display P3 to sRGB.
		const { data, info } = await decodeOriented(path, type, MAX_INPUT_PIXELS);
		return sharp(data, { raw: info })
			.flatten({ background: '#ffffff' })
			.jpeg(JPEG)
			.toBuffer({ resolveWithObject: true });
	}
	await checkStructure(path, type);
	// One libvips pipeline from file to JPEG, so a 12 MP photo never sits in memory as raw pixels.
	const { image } = await openUprightSrgb(path);
	return image.flatten({ background: '#ffffff' }).jpeg(JPEG).toBuffer({ resolveWithObject: true });
}
