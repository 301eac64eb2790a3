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
	isProduction(): boolean {
		return process.env.NODE_ENV === 'production' && process.env.RESURFACE_DEMO !== '1';
	}
};
