// The HTTP server around SvelteKit's adapter-node handler. adapter-node serves the static files
// and built assets itself, before SvelteKit's hooks run; wrapping the handler here puts the
// baseline security headers on those responses too. Run directly (`tsx src/cli/server.ts`) it
// serves the existing build; `npm start` and `npm run demo` call serve() after their own steps.
import fs from 'node:fs';
import http from 'node:http';
import compression from 'compression';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { config } from '../lib/server/config';
import { MAX_FILES_PER_REQUEST } from '../lib/server/photos/receive';
import { SECURITY_HEADERS } from '../lib/server/security-headers';

type Handler = (req: http.IncomingMessage, res: http.ServerResponse, next: () => void) => void;

export async function serve(root = process.cwd()): Promise<http.Server> {
	// adapter-node refuses bodies over BODY_SIZE_LIMIT. Uploads stream to disk, so the limit
	// only has to admit a request's worth of files; each file is held to the per-file limit.
	process.env.BODY_SIZE_LIMIT ??= String(
		config.uploadLimitBytes() * MAX_FILES_PER_REQUEST + 1024 * 1024
	);
	const { handler } = (await import(
		pathToFileURL(path.join(root, 'build', 'handler.js')).href
	)) as {
		handler: Handler;
	};
	// Pages and JSON are rendered per request, so nothing compresses them ahead of time (the
	// built assets are precompressed by adapter-node): gzip takes a gallery page from ~80 KB to
	// ~10 KB on the wire. Images, ZIPs and other incompressible types pass through untouched.
	const compress = compression() as unknown as Handler;
	const clientDir = path.join(root, 'build', 'client');
	const server = http.createServer((req, res) => {
		for (const [name, value] of SECURITY_HEADERS) {
			res.setHeader(name, value);
		}
		if (isVanishedAsset(clientDir, req.url)) {
			res.statusCode = 404;
			res.setHeader('Content-Type', 'text/plain; charset=utf-8');
			res.end('Not found');
			return;
		}
		compress(req, res, () =>
			handler(req, res, () => {
				res.statusCode = 404;
				res.setHeader('Content-Type', 'text/plain; charset=utf-8');
				res.end('Not found');
			})
		);
	});
	const host = process.env.HOST || '0.0.0.0';
	const port = Number(process.env.PORT || 3000);
	await new Promise<void>((resolve, reject) => {
		server.once('error', reject);
		server.listen(port, host, resolve);
	});
	console.log(`Listening on http://${host}:${port}`);

	// Finish the requests in flight (an upload, a consent change) before exiting.
	const stop = () => {
		server.close(() => process.exit(0));
		server.closeIdleConnections();
		setTimeout(() => process.exit(0), 30_000).unref();
	};
	process.once('SIGTERM', stop);
	process.once('SIGINT', stop);
	return server;
}

/**
 * A built asset the static server listed at start that is gone now: the build was replaced
 * under a running server (a deploy before the restart). The static server would open it and
 * die on the unhandled read error; a page still holding the old build gets a 404 instead.
 */
export function isVanishedAsset(clientDir: string, url: string | undefined): boolean {
	const pathname = (url ?? '').split('?', 1)[0];
	if (!pathname.startsWith('/_app/immutable/')) {
		return false;
	}
	let file: string;
	try {
		file = path.join(clientDir, decodeURIComponent(pathname));
	} catch {
		return true;
	}
	return !file.startsWith(clientDir + path.sep) || !fs.existsSync(file);
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
	await serve();
}
