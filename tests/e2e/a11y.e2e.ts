import AxeBuilder from '@axe-core/playwright';
import { eq } from 'drizzle-orm';
import { test, expect } from './app';
import { patient } from '../../src/lib/server/db/schema';

/** Serious and critical axe violations, summarised so a failure says what and where. */
async function violations(page: import('@playwright/test').Page) {
	const result = await new AxeBuilder({ page }).analyze();
	return result.violations
		.filter((v) => v.impact === 'serious' || v.impact === 'critical')
		.map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`);
}

test('staff pages have no serious or critical accessibility violations, nor CSP violations', async ({
	demo,
	page,
	context
}) => {
	const jordan = demo.db
		.select()
		.from(patient)
		.where(eq(patient.email, 'patient@demo.test'))
		.get()!;
	await demo.signInAs(context, 'owner@demo.test');
	// Anything our own markup does that the CSP blocks (an inline handler, say) shows up here.
	const cspErrors: string[] = [];
	page.on('console', (m) => {
		if (m.text().includes('Content Security Policy')) {
			cspErrors.push(`${page.url()}: ${m.text().slice(0, 120)}`);
		}
	});
	const pages = [
		'/clinic',
		'/clinic/patients',
		'/clinic/patients?new=1',
		`/clinic/patients/${jordan.id}`,
		`/clinic/patients/${jordan.id}/capture`,
		'/clinic/staff',
		'/clinic/invitations',
		'/clinic/integrations',
		'/clinic/audit',
		'/clinic/settings',
		'/account/password'
	];
	for (const path of pages) {
		await page.goto(demo.baseURL + path);
		await page.waitForLoadState('networkidle');
		// open every disclosure so the forms inside are checked too
		await page.evaluate(() => document.querySelectorAll('details').forEach((d) => (d.open = true)));
		expect(await violations(page), path).toEqual([]);
	}
	expect(cspErrors).toEqual([]);
});

test('sign-in, setup-free pages and the patient home have no serious violations', async ({
	demo,
	page,
	context
}) => {
	await page.goto(demo.baseURL + '/login');
	expect(await violations(page), '/login').toEqual([]);
	await demo.signInAs(context, 'patient@demo.test');
	await page.goto(demo.baseURL + '/me');
	expect(await violations(page), '/me').toEqual([]);
});
