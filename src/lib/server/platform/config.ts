import path from 'node:path';

/**
 * Runtime configuration from the environment. Read through functions, not constants, so the
 * same modules serve the app, the CLI scripts and tests that point them at temp folders.
 */
export const config = {
	databasePath(): string {
		const url = process.env.DATABASE_URL || './data/resurface.db';
		return path.resolve(url.replace(/^file:/, ''));
	},
	mediaDir(): string {
		return path.resolve(process.env.MEDIA_DIR || './data/media');
	},
	migrationsDir(): string {
		return path.resolve(process.env.MIGRATIONS_DIR || './drizzle');
	},
	/** How often files whose deletion waits for a backup's lease try again. */
	backupLeasePollMs(): number {
		return Number(process.env.BACKUP_LEASE_POLL_MS) || 5000;
	},
	/** Upload byte limit per file; adapter-node's BODY_SIZE_LIMIT is raised to match. */
	uploadLimitBytes(): number {
		return Number(process.env.UPLOAD_LIMIT_BYTES) || 40 * 1024 * 1024;
	},
	/** The public URL that links in messages are built from (reminders are sent outside requests). */
	origin(): string {
		return (process.env.ORIGIN || `http://localhost:${process.env.PORT || 3000}`).replace(
			/\/+$/,
			''
		);
	},
	/** e.g. `smtps://user:pass@mail.example.com:465`; without it messages go to mailDir() as .eml. */
	smtpUrl(): string | null {
		return process.env.SMTP_URL || null;
	},
	/** The sender's address; the display name is always the clinic's. */
	mailFrom(): string {
		return process.env.MAIL_FROM || 'no-reply@localhost';
	},
	/** Where messages are written when there is no SMTP_URL: `mail/` beside the database. */
	mailDir(): string {
		return path.resolve(
			process.env.MAIL_DIR || path.join(path.dirname(this.databasePath()), 'mail')
		);
	},
	/** First retry delay of a message the mail server refused; it doubles up to an hour. */
	mailRetryMs(): number {
		return Number(process.env.MAIL_RETRY_MS) || 30_000;
	},
	isProduction(): boolean {
		return process.env.NODE_ENV === 'production' && process.env.RESURFACE_DEMO !== '1';
	}
};
