import type { IncomingMessage, ServerResponse } from 'node:http';
import { config } from '../platform/config';
import { MAX_FILES_PER_REQUEST } from '../photos/intake/receive';
import { isUploadRequest } from './upload-routes';

const MB = 1024 * 1024;

/**
 * Every request but a photo upload: forms and JSON. The largest is a consent form, whose drawn
 * signature comes as a PNG data URL of at most ~200 KB.
 */
export const SMALL_BODY_LIMIT = MB;

/**
 * A whole upload request: a request's worth of files plus its fields. Each file is held to the
 * per-file limit by the receiver (photos/receive.ts), which streams it to a temp file.
 */
export function uploadBodyLimit(): number {
	return config.uploadLimitBytes() * MAX_FILES_PER_REQUEST + SMALL_BODY_LIMIT;
}

export function bodyLimitFor(req: IncomingMessage): number {
	return isUploadRequest(req.method, req.url) ? uploadBodyLimit() : SMALL_BODY_LIMIT;
}

/**
 * Holds a request's body to its limit (bodyLimitFor) before any handler sees the request, and
 * calls `next` when it may go on; otherwise it answers 413 itself and closes the connection, so
 * the rest of the body is never read.
 *
 * - A declared length over the limit is refused at once, without reading a byte (and, with
 *   `Expect: 100-continue`, before the client sends one: pass `sendContinue` from a
 *   `checkContinue` listener).
 * - A chunked body on an ordinary route is taken in here, at most the limit, and handed on
 *   whole; one byte past the limit and it is refused. The handler never starts on a body that
 *   could turn out too large, so it never has to be interrupted.
 * - A chunked upload is passed on as it arrives and ends early at the limit: the multipart
 *   parser then reports it cut off (400), and the connection closes after that answer.
 * - A request answered before its body was read closes its connection with the answer.
 *
 * Byte counting replaces the request's own `push`, which Node's HTTP parser calls with each
 * piece of the body (and null at its end); pausing the socket when it returns false is how a
 * refused body stops being read.
 */
export function limitRequestBody(
	req: IncomingMessage,
	res: ServerResponse,
	next: () => void,
	opts: { sendContinue?: boolean } = {}
): void {
	const limit = bodyLimitFor(req);
	const declared = req.headers['content-length'];
	if (declared !== undefined && !(Number(declared) <= limit)) {
		refuse(req, res, limit);
		return;
	}
	if (opts.sendContinue) {
		res.writeContinue();
	}
	const chunked = declared === undefined && req.headers['transfer-encoding'] !== undefined;
	if (chunked || Number(declared) > 0) {
		closeIfAnsweredUnread(req, res);
	}
	// Node's parser holds a body with a Content-Length to exactly that many bytes, and a
	// request with neither header has no body.
	if (!chunked) {
		next();
	} else if (limit === SMALL_BODY_LIMIT) {
		holdWhole(req, res, limit, next);
	} else {
		endEarlyAt(req, limit);
		next();
	}
}

type Push = IncomingMessage['push'];

function holdWhole(req: IncomingMessage, res: ServerResponse, limit: number, next: () => void) {
	const push: Push = req.push.bind(req);
	const held: Buffer[] = [];
	// (anything a middleware before this one let through is already in the stream's buffer)
	let bytes = req.readableLength;
	let state: 'holding' | 'refused' | 'passed' = 'holding';
	req.push = (chunk: Buffer | null, encoding?: BufferEncoding) => {
		if (state === 'passed') {
			return push(chunk, encoding);
		}
		if (state === 'refused') {
			return false;
		}
		if (chunk === null) {
			state = 'passed';
			held.forEach((c) => push(c));
			push(null);
			// not from inside the parser's callback
			process.nextTick(next);
			return false;
		}
		bytes += chunk.length;
		if (bytes > limit) {
			state = 'refused';
			held.length = 0;
			refuse(req, res, limit);
			return false;
		}
		held.push(chunk);
		return true;
	};
}

function endEarlyAt(req: IncomingMessage, limit: number) {
	const push: Push = req.push.bind(req);
	let bytes = req.readableLength;
	let ended = false;
	req.push = (chunk: Buffer | null, encoding?: BufferEncoding) => {
		if (ended) {
			return false;
		}
		if (chunk !== null) {
			bytes += chunk.length;
			if (bytes <= limit) {
				return push(chunk, encoding);
			}
		}
		ended = true;
		// The message ends here but is not complete, and Node destroys the socket of an
		// incomplete message as soon as it has been read to its end (autoDestroy): with the
		// client still sending, that resets the connection and the client can lose the answer
		// the handler is about to write. Left alive, the socket closes after the answer like any
		// answer given before the body was read (closeUnread: our end first, then a linger).
		(req as unknown as { _readableState: { autoDestroy: boolean } })._readableState.autoDestroy =
			false;
		return push(null);
	};
}

/**
 * A route that answers without reading the body (a sign-in redirect, a missing consent) would
 * otherwise have Node read and discard the rest of it to keep the connection: up to the whole
 * upload allowance from anyone who can name an upload route. Closing the connection instead
 * stops the reading with the answer.
 */
function closeIfAnsweredUnread(req: IncomingMessage, res: ServerResponse) {
	const writeHead = res.writeHead;
	res.writeHead = function (this: ServerResponse, ...args: Parameters<typeof writeHead>) {
		if (!req.complete && !this.headersSent) {
			closeUnread(req, this);
		}
		return writeHead.apply(this, args);
	} as typeof writeHead;
}

/** How long a connection closed on an unread body stays open for the client to read the answer. */
const LINGER_MS = 2000;

/**
 * Ends the connection after this answer without reading the rest of the body. Once the answer
 * is out, Node would destroy the socket at once (Connection: close); with the client's body
 * still arriving the kernel then resets the connection, and a client that is still sending
 * can lose the answer before it reads it. Instead: send our end, read nothing more, and close
 * a moment later.
 */
function closeUnread(req: IncomingMessage, res: ServerResponse): void {
	res.setHeader('Connection', 'close');
	const socket = req.socket;
	socket.destroySoon = () => {
		socket.end();
		socket.pause();
		setTimeout(() => socket.destroy(), LINGER_MS).unref();
	};
}

function refuse(req: IncomingMessage, res: ServerResponse, limit: number): void {
	const message = `This request is too large: at most ${Math.floor(limit / MB)} MB is accepted here.`;
	res.statusCode = 413;
	closeUnread(req, res);
	if (req.url?.startsWith('/api/')) {
		res.setHeader('Content-Type', 'application/json');
		res.end(JSON.stringify({ message }));
	} else {
		res.setHeader('Content-Type', 'text/plain; charset=utf-8');
		res.end(message);
	}
}
