import type { AddressInfo } from 'node:net';
import selfsigned from 'selfsigned';
import { SMTPServer } from 'smtp-server';
import { afterEach, expect, it } from 'vitest';
import { smtpTransport, type OutgoingMail } from './transport';

const mail: OutgoingMail = {
	from: { name: 'Test clinic', address: 'no-reply@example.test' },
	to: 'ana@example.test',
	subject: 'Hello',
	text: 'Hello',
	html: '<p>Hello</p>',
	headers: {},
	messageId: '<a@example.test>',
	fileName: 'a.eml'
};

let server: SMTPServer | undefined;
afterEach(() => new Promise<void>((resolve) => (server ? server.close(resolve) : resolve())));

/** An SMTPS server whose certificate no authority signed, as a man in the middle would present. */
async function selfSignedServer(received: string[]) {
	const pems = await selfsigned.generate([{ name: 'commonName', value: '127.0.0.1' }], {
		keyType: 'ec'
	});
	server = new SMTPServer({
		secure: true,
		key: pems.private,
		cert: pems.cert,
		authOptional: true,
		logger: false,
		onData(stream, _s, callback) {
			stream.on('data', () => {});
			stream.on('end', () => {
				received.push('got one');
				callback();
			});
		}
	});
	// the client hanging up during the handshake is the point of the test, not a failure
	server.on('error', () => {});
	await new Promise<void>((resolve) => server!.listen(0, '127.0.0.1', resolve));
	return (server.server.address() as AddressInfo).port;
}

it('refuses a mail server whose certificate cannot be verified, and sends nothing', async () => {
	const received: string[] = [];
	const port = await selfSignedServer(received);
	await expect(smtpTransport(`smtps://127.0.0.1:${port}`).send(mail)).rejects.toThrow(
		/self[- ]signed|certificate/i
	);
	expect(received).toEqual([]);
});

it('refuses an SMTP_URL that asks to skip the certificate check', () => {
	expect(() => smtpTransport('smtps://mail.example.test:465?tls.rejectUnauthorized=false')).toThrow(
		/may not turn off certificate checks/
	);
});
