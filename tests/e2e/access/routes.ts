// Every route, page action and endpoint method under src/routes, read from the files
// themselves, so that a new one shows up here (and in the access matrix) without anyone
// remembering to add it.
import fs from 'node:fs';
import path from 'node:path';
import { ROOT } from '../paths';

export interface FoundRoute {
	/** e.g. /clinic/patients/[id] — route groups like (staff) left out */
	id: string;
	/** GET for a page; the exported methods of a +server.ts; `POST ?/name` for each action */
	operations: string[];
	/** has a +page.svelte: something a person looks at (axe, the 360 px layout) */
	page: boolean;
}

const ROUTES = path.join(ROOT, 'src', 'routes');

function actionNames(source: string): string[] {
	const start = source.indexOf('export const actions');
	if (start < 0) {
		return [];
	}
	return [...source.slice(start).matchAll(/^\t(\w+):/gm)].map((m) => m[1]);
}

export function findRoutes(): FoundRoute[] {
	const found: FoundRoute[] = [];
	const walk = (dir: string) => {
		const entries = fs.readdirSync(dir, { withFileTypes: true });
		const names = new Set(entries.filter((e) => e.isFile()).map((e) => e.name));
		const operations: string[] = [];
		if (names.has('+page.svelte') || names.has('+page.server.ts')) {
			operations.push('GET');
		}
		if (names.has('+page.server.ts')) {
			const source = fs.readFileSync(path.join(dir, '+page.server.ts'), 'utf8');
			operations.push(...actionNames(source).map((a) => `POST ?/${a}`));
		}
		if (names.has('+server.ts')) {
			const source = fs.readFileSync(path.join(dir, '+server.ts'), 'utf8');
			operations.push(
				...[...source.matchAll(/export const (GET|POST|PUT|PATCH|DELETE)\b/g)].map((m) => m[1])
			);
		}
		if (operations.length) {
			const id =
				'/' +
				path
					.relative(ROUTES, dir)
					.split(path.sep)
					.filter((s) => s && !/^\(.*\)$/.test(s))
					.join('/');
			found.push({ id, operations, page: names.has('+page.svelte') });
		}
		for (const e of entries) {
			if (e.isDirectory()) {
				walk(path.join(dir, e.name));
			}
		}
	};
	walk(ROUTES);
	return found.sort((a, b) => a.id.localeCompare(b.id));
}
