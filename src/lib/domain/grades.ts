/**
 * Goodman–Baron qualitative acne-scar grading: 1 is the mildest (flat, only discoloured),
 * 4 the most severe. Clinicians pick a grade per session; patients read its name.
 */
export const GRADES = [1, 2, 3, 4] as const;
export type Grade = (typeof GRADES)[number];

export const GRADE_NAMES: Record<Grade, string> = {
	1: 'Macular',
	2: 'Mild',
	3: 'Moderate',
	4: 'Severe'
};

export const GRADE_DESCRIPTIONS: Record<Grade, string> = {
	1: 'flat, discoloured',
	2: 'visible at social distance, covered by make-up',
	3: 'obvious at social distance',
	4: 'obvious, not flattened by stretching'
};

export function isGrade(value: unknown): value is Grade {
	return GRADES.includes(value as Grade);
}

/** "2 · Mild", or the bare number for anything outside the scale. */
export function gradeLabel(grade: number): string {
	return isGrade(grade) ? `${grade} · ${GRADE_NAMES[grade]}` : String(grade);
}
