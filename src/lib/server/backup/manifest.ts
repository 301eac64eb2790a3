import fs from 'node:fs';
import path from 'node:path';
import { z } from 'zod';
import { assertKey } from '../storage/blob-store';

/** A backup folder holds these; the manifest is written last, so its presence means complete. */
export const MANIFEST_FILE = 'manifest.json';
export const DB_FILE = 'resurface.db';
export const MEDIA_FOLDER = 'media';

const sum = { bytes: z.number().int().nonnegative(), sha256: z.string().regex(/^[0-9a-f]{64}$/) };

const manifestSchema = z.object({
	format: z.literal('resurface-backup'),
	formatVersion: z.literal(1),
	/** when the database snapshot was taken: the backup's point in time */
	createdAt: z.iso.datetime(),
	finishedAt: z.iso.datetime(),
	appVersion: z.string(),
	schema: z.object({ migration: z.string().nullable(), hash: z.string().nullable() }),
	database: z.object({
		file: z.literal(DB_FILE),
		...sum,
		integrityCheck: z.literal('ok'),
		rowCounts: z.record(z.string(), z.number().int().nonnegative())
	}),
	media: z.object({
		count: z.number().int().nonnegative(),
		bytes: z.number().int().nonnegative(),
		files: z.array(
			z.object({
				key: z.string().refine(isKey, 'not a media key'),
				...sum
			})
		)
	}),
	/** files the snapshot's rows point to that were already gone from the live media folder */
	missing: z.array(z.object({ key: z.string(), table: z.string() }))
});

export type Manifest = z.infer<typeof manifestSchema>;
export type ManifestFile = Manifest['media']['files'][number];

function isKey(key: string): boolean {
	try {
		assertKey(key);
		return true;
	} catch {
		return false;
	}
}

export class BackupFolderError extends Error {}

/** Reads and checks a backup's manifest; refuses a folder that is not a complete backup. */
export function readManifest(backupDir: string): Manifest {
	const file = path.join(backupDir, MANIFEST_FILE);
	if (!fs.existsSync(file)) {
		throw new BackupFolderError(
			`${backupDir} is not a complete backup: it has no ${MANIFEST_FILE} (a backup writes it last).`
		);
	}
	let data: unknown;
	try {
		data = JSON.parse(fs.readFileSync(file, 'utf8'));
	} catch {
		throw new BackupFolderError(`${file} is not valid JSON; the backup is damaged.`);
	}
	const parsed = manifestSchema.safeParse(data);
	if (!parsed.success) {
		const issue = parsed.error.issues[0];
		throw new BackupFolderError(
			`${file} is not a Resurface backup manifest (${issue.path.join('.')}: ${issue.message}).`
		);
	}
	return parsed.data;
}

/** Where a media key lives inside a backup folder. */
export function mediaPath(backupDir: string, key: string): string {
	assertKey(key);
	return path.join(backupDir, MEDIA_FOLDER, key);
}
