// `npm run restore -- <backup-folder> [--data <folder>]`: a backup back into an EMPTY place:
// <folder>/resurface.db and <folder>/media, or DATABASE_URL and MEDIA_DIR without --data.
import { readDataArgs } from './data-args';
import { restoreBackup, RestoreError } from '../lib/server/backup/restore';
import { restrictUmask } from '../lib/server/storage/private-files';

restrictUmask();
const { subject, databasePath, mediaDir } = readDataArgs(
	'Usage: npm run restore -- <backup-folder> [--data <folder>]'
);

try {
	const {
		manifest: m,
		files,
		bytes
	} = await restoreBackup({
		backupDir: subject,
		databasePath,
		mediaDir
	});
	const rows = Object.entries(m.database.rowCounts)
		.filter(([, n]) => n > 0)
		.map(([t, n]) => `${t} ${n}`)
		.join(', ');
	console.log(`Restored the backup of ${m.createdAt} (app ${m.appVersion}, schema ${m.schema.migration ?? m.schema.hash}):
  database ${databasePath} — integrity ok; ${rows}
  media    ${mediaDir} — ${files} files, ${(bytes / 1024 / 1024).toFixed(1)} MB, every checksum verified`);
	if (m.missing.length > 0) {
		console.error(
			`Note: the backup records ${m.missing.length} file(s) that were already missing when it was made (see "missing" in its manifest).`
		);
	}
} catch (e) {
	console.error(e instanceof RestoreError ? e.message : e);
	process.exit(1);
}
