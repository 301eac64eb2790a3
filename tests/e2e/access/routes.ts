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

/**
 * The action names of `export const <name> = {…}`, following spreads of a route-local file's
 * actions (`...courseActions` imported from './courses.server'), so a page whose actions are
 * split by area is still read whole; a spread that cannot be followed fails loudly.
 */
function actionNames(dir: string, source: string, name = 'actions'): string[] {
	const start = source.indexOf(`export const ${name}`);
	if (start < 0) {
		return [];
	}
	const end = source.indexOf('\n}', start);
	const body = source.slice(start, end < 0 ? undefined : end);
	const own = [...body.matchAll(/^\t(\w+):/gm)].map((m) => m[1]);
	const spread = [...body.matchAll(/^\t\.\.\.(\w+),?$/gm)].flatMap(([, spreadName]) => {
		const from = source.match(
			new RegExp(`import \\{[^}]*\\b${spreadName}\\b[^}]*\\} from '\\./([\\w.-]+)'`)
		);
		if (!from) {
			throw new Error(`${dir}: cannot tell where the spread ${spreadName} comes from`);
		}
		const file = fs.readFileSync(path.join(dir, `${from[1]}.ts`), 'utf8');
		return actionNames(dir, file, spreadName);
	});
	return [...own, ...spread];
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
			operations.push(...actionNames(dir, source).map((a) => `POST ?/${a}`));
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
