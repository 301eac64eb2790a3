import adapter from '@sveltejs/adapter-node';

/** @type {import('@sveltejs/kit').Config} */
const config = {
	compilerOptions: {
		// Runes everywhere in our own code; libraries keep whatever mode they were written in.
		runes: ({ filename }) => (filename.split(/[/\\]/).includes('node_modules') ? undefined : true)
	},
	kit: {
		adapter: adapter(),
		// Test support and fixtures live in tests/, out of the product tree; specs beside their code
		// reach them as $test/support/… and $test/fixtures/… (product code may not: eslint.config.js).
		alias: { $test: 'tests' },
		// src/lib/server/http/csrf.ts (a hook) applies SvelteKit's form-origin rule and more; here it
		// would also refuse an integration's bearer-token upload, which carries no cookie.
		csrf: { trustedOrigins: ['*'] },
		// Kit adds a nonce or hash for its own bootstrap script, so no 'unsafe-inline' script is
		// ever needed. Styles may be inline (progress bars, placeholders); scripts may not.
		csp: {
			mode: 'auto',
			directives: {
				'default-src': ['self'],
				'script-src': ['self'],
				'style-src': ['self', 'unsafe-inline'],
				'img-src': ['self', 'data:', 'blob:'],
				'media-src': ['self', 'blob:'],
				'font-src': ['self'],
				'connect-src': ['self'],
				'object-src': ['none'],
				'base-uri': ['self'],
				'form-action': ['self'],
				'frame-ancestors': ['none']
			}
		}
	}
};

export default config;
