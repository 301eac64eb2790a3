import { describe, expect, it } from 'vitest';
import { CONCERN_DRAWN_ON, DEMO_PATIENTS, PHOTO_SUBJECTS, photoSubject } from './people';

describe('demo patients', () => {
	it('are treated only on areas their photos show', () => {
		for (const p of DEMO_PATIENTS) {
			const shown: readonly string[] = PHOTO_SUBJECTS[photoSubject(p)];
			expect(
				p.areas.filter((a) => !shown.includes(a)),
				p.name
			).toEqual([]);
		}
		expect(DEMO_PATIENTS.filter((p) => photoSubject(p) === 'abdomen').map((p) => p.name)).toEqual([
			'Sofia Rossi'
		]);
	});

	it('are labelled in the gallery with the area their close-up is framed on', () => {
		for (const p of DEMO_PATIENTS) {
			const drawn: readonly string[] = CONCERN_DRAWN_ON[p.concern];
			expect(p.areas[0], `${p.name}: ${p.concern} on the ${p.areas[0]}`).toBe(drawn[0]);
			// Besides acne, whose scars stay on the cheeks, every treated area shows the concern.
			if (p.concern !== 'acne_scars') {
				expect(
					p.areas.filter((a) => !drawn.includes(a)),
					p.name
				).toEqual([]);
			}
		}
	});
});
