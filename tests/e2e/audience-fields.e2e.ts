import type { APIRequestContext } from '@playwright/test';
import { test, expect, type App } from './app';
import { patientIdOfAccount } from './demo-records';

// Each load and API answer carries what its page shows and nothing its audience may not have:
// read as an attacker would, from the raw JSON the browser receives, not from the page.

/** Field names that only staff (or no one) may read. */
const STAFF_ONLY_FIELDS = [
	'notes',
	'sideEffects',
	'needleDepthMm',
	'passes',
	'numbing',
	'gradeScore',
	'uploadedBy',
	'recordedBy',
	'revokedBy',
	'createdBy',
	'originalKey',
	'originalType',
	'sha256',
	'signature',
	'passwordHash',
	'clinicId',
	'userId'
];

/** The clinical notes and side effects of the patient's sessions, one row a session. */
function sessionNotes(demo: App, patientId: string) {
	return demo.db.$client
		.prepare(
			`select s.notes, s.side_effects from treatment_session s join course c on c.id = s.course_id
			 where c.patient_id = ?`
		)
		.all(patientId) as { notes: string | null; side_effects: string | null }[];
}

/** The raw body of a GET, which must succeed. */
async function raw(api: APIRequestContext, url: string): Promise<string> {
	const res = await api.get(url, { maxRedirects: 0 });
	expect(res.status(), url).toBe(200);
	return res.text();
}

/** A string as it appears inside JSON (and SvelteKit's devalue output, which is JSON). */
const inJson = (s: string) => JSON.stringify(s).slice(1, -1);

function expectNone(body: string, url: string, names: string[], values: string[]) {
	for (const name of names) {
		expect(body, `${url} has field ${name}`).not.toContain(`"${name}":`);
	}
	for (const value of values) {
		expect(body, `${url} has ${value}`).not.toContain(inJson(value));
	}
}

test('the patient’s pages and APIs carry no clinical notes, side effects or staff details', async ({
	demo,
	page,
	context
}) => {
	const sql = demo.db.$client;
	const me = patientIdOfAccount(demo, 'patient@demo.test');
	const clinical = sessionNotes(demo, me);
	const texts = clinical.flatMap((r) => [r.notes, r.side_effects]).filter((t) => t) as string[];
	// the demo patient's record has both, or this test would prove nothing
	expect(clinical.some((r) => r.notes)).toBe(true);
	expect(clinical.some((r) => r.side_effects)).toBe(true);
	const staff = sql.prepare("select id, email from user where role != 'patient'").all() as {
		id: string;
		email: string;
	}[];
	const photos = sql
		.prepare('select id, original_key, sha256 from photo where patient_id = ?')
		.all(me) as { id: string; original_key: string; sha256: string }[];
	const secrets = [
		...texts,
		...staff.flatMap((s) => [s.id, s.email]),
		...photos.flatMap((p) => [p.original_key, p.sha256])
	];

	await demo.signInAs(context, 'patient@demo.test');
	const api = page.request;
	const home = await raw(api, `${demo.baseURL}/me/__data.json`);
	// the page's own data is there: the check reads the right thing
	expect(home).toContain('"patientSelfRating":');
	expect(home).toContain(photos[0].id);
	expectNone(home, '/me', STAFF_ONLY_FIELDS, secrets);

	const compare = await raw(api, `${demo.baseURL}/me/compare/__data.json`);
	expect(compare).toContain('"pair":');
	expectNone(compare, '/me/compare', STAFF_ONLY_FIELDS, secrets);

	const onePhoto = await raw(api, `${demo.baseURL}/api/v1/photos/${photos[0].id}`);
	expect(JSON.parse(onePhoto).id).toBe(photos[0].id);
	expectNone(onePhoto, '/api/v1/photos/…', STAFF_ONLY_FIELDS, secrets);

	// the staff APIs do not answer a patient at all
	for (const url of ['/api/v1/patients', `/api/v1/patients/${me}/photos`]) {
		expect((await api.get(demo.baseURL + url)).status(), url).toBe(404);
	}
	// nor does the staff patient page's data: SvelteKit answers its data request with the error
	const staffPage = await raw(api, `${demo.baseURL}/clinic/patients/${me}/__data.json`);
	expect(staffPage).toContain('"type":"error"');
	expect(staffPage).toContain('"status":404');
	expectNone(staffPage, '/clinic/patients/…', STAFF_ONLY_FIELDS, secrets);
});

test('the front desk’s patient page data has no session notes, no photos and no signatures', async ({
	demo,
	page,
	context
}) => {
	const me = patientIdOfAccount(demo, 'patient@demo.test');
	const texts = sessionNotes(demo, me)
		.flatMap((r) => [r.notes, r.side_effects])
		.filter((t) => t) as string[];
	const sql = demo.db.$client;
	const photoIds = sql
		.prepare('select id from photo where patient_id = ?')
		.pluck()
		.all(me) as string[];
	expect(photoIds.length).toBeGreaterThan(0);
	// a consent signed on the pad, as every new one is
	const clinician = sql
		.prepare("select id from user where email = 'clinician@demo.test'")
		.pluck()
		.get() as string;
	sql
		.prepare(
			`insert into consent (id, clinic_id, patient_id, scope, text_version, signed_name, signature,
			 granted_at, recorded_by) select ?, clinic_id, id, 'treatment', 'v1', display_name, ?, ?, ?
			 from patient where id = ?`
		)
		.run('c'.repeat(32), 'data:image/png;base64,iVBORw0KGgoSIGNATURE', Date.now(), clinician, me);

	await demo.signInAs(context, 'frontdesk@demo.test');
	const url = `${demo.baseURL}/clinic/patients/${me}/__data.json`;
	const body = await raw(page.request, url);
	expect(body).toContain('"consents":');
	expectNone(
		body,
		'front desk’s patient page',
		['notes', 'sideEffects', 'needleDepthMm', 'signature', 'recordedBy', 'revokedBy'],
		[...texts, ...photoIds, 'SIGNATURE', clinician]
	);
	expect(body).not.toContain('/media/private/');
});
