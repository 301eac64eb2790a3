// Reading the messages a test's server wrote: without SMTP_URL each one is an .eml file in
// `<data>/mail/`, as in the demo. (With an SMTP sink, read `sink.to(address)` instead.)
import fs from 'node:fs';
import path from 'node:path';
import { simpleParser, type ParsedMail } from 'mailparser';
import { expect } from '@playwright/test';
import type { App } from './app';

/** Every message written so far to `address`, oldest first. */
export async function emlTo(demo: App, address: string): Promise<ParsedMail[]> {
	const dir = path.join(demo.dir, 'mail');
	if (!fs.existsSync(dir)) {
		return [];
	}
	const parsed = await Promise.all(
		fs
			.readdirSync(dir)
			.filter((f) => f.endsWith('.eml'))
			.sort()
			.map((f) => simpleParser(fs.readFileSync(path.join(dir, f))))
	);
	// file names start with the time the message was queued, to the millisecond
	return parsed.filter((m) =>
		[m.to].flat().some((t) => t?.value.some((v) => v.address === address))
	);
}

/** Waits until `count` messages to `address` have been written, and returns them. */
export async function waitForEml(demo: App, address: string, count = 1): Promise<ParsedMail[]> {
	let found: ParsedMail[] = [];
	await expect
		.poll(async () => (found = await emlTo(demo, address)).length, { timeout: 20_000 })
		.toBeGreaterThanOrEqual(count);
	return found;
}
