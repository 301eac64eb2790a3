import fs from 'node:fs';

/** The app's version from package.json, recorded in each backup's manifest. */
export function appVersion(): string {
	const pkg = new URL('../../../../package.json', import.meta.url);
	try {
		return (JSON.parse(fs.readFileSync(pkg, 'utf8')) as { version?: string }).version ?? 'unknown';
	} catch {
		return 'unknown';
	}
}
