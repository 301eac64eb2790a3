/** Titles people put in front of their name; "Dr Priya Nair" is greeted as "Dr Nair", not "Dr". */
const TITLES = new Set(['dr', 'prof', 'professor', 'mr', 'mrs', 'ms', 'miss', 'mx', 'sir', 'dame']);

/** The name to greet someone by: the first name, or title and surname when they gave a title. */
export function greetingName(fullName: string): string {
	const words = fullName.trim().split(/\s+/).filter(Boolean);
	if (words.length === 0) {
		return '';
	}
	const first = words[0].replace(/\.$/, '').toLowerCase();
	if (TITLES.has(first) && words.length > 1) {
		return `${words[0]} ${words.at(-1)}`;
	}
	return words[0];
}
