/** The five standard views of clinical facial photography, plus a free one for other areas. */
export const STANDARD_VIEWS = ['front', 'left45', 'right45', 'left90', 'right90'] as const;
export const PHOTO_VIEWS = [...STANDARD_VIEWS, 'custom'] as const;
export type PhotoView = (typeof PHOTO_VIEWS)[number];

export const VIEW_LABELS: Record<PhotoView, string> = {
	front: 'Front',
	left45: 'Left 45°',
	right45: 'Right 45°',
	left90: 'Left 90°',
	right90: 'Right 90°',
	custom: 'Other'
};

export function isPhotoView(value: unknown): value is PhotoView {
	return typeof value === 'string' && (PHOTO_VIEWS as readonly string[]).includes(value);
}
