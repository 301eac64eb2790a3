import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { eq } from 'drizzle-orm';
import { test as base, type BrowserContext } from '@playwright/test';
import { ROOT, TEMPLATE_DIR } from './paths';
import { openDatabase, type Db } from '../../src/lib/server/db/client';
import { user } from '../../src/lib/server/db/schema';
import { SESSION_COOKIE, createSession } from '../../src/lib/server/auth/session';

/** One running server on its own database and media folder, for one test. */
export interface App {
	baseURL: string;
	dir: string;
	db: Db;
	/** signs the browser context in as that user by setting a session cookie (no form) */
	signInAs(context: BrowserContext, email: string): Promise<void>;
	/** SIGKILL the server: no shutdown code runs, as in a power cut or an OOM kill */
	crash(): Promise<void>;
	/** start the server again on the same port, database and media folder */
	restart(): Promise<void>;
	/** true while the server process started for this test has not exited */
	alive(): boolean;
	/** everything the server wrote to stdout and stderr so far */
	log(): string;
	/** the server process's id, for reading its memory from /proc */
	pid(): number;
}

async function freePort(): Promise<number> {
	return new Promise((resolve, reject) => {
		const server = net.createServer();
		server.once('error', reject);
		server.listen(0, '127.0.0.1', () => {
			const { port } = server.address() as net.AddressInfo;
			server.close(() => resolve(port));
		});
	});
}

async function waitForServer(url: string, child: ChildProcess, log: () => string) {
	// generous: a loaded 2-core machine has taken over 20 s to start a server beside a test run
	const deadline = Date.now() + 60_000;
	while (Date.now() < deadline) {
		if (child.exitCode !== null) {
			throw new Error(`server exited:\n${log()}`);
		}
		try {
			await fetch(url, { redirect: 'manual' });
			return;
		} catch {
			await new Promise((r) => setTimeout(r, 100));
		}
	}
	throw new Error(`server did not start:\n${log()}`);
}

export async function startApp(options: {
	demo: boolean;
	/** extra environment for the server, e.g. ADDRESS_HEADER as behind a proxy */
	env?: Record<string, string>;
	/**
	 * ORIGIN and baseURL `http://localhost:<port>` (the server still listens on 127.0.0.1):
	 * a WebAuthn RP ID must be a domain name, never an IP address (passkeys.e2e.ts).
	 */
	localhost?: boolean;
}): Promise<App & { stop(): Promise<void> }> {
	const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'resurface-e2e-'));
	if (options.demo) {
		fs.cpSync(TEMPLATE_DIR, dir, { recursive: true });
	}
	const port = await freePort();
	const baseURL = `http://${options.localhost ? 'localhost' : '127.0.0.1'}:${port}`;
	let output = '';
	const spawnServer = async () => {
		const child = spawn(
			process.execPath,
			['--import', 'tsx', path.join(ROOT, 'src/cli/server.ts')],
			{
				cwd: ROOT,
				env: {
					...process.env,
					NODE_ENV: 'production',
					HOST: '127.0.0.1',
					PORT: String(port),
					ORIGIN: baseURL,
					DATABASE_URL: path.join(dir, 'resurface.db'),
					MEDIA_DIR: path.join(dir, 'media'),
					MALLOC_ARENA_MAX: '2',
					MALLOC_MMAP_THRESHOLD_: '262144',
					...options.env
				},
				stdio: ['ignore', 'pipe', 'pipe']
			}
		);
		child.stdout!.on('data', (d) => (output += d));
		child.stderr!.on('data', (d) => (output += d));
		await waitForServer(baseURL, child, () => output);
		return child;
	};
	let child = await spawnServer();
	const db = openDatabase(path.join(dir, 'resurface.db'), path.join(ROOT, 'drizzle'));

	return {
		baseURL,
		dir,
		db,
		alive: () => child.exitCode === null && child.signalCode === null,
		log: () => output,
		pid: () => child.pid!,
		async signInAs(context, email) {
			const u = db.select().from(user).where(eq(user.email, email)).get();
			if (!u) {
				throw new Error(`no user ${email}`);
			}
			const { token } = createSession(db, u.id);
			await context.addCookies([
				{
					name: SESSION_COOKIE,
					value: token,
					url: baseURL,
					httpOnly: true,
					secure: true,
					sameSite: 'Lax'
				}
			]);
		},
		async crash() {
			const exited = new Promise((r) => child.once('exit', r));
			child.kill('SIGKILL');
			await exited;
		},
		async restart() {
			child = await spawnServer();
		},
		async stop() {
			db.$client.close();
			if (child.exitCode === null && child.signalCode === null) {
				const exited = new Promise((r) => child.once('exit', r));
				child.kill('SIGTERM');
				await exited;
			}
			fs.rmSync(dir, { recursive: true, force: true });
		}
	};
}

/** `app`: an empty install (first run). `demo`: the seeded demo clinic. Each test gets its own. */
export const test = base.extend<{ app: App; demo: App }>({
	app: async ({}, use) => {
		const app = await startApp({ demo: false });
		await use(app);
		await app.stop();
	},
	demo: async ({}, use) => {
		const app = await startApp({ demo: true });
		await use(app);
		await app.stop();
	}
});

export { expect } from '@playwright/test';

/** Opens a page and waits until Svelte has hydrated it, so clicks reach live handlers. */
export async function gotoHydrated(page: import('@playwright/test').Page, url: string) {
	await page.goto(url);
	await page.locator('html[data-hydrated]').waitFor({ state: 'attached' });
}
