import { describe, expect, it } from 'vitest';
import { PASSWORD_HINT, PASSWORD_MAX, PASSWORD_MIN, passwordProblem } from './password-rule';

describe('passwordProblem', () => {
	it('accepts the shortest and the longest allowed password', () => {
		expect(passwordProblem('a'.repeat(PASSWORD_MIN))).toBeNull();
		expect(passwordProblem('a'.repeat(PASSWORD_MAX))).toBeNull();
	});

	it('refuses one character too few or too many, saying the limit', () => {
		expect(passwordProblem('a'.repeat(PASSWORD_MIN - 1))).toBe(
			'Use at least 10 characters for the password.'
		);
		expect(passwordProblem('a'.repeat(PASSWORD_MAX + 1))).toBe(
			'Use at most 256 characters for the password.'
		);
		expect(passwordProblem('')).not.toBeNull();
	});

	it('tells the person the same minimum the check applies', () => {
		expect(PASSWORD_HINT).toBe('At least 10 characters.');
	});
});
