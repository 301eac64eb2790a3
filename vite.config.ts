import { defineConfig, type Plugin } from 'vitest/config';
import { sveltekit } from '@sveltejs/kit/vite';
import { limitRequestBody } from './src/lib/server/http/body-limit';

/**
 * `npm run dev` holds request bodies to the same limits as src/cli/server.ts does in
 * production; SvelteKit's dev server would otherwise read any body whole.
 */
const bodyLimit: Plugin = {
	name: 'resurface-body-limit',
	configureServer(server) {
		server.middlewares.use((req, res, next) => limitRequestBody(req, res, () => next()));
	},
	configurePreviewServer(server) {
		server.middlewares.use((req, res, next) => limitRequestBody(req, res, () => next()));
	}
};

export default defineConfig({
	plugins: [bodyLimit, sveltekit()],
	test: {
		expect: { requireAssertions: true },
		include: ['src/**/*.{test,spec}.{js,ts}'],
		exclude: ['src/**/*.svelte.{test,spec}.{js,ts}'],
		environment: 'node',
		// argon2 and sqlite work is CPU-bound; two cores here.
		testTimeout: 20_000
	}
});
