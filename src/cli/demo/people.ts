import type { Concern, Area } from '../../lib/domain/concerns';

/** The demo clinic's cast. Names are invented; every photo is generated. */
export const DEMO_PASSWORD = 'demo-password';

export const DEMO_STAFF = [
	{ email: 'owner@demo.test', name: 'Helen Marsh', role: 'owner' },
	{ email: 'clinician@demo.test', name: 'Dr Priya Nair', role: 'clinician' },
	{ email: 'frontdesk@demo.test', name: 'Sam Ortega', role: 'frontdesk' }
] as const;

/**
 * What a demo patient's photos show (closeup/ draws close-ups of the cheek, or of the abdomen
 * for stretch marks). A patient's treated areas must all be in the picture, or the gallery
 * would label a cheek "stretch marks · abdomen".
 */
export const PHOTO_SUBJECTS = {
	face: ['forehead', 'periorbital', 'cheeks', 'nose', 'perioral', 'chin', 'jawline'],
	abdomen: ['abdomen']
} as const satisfies Record<string, readonly Area[]>;
export type PhotoSubject = keyof typeof PHOTO_SUBJECTS;

/**
 * Where each concern may be treated in the demo (closeup/concerns.ts draws it). The first is
 * where its close-up is framed: a cheek (crow's feet fan in from the eye's corner at its edge)
 * or the abdomen. The gallery labels a case with the course's first area, so that must be the
 * first here, or a "wrinkles · around the mouth" case shows a cheek and no mouth.
 */
export const CONCERN_DRAWN_ON = {
	acne_scars: ['cheeks'],
	fine_lines: ['periorbital', 'forehead'],
	wrinkles: ['periorbital', 'perioral'],
	pigmentation: ['cheeks', 'forehead'],
	texture: ['cheeks', 'nose'],
	stretch_marks: ['abdomen']
} as const satisfies Record<Concern, readonly Area[]>;

export function photoSubject(p: { areas: readonly string[] }): PhotoSubject {
	return p.areas.includes('abdomen') ? 'abdomen' : 'face';
}

export interface DemoPatient {
	name: string;
	birthYear: number;
	fitzpatrick: number;
	concern: Concern;
	areas: Area[];
	plannedSessions: number;
	intervalWeeks: number;
	/** weeks before today that the first session took place */
	startedWeeksAgo: number;
	/** sessions skipped at the end, which makes a course overdue */
	missed?: number;
	galleryConsent?: 'active' | 'withdrawn';
	photosConsentWithdrawn?: boolean;
	account?: string;
}

export const DEMO_PATIENTS: DemoPatient[] = [
	{
		name: 'Jordan Avery',
		birthYear: 1991,
		fitzpatrick: 3,
		concern: 'acne_scars',
		areas: ['cheeks', 'chin'],
		plannedSessions: 4,
		intervalWeeks: 6,
		startedWeeksAgo: 30,
		galleryConsent: 'active',
		account: 'patient@demo.test'
	},
	{
		name: 'Mei Tanaka',
		birthYear: 1988,
		fitzpatrick: 2,
		concern: 'fine_lines',
		areas: ['periorbital', 'forehead'],
		plannedSessions: 3,
		intervalWeeks: 4,
		startedWeeksAgo: 20,
		galleryConsent: 'active'
	},
	{
		name: 'Lucas Ferreira',
		birthYear: 1996,
		fitzpatrick: 4,
		concern: 'acne_scars',
		areas: ['cheeks'],
		plannedSessions: 6,
		intervalWeeks: 4,
		startedWeeksAgo: 18
	},
	{
		name: 'Aisha Bello',
		birthYear: 1985,
		fitzpatrick: 6,
		concern: 'pigmentation',
		areas: ['cheeks', 'forehead'],
		plannedSessions: 5,
		intervalWeeks: 5,
		startedWeeksAgo: 26,
		galleryConsent: 'withdrawn'
	},
	{
		name: 'Hannah Schultz',
		birthYear: 1979,
		fitzpatrick: 1,
		concern: 'wrinkles',
		areas: ['periorbital', 'perioral'],
		plannedSessions: 4,
		intervalWeeks: 6,
		startedWeeksAgo: 34,
		galleryConsent: 'active'
	},
	{
		name: 'Omar Haddad',
		birthYear: 1993,
		fitzpatrick: 4,
		concern: 'acne_scars',
		areas: ['cheeks', 'jawline'],
		plannedSessions: 5,
		intervalWeeks: 4,
		startedWeeksAgo: 24,
		missed: 2
	},
	{
		name: 'Chloe Martin',
		birthYear: 1990,
		fitzpatrick: 2,
		concern: 'texture',
		areas: ['cheeks', 'nose'],
		plannedSessions: 3,
		intervalWeeks: 5,
		startedWeeksAgo: 9,
		galleryConsent: 'active'
	},
	{
		name: 'Diego Alvarez',
		birthYear: 1987,
		fitzpatrick: 3,
		concern: 'acne_scars',
		areas: ['cheeks'],
		plannedSessions: 6,
		intervalWeeks: 5,
		startedWeeksAgo: 33,
		galleryConsent: 'active'
	},
	{
		name: "Grace O'Neill",
		birthYear: 1982,
		fitzpatrick: 1,
		concern: 'fine_lines',
		areas: ['periorbital'],
		plannedSessions: 3,
		intervalWeeks: 6,
		startedWeeksAgo: 12,
		photosConsentWithdrawn: true
	},
	{
		name: 'Ravi Patel',
		birthYear: 1994,
		fitzpatrick: 5,
		concern: 'pigmentation',
		areas: ['cheeks', 'forehead'],
		plannedSessions: 4,
		intervalWeeks: 4,
		startedWeeksAgo: 15,
		missed: 1,
		galleryConsent: 'withdrawn'
	},
	{
		name: 'Sofia Rossi',
		birthYear: 1998,
		fitzpatrick: 3,
		concern: 'stretch_marks',
		areas: ['abdomen'],
		plannedSessions: 5,
		intervalWeeks: 6,
		startedWeeksAgo: 28,
		galleryConsent: 'active'
	},
	{
		name: 'Kwame Mensah',
		birthYear: 1989,
		fitzpatrick: 6,
		concern: 'acne_scars',
		areas: ['cheeks', 'chin'],
		plannedSessions: 4,
		intervalWeeks: 5,
		startedWeeksAgo: 5,
		galleryConsent: 'active'
	}
];
