import prettier from 'eslint-config-prettier';
import path from 'node:path';
import js from '@eslint/js';
import svelte from 'eslint-plugin-svelte';
import { defineConfig, includeIgnoreFile } from 'eslint/config';
import globals from 'globals';
import ts from 'typescript-eslint';

const gitignorePath = path.resolve(import.meta.dirname, '.gitignore');

export default defineConfig(
	includeIgnoreFile(gitignorePath),
	{ ignores: ['drizzle/', 'build/', '.svelte-kit/', 'test-results/'] },
	js.configs.recommended,
	ts.configs.recommended,
	svelte.configs.recommended,
	prettier,
	svelte.configs.prettier,
	{
		languageOptions: {
			globals: { ...globals.browser, ...globals.node },
			parserOptions: {
				projectService: true,
				extraFileExtensions: ['.svelte'],
				parser: ts.parser,
				tsconfigRootDir: import.meta.dirname
			}
		},
		rules: {
			// TypeScript checks undefined names better than this rule can.
			'no-undef': 'off',
			curly: 'error',
			'@typescript-eslint/no-floating-promises': 'error',
			'@typescript-eslint/no-misused-promises': 'error',
			'@typescript-eslint/no-unused-vars': [
				'error',
				{ argsIgnorePattern: '^_', varsIgnorePattern: '^_', destructuredArrayIgnorePattern: '^_' }
			],
			'svelte/button-has-type': 'error',
			// Resurface is always served at the site root (no kit.paths.base), so wrapping every
			// href in resolve() would add noise without changing a single URL.
			'svelte/no-navigation-without-resolve': 'off'
		}
	},
	{
		// Test support and fixtures (tests/, reached as $test) never ship: product code may not
		// import them. Specs and the demo seed's specs are tests themselves.
		files: ['src/**/*.ts', 'src/**/*.svelte'],
		ignores: ['src/**/*.spec.ts'],
		rules: {
			'no-restricted-imports': [
				'error',
				{
					patterns: [
						{
							group: ['$test', '$test/*', '**/tests/*'],
							message: 'Test support lives in tests/; product code under src/ may not import it.'
						}
					]
				}
			]
		}
	},
	{
		// Playwright fixtures with no dependencies are declared with an empty pattern.
		files: ['tests/**/*.ts'],
		rules: { 'no-empty-pattern': 'off' }
	},
	{
		files: ['*.js', '*.config.ts', 'eslint.config.js'],
		...ts.configs.disableTypeChecked
	}
);
