/**
 * The published grading scales a session can be graded on, by id. The ids are stored with every
 * grade (treatment_session.grade_scale) and checked by the database, so they never change; what
 * each scale means lives in grading-scales.ts.
 */
export const GRADING_SCALES = ['goodman_baron', 'fwes', 'mmasi', 'gais'] as const;
export type GradingScaleId = (typeof GRADING_SCALES)[number];
