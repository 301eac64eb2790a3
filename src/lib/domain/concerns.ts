export const CONCERNS = [
	'acne_scars',
	'fine_lines',
	'wrinkles',
	'pigmentation',
	'stretch_marks',
	'texture'
] as const;
export type Concern = (typeof CONCERNS)[number];

export const CONCERN_LABELS: Record<Concern, string> = {
	acne_scars: 'Acne scars',
	fine_lines: 'Fine lines',
	wrinkles: 'Wrinkles',
	pigmentation: 'Pigmentation',
	stretch_marks: 'Stretch marks',
	texture: 'Texture & pores'
};

export function isConcern(value: unknown): value is Concern {
	return typeof value === 'string' && (CONCERNS as readonly string[]).includes(value);
}

/** Treatment areas with a typical SkinPen needle depth (mm); clinics edit these presets. */
export const AREA_DEPTH_PRESETS = {
	forehead: 0.5,
	periorbital: 0.25,
	cheeks: 1.5,
	nose: 0.5,
	perioral: 0.75,
	chin: 1.0,
	jawline: 1.0,
	neck: 0.5,
	decolletage: 0.5,
	abdomen: 2.0,
	thighs: 2.0
} as const satisfies Record<string, number>;
export type Area = keyof typeof AREA_DEPTH_PRESETS;
export const AREAS = Object.keys(AREA_DEPTH_PRESETS) as Area[];

export const AREA_LABELS: Record<Area, string> = {
	forehead: 'Forehead',
	periorbital: 'Around the eyes',
	cheeks: 'Cheeks',
	nose: 'Nose',
	perioral: 'Around the mouth',
	chin: 'Chin',
	jawline: 'Jawline',
	neck: 'Neck',
	decolletage: 'Décolletage',
	abdomen: 'Abdomen',
	thighs: 'Thighs'
};

export const FITZPATRICK_LABELS = ['I', 'II', 'III', 'IV', 'V', 'VI'] as const;
export function fitzpatrickLabel(type: number | null): string {
	return type && type >= 1 && type <= 6 ? `Type ${FITZPATRICK_LABELS[type - 1]}` : 'Not recorded';
}
