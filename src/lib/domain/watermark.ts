// The clinic's watermark on public and exported images (never on private photos): its name or
// its logo, in a corner or the centre, at an opacity the owner picks.
export const WATERMARK_POSITIONS = [
	'bottom-right',
	'bottom-left',
	'top-right',
	'top-left',
	'center'
] as const;
export type WatermarkPosition = (typeof WATERMARK_POSITIONS)[number];

export const WATERMARK_POSITION_LABELS: Record<WatermarkPosition, string> = {
	'bottom-right': 'Bottom right',
	'bottom-left': 'Bottom left',
	'top-right': 'Top right',
	'top-left': 'Top left',
	center: 'Centre'
};

export interface WatermarkSettings {
	enabled: boolean;
	/** the clinic's display name, or its logo (the name stands in while it has none) */
	mark: 'name' | 'logo';
	position: WatermarkPosition;
	/** 0.15–0.8: fainter is lost on pale skin, stronger hides the result */
	opacity: number;
}

export const WATERMARK_OPACITY_MIN = 0.15;
export const WATERMARK_OPACITY_MAX = 0.8;

export const DEFAULT_WATERMARK: WatermarkSettings = {
	enabled: false,
	mark: 'name',
	position: 'bottom-right',
	opacity: 0.5
};
