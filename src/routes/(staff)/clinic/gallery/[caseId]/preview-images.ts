import type { CaseRedactions } from '$lib/domain/redaction';

/**
 * A photo as the server renders it with the case's saved redaction, sized from the crop so it
 * lays out before the image arrives.
 */
export function previewImage(
	caseId: string,
	which: 'before' | 'after',
	photo: { width: number; height: number },
	redactions: CaseRedactions,
	version: string,
	text: { alt: string; caption: string }
) {
	const crop = redactions[which].crop ?? { x: 0, y: 0, w: 1, h: 1 };
	const w = crop.w * photo.width;
	const h = crop.h * photo.height;
	const scale = Math.min(1, 960 / w);
	const width = Math.round(w * scale);
	const height = Math.round(h * scale);
	return {
		variants: [
			{ width, height, format: 'webp', url: `/media/preview/${caseId}/${which}?v=${version}` }
		],
		placeholder: null,
		alt: text.alt,
		label: text.caption,
		width,
		height
	};
}
