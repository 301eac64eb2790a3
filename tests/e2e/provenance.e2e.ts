import fs from 'node:fs';
import path from 'node:path';
import { execFile } from 'node:child_process';
import { createHash } from 'node:crypto';
import { eq } from 'drizzle-orm';
import { test, expect, type App } from './app';
import { ROOT } from './paths';
import { patientNamed } from './demo-records';
import { publishedCase } from './gallery-helpers';
import { galleryCase, galleryImage, user } from '../../src/lib/server/db/schema';
import { LocalDiskStore } from '../../src/lib/server/storage/local-disk';
import { withdrawCase } from '../../src/lib/server/gallery/publish';
import type { StaffActor } from '../../src/lib/server/auth/guard';
import type { SignedProvenance } from '../../src/lib/domain/provenance';
import { monthLabel } from '../../src/lib/domain/public-gallery';
import { DEMO_REDACTIONS } from '../../src/cli/demo/gallery';

const sha = (b: Uint8Array) => createHash('sha256').update(b).digest('hex');

/**
 * README's "Checking a provenance record" script, taken from the README itself and run with
 * plain Node as a visitor would: what it prints is what a reader of the README would see.
 */
function readmeCheck(recordUrl: string): Promise<string> {
	const readme = fs.readFileSync(path.join(ROOT, 'README.md'), 'utf8');
	const section = readme.slice(readme.indexOf('## Checking a provenance record'));
	const script = /```js\n([\s\S]*?)```/.exec(section)![1];
	// beside node_modules, so `import 'canonicalize'` resolves as in the reader's own folder
	const file = path.join(ROOT, 'test-results', `check-provenance-${process.pid}.mjs`);
	fs.mkdirSync(path.dirname(file), { recursive: true });
	fs.writeFileSync(file, script);
	return new Promise((resolve) =>
		execFile(process.execPath, [file, recordUrl], (_err, stdout) => resolve(stdout.trim()))
	);
}

function caseOf(demo: App, name: string) {
	const p = patientNamed(demo, name);
	return demo.db.select().from(galleryCase).where(eq(galleryCase.patientId, p.id)).get()!;
}

test('a published case’s record verifies for an anonymous visitor, its files match, and it goes with the case', async ({
	demo,
	browser,
	playwright
}) => {
	const id = await publishedCase(demo, 'Jordan Avery');
	// the server's worker adds the AVIF files and names them in the record: once it has, the
	// record and the files stay as they are (read before, the two could be a job apart)
	await expect
		.poll(
			() =>
				demo.db
					.select()
					.from(galleryImage)
					.where(eq(galleryImage.caseId, id))
					.all()
					.filter((i) => i.format === 'avif').length,
			{ timeout: 90_000 }
		)
		.toBeGreaterThan(0);
	const recordUrl = `${demo.baseURL}/c/demo/cases/${id}/provenance.json`;
	const visitor = await playwright.request.newContext();

	const res = await visitor.get(recordUrl);
	expect(res.status()).toBe(200);
	expect(res.headers()['content-type']).toMatch(/^application\/json/);
	expect(res.headers()['cache-control']).toBe('public, max-age=300');
	const record = (await res.json()) as SignedProvenance;
	const keys = await visitor.get(`${demo.baseURL}/.well-known/resurface-keys.json`);
	expect(keys.status()).toBe(200);
	expect(keys.headers()['content-type']).toMatch(/^application\/json/);
	const { keys: jwks } = await keys.json();
	expect(jwks).toEqual([
		{ kty: 'OKP', crv: 'Ed25519', x: expect.any(String), kid: record.signature.kid }
	]);
	expect(record.case).toEqual({ id, clinic: 'demo', url: `${demo.baseURL}/c/demo/cases/${id}` });
	expect(record.appVersion).toBe(JSON.parse(fs.readFileSync('package.json', 'utf8')).version);
	expect(await readmeCheck(recordUrl)).toBe('OK');

	// every public file, fetched from its URL, is the file the record names
	const rows = demo.db.select().from(galleryImage).where(eq(galleryImage.caseId, id)).all();
	expect(record.outputs).toHaveLength(rows.length);
	expect(record.outputs.map((o) => o.which)).toContain('og');
	for (const o of record.outputs) {
		const image = await visitor.get(o.url);
		expect(image.status(), o.url).toBe(200);
		expect(sha(await image.body()), o.url).toBe(o.sha256);
	}

	// withdrawn: the record is gone for everyone, signed in or not; the key stays
	const clinician = demo.db.select().from(user).where(eq(user.email, 'clinician@demo.test')).get()!;
	await withdrawCase(
		demo.db,
		new LocalDiskStore(path.join(demo.dir, 'media')),
		{ user: clinician, clinicId: clinician.clinicId } as StaffActor,
		id
	);
	expect((await visitor.get(recordUrl)).status()).toBe(404);
	for (const email of ['owner@demo.test', 'clinician@demo.test', 'patient@demo.test']) {
		const context = await browser.newContext();
		await demo.signInAs(context, email);
		expect((await context.request.get(recordUrl)).status(), email).toBe(404);
		await context.close();
	}
	expect((await visitor.get(`${demo.baseURL}/.well-known/resurface-keys.json`)).status()).toBe(200);
	expect(await readmeCheck(recordUrl)).not.toBe('OK');
	await visitor.dispose();
});

test('the case page says what was done to the photos and links the signed record, without JavaScript too', async ({
	demo,
	page,
	browser
}) => {
	const jordan = caseOf(demo, 'Jordan Avery');
	const url = `${demo.baseURL}/c/demo/cases/${jordan.id}`;
	const record = (await (
		await page.request.get(`${url}/provenance.json`)
	).json()) as SignedProvenance;
	const resize = record.operations.after.find((o) => o.op === 'resize') as {
		width: number;
		height: number;
	};
	const months = record.sources.map((s) => monthLabel(s.capturedOn));
	// the demo's close-ups of facial skin: the same crop on each photo and no eye bar, as there
	// are no eyes in the frame
	const crop = DEMO_REDACTIONS.face.after.crop!;
	const share = Math.round(crop.w * crop.h * 100);
	const words = `ropped to ${share} % of the photo · resized to ${resize.width} × ${resize.height} · not retouched.`;
	// the seeded demo's photos went through the alignment job: its step is said first
	const aligned = record.operations.after.some((o) => o.op === 'align');
	expect(aligned).toBe(true);

	for (const javaScriptEnabled of [true, false]) {
		const context = await browser.newContext({ javaScriptEnabled });
		const p = javaScriptEnabled ? page : await context.newPage();
		await p.goto(url);
		const section = p.getByRole('region', { name: 'What was done to these photos' });
		await expect(section).toContainText(words);
		// the close-ups are framed alike each session: what the job measured (a tenth of a
		// percent of scale, say) follows "moved"
		await expect(section).toContainText(
			/After photo aligned to the before: only moved[^·]* · cropped/
		);
		await expect(section).toContainText(`taken in ${months[0]} and ${months[1]}.`);
		await section.getByRole('link', { name: 'Verify: provenance record (signed)' }).click();
		await expect(p).toHaveURL(`${url}/provenance.json`);
		expect(JSON.parse(await p.locator('pre').first().innerText()).case.id).toBe(jordan.id);
		await context.close();
	}
});

test('a case published before records gets one made from its rows, signed and checkable', async ({
	demo,
	request
}) => {
	const mei = caseOf(demo, 'Mei Tanaka');
	demo.db.update(galleryCase).set({ provenance: null }).where(eq(galleryCase.id, mei.id)).run();
	demo.db.update(galleryImage).set({ sha256: null }).where(eq(galleryImage.caseId, mei.id)).run();
	const recordUrl = `${demo.baseURL}/c/demo/cases/${mei.id}/provenance.json`;
	const record = (await (await request.get(recordUrl)).json()) as SignedProvenance;
	expect(record).toMatchObject({ appVersion: null, recordedAfterPublishing: true, overrides: [] });
	expect(record.sources.map((s) => s.role)).toEqual(['before', 'after']);
	expect(await readmeCheck(recordUrl)).toBe('OK');
	const rows = demo.db.select().from(galleryImage).where(eq(galleryImage.caseId, mei.id)).all();
	expect(
		rows.every(
			(r) =>
				r.sha256 ===
				record.outputs.find(
					(o) => o.url.includes(r.token) && o.width === r.width && o.format === r.format
				)?.sha256
		)
	).toBe(true);
});
