// The HTTP server around SvelteKit's adapter-node handler. adapter-node serves the static files
// and built assets itself, before SvelteKit's hooks run; wrapping the handler here puts the
// baseline security headers on those responses too, and holds every request's body to its
// limit (src/lib/server/http/body-limit.ts) before anything reads it. Run directly (`tsx src/cli/server.ts`) it
// serves the existing build; `npm start` and `npm run demo` call serve() after their own steps.
import fs from 'node:fs';
import http from 'node:http';
import compression from 'compression';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { limitRequestBody, uploadBodyLimit } from '../lib/server/http/body-limit';
import { SECURITY_HEADERS } from '../lib/server/http/security-headers';
import { isEmbedPath } from '../lib/server/http/frame-ancestors';
import { restrictUmask } from '../lib/server/storage/private-files';

type Handler = (req: http.IncomingMessage, res: http.ServerResponse, next: () => void) => void;

export async function serve(root = process.cwd()): Promise<http.Server> {
	restrictUmask();
	// adapter-node's BODY_SIZE_LIMIT is one value for every route, so it can only be the upload
	// allowance; limitRequestBody below holds every other request (static files too) to 1 MB.
	process.env.BODY_SIZE_LIMIT ??= String(uploadBodyLimit());
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
	const respond = (req: http.IncomingMessage, res: http.ServerResponse) => {
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
	};
	const accept = (req: http.IncomingMessage, res: http.ServerResponse, sendContinue = false) => {
		// An embed page's framing is the hook's decision (a header set here would outlive its
		// removal there): it writes X-Frame-Options on every /embed/ response but the framed ones.
		const embed = isEmbedPath(req.url ?? '');
		for (const [name, value] of SECURITY_HEADERS) {
			if (!(embed && name === 'X-Frame-Options')) {
				res.setHeader(name, value);
			}
		}
		// A 304 updates the browser's stored copy's headers (RFC 9111 §4.3.4), and SvelteKit's
		// 304 for an unchanged page carries only its ETag: the files' strict CSP set above would
		// replace the page's own, and the reloaded page would show with no styles or script.
		const writeHead = res.writeHead.bind(res) as (...args: unknown[]) => http.ServerResponse;
		res.writeHead = ((status: number, ...rest: unknown[]) => {
			if (status === 304) {
				res.removeHeader('Content-Security-Policy');
			}
			return writeHead(status, ...rest);
		}) as typeof res.writeHead;
		limitRequestBody(req, res, () => respond(req, res), { sendContinue });
	};
	const server = http.createServer((req, res) => accept(req, res));
	// Without this listener Node sends 100 Continue by itself, inviting a body we may refuse.
	server.on('checkContinue', (req, res) => accept(req, res, true));
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
