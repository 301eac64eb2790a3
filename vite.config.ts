import { defineConfig, type Plugin } from 'vitest/config';
import { sveltekit } from '@sveltejs/kit/vite';

/**
 * `npm run dev` holds request bodies to the same limits as src/cli/server.ts does in
 * production; SvelteKit's dev server would otherwise read any body whole. Loaded through the
 * dev server itself, so this config imports nothing from src.
 */
const bodyLimit: Plugin = {
	name: 'resurface-body-limit',
	apply: (_config, env) => env.command === 'serve' && !process.env.VITEST,
	async configureServer(server) {
		const { limitRequestBody } = (await server.ssrLoadModule(
			'/src/lib/server/http/body-limit.ts'
		)) as typeof import('./src/lib/server/http/body-limit');
		server.middlewares.use((req, res, next) => limitRequestBody(req, res, () => next()));
	}
};

export default defineConfig({
	plugins: [bodyLimit, sveltekit()],
	build: {
		rolldownOptions: {
			// Rolldown's timing report ("[PLUGIN_TIMINGS] …") fires on every build of a Svelte app
			// (the compiler is the slow part, as expected) and reads like an error in `npm run demo`.
			// Only that check is off; every other build warning still prints.
			checks: { bundlerTimings: false }
		}
	},
	test: {
		expect: { requireAssertions: true },
		include: ['src/**/*.{test,spec}.{js,ts}'],
		exclude: ['src/**/*.svelte.{test,spec}.{js,ts}'],
		environment: 'node',
		// argon2 and sqlite work is CPU-bound; two cores here.
		testTimeout: 20_000
	}
});
