import { createHash } from 'node:crypto';
import http from 'node:http';
import net, { type AddressInfo } from 'node:net';
import { afterAll, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { limitRequestBody, SMALL_BODY_LIMIT, uploadBodyLimit } from './body-limit';

const UPLOAD = '/api/v1/patients/abcdefghijklmnopqrstuvwxyz234567/photos';
const KB = 1024;

/** What the handler behind the limit read, one entry a request it ran for. */
const seen: { bytes: number; sha256: string; ended: boolean }[] = [];
let server: http.Server;
let base: string;

beforeAll(async () => {
	vi.stubEnv('UPLOAD_LIMIT_BYTES', String(10 * KB));
	const handle = (req: http.IncomingMessage, res: http.ServerResponse) => {
		if (req.url?.endsWith('?early')) {
			res.end('answered without reading');
			return;
		}
		const hash = createHash('sha256');
		let bytes = 0;
		req.on('data', (c: Buffer) => {
			hash.update(c);
			bytes += c.length;
		});
		req.on('end', () => {
			seen.push({ bytes, sha256: hash.digest('hex'), ended: true });
			res.end('ok');
		});
	};
	server = http.createServer((req, res) => limitRequestBody(req, res, () => handle(req, res)));
	server.on('checkContinue', (req, res) =>
		limitRequestBody(req, res, () => handle(req, res), { sendContinue: true })
	);
	await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
	base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(async () => {
	vi.unstubAllEnvs();
	server.closeAllConnections();
	await new Promise((r) => server.close(r));
});
beforeEach(() => {
	seen.length = 0;
});

interface Answer {
	status: number;
	text: string;
	connection?: string;
	/** the server asked for the body (100 Continue) */
	continued: boolean;
	/** bytes this client managed to hand to the socket */
	written: number;
}

/** Sends `bytes` in 16 KB writes, stopping once the answer is in. */
function send(
	path: string,
	bytes: Buffer,
	headers: Record<string, string | number> = { 'content-length': bytes.length }
): Promise<Answer> {
	return new Promise((resolve, reject) => {
		let answered = false;
		let written = 0;
		let continued = false;
		const req = http.request(base + path, { method: 'POST', agent: false, headers });
		req.on('continue', () => {
			continued = true;
			void write();
		});
		req.on('response', (res) => {
			answered = true;
			let text = '';
			res.setEncoding('utf8');
			res.on('data', (d: string) => (text += d));
			res.on('end', () => {
				req.destroy();
				resolve({
					status: res.statusCode!,
					text,
					connection: res.headers.connection,
					continued,
					written
				});
			});
		});
		req.on('error', (e) => !answered && reject(e));
		const write = async () => {
			for (let at = 0; at < bytes.length && !answered; at += 16 * KB) {
				const piece = bytes.subarray(at, at + 16 * KB);
				written += piece.length;
				if (!req.write(piece)) {
					await drained(req);
				}
			}
			if (!answered) {
				req.end();
			}
		};
		if (!headers.expect) {
			void write();
		}
	});
}

function drained(req: http.ClientRequest): Promise<void> {
	return new Promise((resolve) => {
		const done = () => {
			req.off('drain', done);
			req.off('close', done);
			resolve();
		};
		req.on('drain', done);
		req.on('close', done);
	});
}

const sha = (b: Buffer) => createHash('sha256').update(b).digest('hex');
const body = (n: number) => Buffer.alloc(n, 'x');

describe('limitRequestBody', () => {
	it('passes a body within the limit whole, declared or chunked', async () => {
		const b = Buffer.from(Array.from({ length: 300 * KB }, (_, i) => i % 251));
		const framings: Record<string, string | number>[] = [
			{ 'content-length': b.length },
			{ 'transfer-encoding': 'chunked' }
		];
		for (const headers of framings) {
			expect((await send('/login', b, headers)).status).toBe(200);
		}
		expect(seen).toEqual([0, 1].map(() => ({ bytes: b.length, sha256: sha(b), ended: true })));
		const exact = body(SMALL_BODY_LIMIT);
		expect((await send('/login', exact, { 'transfer-encoding': 'chunked' })).status).toBe(200);
	});

	it('refuses a declared length over the limit at once, without running the handler', async () => {
		const a = await send('/login', body(4 * SMALL_BODY_LIMIT));
		expect(a).toMatchObject({ status: 413, connection: 'close' });
		expect(a.text).toBe('This request is too large: at most 1 MB is accepted here.');
		expect(seen).toEqual([]);
	});

	it('refuses a chunked body the moment it passes the limit, without running the handler', async () => {
		const a = await send('/favicon.svg', body(8 * SMALL_BODY_LIMIT), {
			'transfer-encoding': 'chunked'
		});
		expect(a).toMatchObject({ status: 413, connection: 'close' });
		expect(seen).toEqual([]);
		// stopped near the limit, not after taking in the whole body
		expect(a.written).toBeLessThan(6 * SMALL_BODY_LIMIT);
	});

	it('answers Expect: 100-continue with 413 before the body is sent', async () => {
		const big = await send('/login', body(2 * SMALL_BODY_LIMIT), {
			'content-length': 2 * SMALL_BODY_LIMIT,
			expect: '100-continue'
		});
		expect(big).toMatchObject({ status: 413, continued: false, written: 0 });
		const small = await send('/login', body(KB), { 'content-length': KB, expect: '100-continue' });
		expect(small).toMatchObject({ status: 200, continued: true });
		expect(seen.map((r) => r.bytes)).toEqual([KB]);
	});

	it('lets an upload route take more, up to the whole-request allowance', async () => {
		const allowance = uploadBodyLimit();
		expect(allowance).toBe(100 * KB + SMALL_BODY_LIMIT);
		const b = body(allowance);
		expect((await send(UPLOAD, b)).status).toBe(200);
		expect((await send(UPLOAD, b, { 'transfer-encoding': 'chunked' })).status).toBe(200);
		expect(seen.map((r) => r.bytes)).toEqual([allowance, allowance]);

		const over = await send(UPLOAD, body(allowance + 1));
		expect(over.status).toBe(413);
		expect(JSON.parse(over.text).message).toMatch(/too large/);
	});

	it('ends a chunked upload early at the allowance and closes the connection after the answer', async () => {
		const a = await send(UPLOAD, body(16 * uploadBodyLimit()), {
			'transfer-encoding': 'chunked'
		});
		expect(a).toMatchObject({ status: 200, connection: 'close' });
		expect(seen).toHaveLength(1);
		expect(seen[0].bytes).toBeLessThanOrEqual(uploadBodyLimit());
		expect(seen[0].bytes).toBeGreaterThan(uploadBodyLimit() - 128 * KB);
		expect(a.written).toBeLessThan(8 * uploadBodyLimit());
	});

	it('after cutting a chunked upload short, lets the client read the answer before closing', async () => {
		// Raw TCP, so the client's view of the connection is exact: it keeps sending after the
		// answer and after our side has ended (half-open), as an uploading client does. A socket
		// destroyed under arriving data sends a reset, which can take the unread answer with it
		// (CI saw exactly that: write ECONNRESET); the server must end its side and linger.
		const { port } = server.address() as AddressInfo;
		const socket = net.connect({ port, host: '127.0.0.1', allowHalfOpen: true });
		await new Promise((r) => socket.once('connect', r));
		let answer = '';
		let reset: Error | null = null;
		socket.on('data', (d) => (answer += d.toString('latin1')));
		socket.on('error', (e) => (reset = e));
		socket.write(`POST ${UPLOAD} HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n`);
		const piece = Buffer.alloc(16 * KB, 1);
		const chunk = Buffer.concat([
			Buffer.from(`${piece.length.toString(16)}\r\n`),
			piece,
			Buffer.from('\r\n')
		]);
		// past the allowance (twice over at most), then until the answer is in
		const most = Math.ceil((2 * uploadBodyLimit()) / piece.length);
		for (let i = 0; i < most && !answer.includes('\r\n\r\n'); i++) {
			if (!socket.write(chunk)) {
				await new Promise((r) => setTimeout(r, 2));
			}
		}
		await expect.poll(() => answer, { timeout: 2000 }).toMatch(/\r\n\r\n/);
		expect(answer).toMatch(/^HTTP\/1\.1 200[\s\S]*connection: close[\s\S]*\r\n\r\n/i);
		// still sending a little after the answer: no reset
		for (let i = 0; i < 6; i++) {
			socket.write(chunk);
			await new Promise((r) => setTimeout(r, 20));
		}
		expect(reset).toBeNull();
		socket.destroy();
	});

	it('closes the connection when the answer comes before the body was read', async () => {
		const keepAlive = (n: number) => ({ 'content-length': n, connection: 'keep-alive' });
		const early = await send(
			`${UPLOAD}?early`,
			body(uploadBodyLimit()),
			keepAlive(uploadBodyLimit())
		);
		expect(early).toMatchObject({ status: 200, connection: 'close' });
		const read = await send(UPLOAD, body(KB), keepAlive(KB));
		expect(read).toMatchObject({ status: 200, connection: 'keep-alive' });
	});
});
