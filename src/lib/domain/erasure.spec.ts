import { describe, expect, it } from 'vitest';
import {
	addYears,
	confirmsName,
	erasureLines,
	reasonProblem,
	retentionMessage,
	retentionVerdict,
	type ErasureCounts
} from './erasure';

const person = { displayName: 'Jordan Avery', emails: ['patient@demo.test', null] };

describe('erasure: retention', () => {
	it('is off without a period, and counts from the latest entry', () => {
		expect(retentionVerdict(null, ['2026-01-01'], '2026-02-01')).toEqual({ refused: false });
		expect(retentionVerdict(7, ['2019-03-01', '2020-06-15', null], '2027-06-14')).toEqual({
			refused: true,
			erasableOn: '2027-06-15',
			lastEntryOn: '2020-06-15',
			years: 7
		});
		expect(retentionVerdict(7, ['2019-03-01', '2020-06-15'], '2027-06-15')).toEqual({
			refused: false
		});
	});

	it('adds calendar years; 29 February falls on 1 March', () => {
		expect(addYears('2024-02-29', 1)).toBe('2025-03-01');
		expect(addYears('2024-02-29', 4)).toBe('2028-02-29');
		expect(addYears('2020-12-31', 10)).toBe('2030-12-31');
	});

	it('explains itself in the owner’s words', () => {
		expect(retentionMessage({ years: 10 }, '3 Dec 2026', '3 Dec 2036')).toMatch(
			/^Your clinic keeps medical records for 10 years after the last treatment.*before 3 Dec 2036/
		);
	});
});

describe('erasure: reason and confirmation', () => {
	it('refuses a reason that is empty, too long, or names the patient', () => {
		expect(reasonProblem('The patient asked (Art. 17)', person)).toBeNull();
		expect(reasonProblem('Jordanian clinic closed', person)).toBeNull();
		expect(reasonProblem('', person)).toMatch(/Say why/);
		expect(reasonProblem('x'.repeat(301), person)).toMatch(/300/);
		for (const named of [
			'jordan avery asked',
			'Jordan asked',
			'asked: AVERY',
			'PATIENT@demo.test'
		]) {
			expect(reasonProblem(named, person)).toMatch(/must not name the patient/);
		}
	});

	it('confirms the typed name ignoring case and spaces', () => {
		expect(confirmsName('  jordan   AVERY ', 'Jordan Avery')).toBe(true);
		expect(confirmsName('Jordan', 'Jordan Avery')).toBe(false);
		expect(confirmsName('', '')).toBe(false);
	});
});

describe('erasure: what goes, in words', () => {
	it('names each kind there is, and leaves out the others', () => {
		const zero = Object.fromEntries(
			[
				'photos',
				'deletedPhotos',
				'photoFiles',
				'publishedCases',
				'draftCases',
				'withdrawnCases',
				'galleryFiles',
				'consents',
				'courses',
				'sessions',
				'contacts',
				'mailMessages',
				'mailPreferences',
				'invitations',
				'portalAccount',
				'portalSessions',
				'passkeys',
				'twoFactor',
				'trustedDevices'
			].map((k) => [k, 0])
		) as unknown as ErasureCounts;
		expect(erasureLines(zero)).toEqual([
			'the personal details: name, email, phone, birth year, skin type, concerns'
		]);
		const lines = erasureLines({
			...zero,
			photos: 3,
			deletedPhotos: 1,
			photoFiles: 9,
			publishedCases: 1,
			withdrawnCases: 1,
			galleryFiles: 4,
			consents: 1,
			courses: 1,
			sessions: 2,
			portalAccount: 1,
			passkeys: 1
		});
		expect(lines).toEqual([
			'3 photos (1 already deleted by staff) and 9 files made from them',
			'2 gallery cases (1 published, 1 withdrawn), and 4 public image files',
			'1 consent record and its signature',
			'1 treatment course and 2 sessions with grades and notes',
			'the portal account with 1 passkey',
			'the personal details: name, email, phone, birth year, skin type, concerns'
		]);
	});
});
