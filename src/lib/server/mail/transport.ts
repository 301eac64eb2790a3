import fsp from 'node:fs/promises';
import path from 'node:path';
import nodemailer from 'nodemailer';
import type SMTPTransport from 'nodemailer/lib/smtp-transport';
import { config } from '../platform/config';
import { mkdirPrivate, PRIVATE_FILE } from '../storage/private-files';

export interface OutgoingMail {
	from: { name: string; address: string };
	to: string;
	subject: string;
	text: string;
	html: string;
	headers: Record<string, string>;
	/** `<id@host>`: the same on every attempt, so a resend after a crash is the same message */
	messageId: string;
	/** the .eml file's name when there is no mail server */
	fileName: string;
}

export interface MailTransport {
	kind: 'smtp' | 'file';
	/** resolves with the server's answer (or the file written); rejects when refused */
	send(mail: OutgoingMail): Promise<string>;
}

const fields = (m: OutgoingMail) => ({
	from: m.from,
	to: m.to,
	subject: m.subject,
	text: m.text,
	html: m.html,
	headers: m.headers,
	messageId: m.messageId
});

/**
 * Through the mail server at SMTP_URL. Certificates are verified: nodemailer's default, stated
 * here, and a URL asking to skip the check (`?tls.rejectUnauthorized=false`, which nodemailer
 * would let win over these options) is refused. smtp:// upgrades with STARTTLS when offered, and
 * `?requireTLS=true` refuses a server that does not. Timeouts stop a hung server from holding a
 * worker slot: the message is retried instead.
 */
export function smtpTransport(url: string): MailTransport {
	if (/[?&]tls\.rejectUnauthorized=(false|0)\b/i.test(url)) {
		throw new Error('SMTP_URL may not turn off certificate checks (tls.rejectUnauthorized).');
	}
	const transporter = nodemailer.createTransport({
		url,
		tls: { rejectUnauthorized: true, minVersion: 'TLSv1.2' },
		connectionTimeout: 15_000,
		greetingTimeout: 15_000,
		socketTimeout: 60_000
	} as SMTPTransport.Options);
	return {
		kind: 'smtp',
		async send(mail) {
			const info = (await transporter.sendMail(fields(mail))) as { response?: string };
			return info.response ?? 'accepted';
		}
	};
}

/**
 * Without a mail server nothing is lost: each message becomes one .eml file (what a mail client
 * opens) in `dir`. Written to a temporary name and renamed, so a crash leaves no half message;
 * a file already there means an earlier attempt wrote it, and it is not written twice.
 */
export function fileTransport(dir: string): MailTransport {
	const composer = nodemailer.createTransport({ streamTransport: true, buffer: true });
	return {
		kind: 'file',
		async send(mail) {
			const file = path.join(dir, mail.fileName);
			const shown = path.relative(process.cwd(), file) || file;
			await mkdirPrivate(dir);
			if (await exists(file)) {
				return `already written to ${shown}`;
			}
			const info = (await composer.sendMail(fields(mail))) as { message: Buffer };
			const temp = `${file}.partial`;
			const handle = await fsp.open(temp, 'w', PRIVATE_FILE);
			try {
				await handle.writeFile(info.message);
				await handle.sync();
			} finally {
				await handle.close();
			}
			await fsp.rename(temp, file);
			return `written to ${shown}`;
		}
	};
}

async function exists(file: string): Promise<boolean> {
	return fsp.access(file).then(
		() => true,
		() => false
	);
}

let cached: { key: string; transport: MailTransport } | undefined;

/** The configured transport: SMTP when SMTP_URL is set, otherwise .eml files in mailDir(). */
export function mailTransport(): MailTransport {
	const url = config.smtpUrl();
	const key = url ?? `file:${config.mailDir()}`;
	if (cached?.key !== key) {
		cached = { key, transport: url ? smtpTransport(url) : fileTransport(config.mailDir()) };
	}
	return cached.transport;
}

/** Whether messages leave the building (false: they are only written to files). */
export function mailDelivered(): boolean {
	return config.smtpUrl() !== null;
}
