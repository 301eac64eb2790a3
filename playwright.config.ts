import { defineConfig } from '@playwright/test';

// Debian's Chromium: browsers cannot be downloaded on these machines. The background-networking
// flags stop Chromium phoning home, which the closed network here would refuse.
export const CHROMIUM = {
	executablePath: process.env.CHROMIUM_PATH || '/usr/bin/chromium',
	args: [
		'--no-sandbox',
		'--disable-gpu',
		'--disable-background-networking',
		'--disable-component-update',
		'--disable-sync'
	]
};

export default defineConfig({
	testDir: 'tests/e2e',
	testMatch: '**/*.e2e.ts',
	globalSetup: './tests/e2e/global-setup.ts',
	fullyParallel: true,
	workers: 2,
	retries: 0,
	timeout: 60_000,
	// a wait, not a limit under test: a loaded 2-core machine has needed more than the default 5 s
	expect: { timeout: 10_000 },
	reporter: process.env.CI ? [['list']] : [['list']],
	use: {
		browserName: 'chromium',
		launchOptions: CHROMIUM,
		trace: 'retain-on-failure',
		screenshot: 'only-on-failure'
	}
});
