import { describe, expect, it } from 'vitest';
import { greetingName } from './greeting';

describe('greetingName', () => {
	it('uses the first name', () => {
		expect(greetingName('Jordan Avery')).toBe('Jordan');
		expect(greetingName('  Mei   Tanaka ')).toBe('Mei');
		expect(greetingName('Cher')).toBe('Cher');
	});

	it('keeps a title with the surname instead of greeting the title alone', () => {
		expect(greetingName('Dr Priya Nair')).toBe('Dr Nair');
		expect(greetingName('Dr. Priya Nair')).toBe('Dr. Nair');
		expect(greetingName('Prof Ana Maria Souza')).toBe('Prof Souza');
		expect(greetingName('Dr Nair')).toBe('Dr Nair');
		expect(greetingName('Dr')).toBe('Dr');
	});

	it('does not mistake a first name that starts like a title', () => {
		expect(greetingName('Drew Barry')).toBe('Drew');
		expect(greetingName('Missy Elliott')).toBe('Missy');
	});

	it('gives nothing for an empty name', () => {
		expect(greetingName('   ')).toBe('');
	});
});
