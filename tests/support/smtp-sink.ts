import type { AddressInfo } from 'node:net';
import { simpleParser, type ParsedMail } from 'mailparser';
import { SMTPServer } from 'smtp-server';

export interface Received {
	from: string;
	to: string[];
	raw: string;
	parsed: ParsedMail;
}

/**
 * A real SMTP server on 127.0.0.1 (smtp-server, from the nodemailer project) that keeps what it
 * receives. `refuse(code)` makes it answer the end of each message with that code until
 * `accept()`, as a mail server that is full (452) or rejects (550) would.
 */
export async function startSmtpSink(port = 0) {
	const received: Received[] = [];
	let refusal: { code: number; text: string } | null = null;
	const waiters: { test: () => boolean; resolve: () => void }[] = [];
	const server = new SMTPServer({
		authOptional: true,
		disabledCommands: ['STARTTLS'],
		logger: false,
		onData(stream, session, callback) {
			const chunks: Buffer[] = [];
			stream.on('data', (c: Buffer) => chunks.push(c));
			stream.on('end', () => void receive());
			const receive = async () => {
				if (refusal) {
					const err = Object.assign(new Error(refusal.text), { responseCode: refusal.code });
					return callback(err);
				}
				const raw = Buffer.concat(chunks).toString('utf8');
				received.push({
					from: session.envelope.mailFrom ? session.envelope.mailFrom.address : '',
					to: session.envelope.rcptTo.map((r) => r.address),
					raw,
					parsed: await simpleParser(raw)
				});
				callback(null, `OK queued as sink-${received.length}` as unknown as undefined);
				for (const w of [...waiters]) {
					if (w.test()) {
						waiters.splice(waiters.indexOf(w), 1);
						w.resolve();
					}
				}
			};
		}
	});
	await new Promise<void>((resolve) => server.listen(port, '127.0.0.1', resolve));
	const actualPort = (server.server.address() as AddressInfo).port;
	return {
		port: actualPort,
		url: `smtp://127.0.0.1:${actualPort}`,
		received,
		/** messages to one address, oldest first */
		to: (address: string) => received.filter((m) => m.to.includes(address)),
		refuse(code: number, text = code >= 500 ? 'Message rejected' : 'Try again later') {
			refusal = { code, text };
		},
		accept() {
			refusal = null;
		},
		/** resolves once `count` messages have arrived (or rejects after `ms`) */
		waitFor(count: number, ms = 20_000) {
			return new Promise<void>((resolve, reject) => {
				if (received.length >= count) {
					return resolve();
				}
				const timer = setTimeout(
					() => reject(new Error(`${received.length} of ${count} messages arrived`)),
					ms
				);
				waiters.push({
					test: () => received.length >= count,
					resolve: () => {
						clearTimeout(timer);
						resolve();
					}
				});
			});
		},
		close: () => new Promise<void>((resolve) => server.close(() => resolve()))
	};
}

export type SmtpSink = Awaited<ReturnType<typeof startSmtpSink>>;

/** The first link in a message's text that starts with `prefix` (e.g. the origin + /reset-password/). */
export function linkIn(mail: ParsedMail | string, prefix: string): string {
	const text = typeof mail === 'string' ? mail : (mail.text ?? '');
	const escaped = prefix.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
	const found = text.match(new RegExp(`${escaped}[^\\s<>"]+`));
	if (!found) {
		throw new Error(`no link starting ${prefix} in:\n${text}`);
	}
	return found[0];
}
