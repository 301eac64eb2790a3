import { test, expect } from './app';
import { findRoutes } from './access/routes';
import { MATRIX, type ActionSpec, type Outcome } from './access/matrix';
import { ACTORS, actionUrl, expectNoFailures, fingerprint } from './access/world';

test('every route, action and endpoint is in the access matrix', () => {
	const found = findRoutes();
	const listed = Object.keys(MATRIX).sort();
	expect(
		found.map((r) => r.id),
		'routes in src/routes vs. the matrix'
	).toEqual(listed);
	for (const r of found) {
		const spec = MATRIX[r.id];
		const covered = [
			...(spec.get ? ['GET'] : []),
			...(spec.post ? ['POST'] : []),
			...Object.keys(spec.actions ?? {}).map((a) => `POST ?/${a}`)
		];
		const missing = r.operations.filter((op) => !covered.includes(op));
		// an unguarded route says why its actions are not checked here
		expect(spec.unguarded ? [] : missing, `${r.id}: operations without an entry`).toEqual([]);
	}
});

function outcomeOf(status: number, location: string | undefined): Outcome | number {
	if (status === 200) {
		return 'ok';
	}
	if (status === 303 || status === 302) {
		return location?.startsWith('/login') ? 'login' : 'away';
	}
	return status;
}

test('each kind of person gets exactly what the matrix says, and refused writes change nothing', async ({
	demo,
	browser
}) => {
	test.setTimeout(120_000);
	await expectNoFailures(demo, browser, async (world, failures) => {
		for (const [id, spec] of Object.entries(MATRIX)) {
			const url = demo.baseURL + spec.url(world);
			for (const actor of ACTORS) {
				if (spec.get) {
					const res = await world.as[actor].get(url, { maxRedirects: 0 });
					const got = outcomeOf(res.status(), res.headers()['location']);
					if (got !== spec.get[actor]) {
						failures.push(`GET ${id} as ${actor}: expected ${spec.get[actor]}, got ${got}`);
					}
				}
			}
			const writes: [string, ActionSpec, string][] = Object.entries(spec.actions ?? {}).map(
				([name, a]) => [`POST ?/${name}`, a, actionUrl(url, name)]
			);
			if (spec.post) {
				writes.push(['POST', spec.post, url]);
			}
			for (const [op, action, target] of writes) {
				for (const actor of ACTORS.filter((a) => !action.allowed.includes(a))) {
					const before = fingerprint(demo);
					const res = await world.as[actor].post(target, {
						headers: { origin: demo.baseURL, accept: 'text/html' },
						multipart: { ...action.form?.(world) },
						maxRedirects: 0
					});
					const got = outcomeOf(res.status(), res.headers()['location']);
					const expected: Outcome = actor === 'anonymous' ? action.anonymous : 404;
					if (got !== expected) {
						failures.push(`${op} ${id} as ${actor}: expected ${expected}, got ${got}`);
					}
					if (fingerprint(demo) !== before) {
						failures.push(`${op} ${id} as ${actor}: the database changed`);
					}
				}
			}
		}
	});
});
