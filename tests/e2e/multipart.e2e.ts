import fs from 'node:fs';
import path from 'node:path';
import { test, expect } from './app';
import { jordanOf } from './demo-records';
import { filesUnder } from '../support/file-tree';

// Issue 11, 10c: a malformed multipart body is the client's fault. Every upload route answers
// 400 with a message, the server stays up and quiet, and nothing is left behind.

const BOUNDARY = '----resurface-multipart-test';
const PHOTO = fs.readFileSync(path.resolve('../shared/fixtures/photos/faces/portrait-obama.jpg'));

const whole = Buffer.concat([
	Buffer.from(
		`--${BOUNDARY}\r\nContent-Disposition: form-data; name="view"\r\n\r\nfront\r\n` +
			`--${BOUNDARY}\r\nContent-Disposition: form-data; name="file"; filename="a.jpg"\r\n` +
			'Content-Type: image/jpeg\r\n\r\n'
	),
	PHOTO,
	Buffer.from(`\r\n--${BOUNDARY}--\r\n`)
]);

const malformed: { name: string; contentType: string; body: Buffer }[] = [
	{
		name: 'truncated inside the file',
		contentType: `multipart/form-data; boundary=${BOUNDARY}`,
		body: whole.subarray(0, 40_000)
	},
	{
		name: 'truncated inside the part headers',
		contentType: `multipart/form-data; boundary=${BOUNDARY}`,
		body: whole.subarray(0, 120)
	},
	{
		name: 'a boundary the body does not use',
		contentType: 'multipart/form-data; boundary=not-the-one-in-the-body',
		body: whole
	},
	{ name: 'no boundary', contentType: 'multipart/form-data', body: whole },
	{ name: 'an empty boundary', contentType: 'multipart/form-data; boundary=', body: whole },
	{
		name: 'a boundary too long for the standard',
		contentType: `multipart/form-data; boundary=${'b'.repeat(100)}`,
		body: whole
	}
];

test('malformed multipart uploads answer 400 on every upload route and leave nothing', async ({
	demo,
	browser
}) => {
	const context = await browser.newContext();
	await demo.signInAs(context, 'clinician@demo.test');
	const api = context.request;
	const jordan = jordanOf(demo);
	const media = path.join(demo.dir, 'media');
	const photos = () => demo.db.$client.prepare('select count(*) from photo').pluck().get();
	const before = { photos: photos(), files: filesUnder(media) };
	const routes = [
		{ url: `/api/v1/patients/${jordan.id}/photos`, accept: 'application/json' },
		// the patient page's form action, as its enhanced form (and the capture page) sends it
		{ url: `/clinic/patients/${jordan.id}?/upload`, accept: 'application/json' }
	];
	for (const route of routes) {
		for (const c of malformed) {
			const res = await api.post(demo.baseURL + route.url, {
				headers: {
					origin: demo.baseURL,
					'content-type': c.contentType,
					accept: route.accept,
					'x-sveltekit-action': 'true'
				},
				data: c.body
			});
			const where = `${route.url}: ${c.name}`;
			const text = await res.text();
			if (route.url.includes('?/')) {
				// a form action asked for JSON answers 200 with the real status inside
				const body = JSON.parse(text) as { type: string; status: number; data: string };
				expect.soft([body.type, body.status], `${where}: ${text}`).toEqual(['failure', 400]);
				expect.soft(body.data, where).toMatch(/multipart|cut off|malformed/);
			} else {
				expect.soft(res.status(), `${where}: ${text}`).toBe(400);
				expect.soft(JSON.parse(text).message, where).toMatch(/multipart|cut off|malformed/);
			}
			expect(demo.alive(), `server exited after ${where}:\n${demo.log()}`).toBe(true);
		}
	}
	expect(photos()).toBe(before.photos);
	expect(filesUnder(media)).toEqual(before.files);
	expect((await api.get(`${demo.baseURL}/login`)).status()).toBe(200);
	expect(demo.log().trim().split('\n')).toEqual([expect.stringMatching(/^Listening on /)]);
	await context.close();
});
