import nodeAdapter from '@sveltejs/adapter-node';

/**
 * adapter-node bundles the server with its own Rollup call, which takes no warning options, and
 * always makes two empty chunks (its `env` entry and a Kit internal): Rollup then prints
 * "Generated an empty chunk" on every build, which reads like an error. Exactly that line is
 * dropped while the adapter runs; every other message goes through.
 */
/** @returns {import('@sveltejs/kit').Adapter} */
function adapter() {
	const inner = nodeAdapter();
	return {
		...inner,
		/** @param {import('@sveltejs/kit').Builder} builder */
		async adapt(builder) {
			const warn = console.warn;
			console.warn = (...args) => {
				if (!(typeof args[0] === 'string' && /^Generated an empty chunk: ".+"\.$/.test(args[0]))) {
					warn(...args);
				}
			};
			try {
				await inner.adapt(builder);
			} finally {
				console.warn = warn;
			}
		}
	};
}

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
		// TypeScript's `**` skips folders whose name starts with a dot: without these, the
		// /.well-known routes and their generated types would go unchecked and unlinted.
		typescript: {
			config: (tsconfig) => {
				tsconfig.include.push(
					'../src/routes/.well-known/**/*.ts',
					'./types/src/routes/.well-known/**/$types.d.ts'
				);
			}
		},
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
