import { eq } from 'drizzle-orm';
import { test, expect } from './app';
import { patientNamed } from './demo-records';
import { consent } from '../../src/lib/server/db/schema';
import { bilevelPng } from '../fixtures/bad-inputs/png-bytes';

const png = (bytes: Buffer) => `data:image/png;base64,${bytes.toString('base64')}`;

test('a forged, damaged or oversized signature is refused with 400 and nothing is written', async ({
	demo,
	page,
	context
}) => {
	const p = patientNamed(demo, 'Lucas Ferreira');
	await demo.signInAs(context, 'clinician@demo.test');
	const consents = () =>
		demo.db.select().from(consent).where(eq(consent.patientId, p.id)).all().length;
	const before = consents();
	const whole = bilevelPng(600, 180);
	const magic = whole.subarray(0, 8);
	const record = (signature: string) =>
		page.request.post(`${demo.baseURL}/clinic/patients/${p.id}?/recordConsent`, {
			form: { scopes: 'gallery_public', signedName: 'Lucas Ferreira', signature, expiresOn: '' },
			headers: { origin: demo.baseURL, accept: 'text/html' },
			maxRedirects: 0
		});

	for (const [what, signature, message] of [
		['the PNG magic and junk', png(Buffer.concat([magic, Buffer.alloc(40_000, 0x41)])), /read/],
		['a truncated PNG', png(whole.subarray(0, whole.length - 20)), /read/],
		['a PNG cut before IEND', png(whole.subarray(0, whole.length - 12)), /read/],
		['a PNG with HTML after IEND', png(Buffer.concat([whole, Buffer.from('<script>')])), /read/],
		['a 5000 × 5000 PNG', png(bilevelPng(5000, 5000)), /too large/],
		['a 400 KB data URL', `data:image/png;base64,${'A'.repeat(400_000)}`, /too large/]
	] as const) {
		const res = await record(signature);
		expect(res.status(), what).toBe(400);
		expect(await res.text(), what).toMatch(message);
		expect(consents(), what).toBe(before);
	}

	const ok = await record(png(whole));
	expect(ok.status()).toBe(200);
	expect(consents()).toBe(before + 1);
});
