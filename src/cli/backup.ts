// `npm run backup -- [folder]`: a consistent backup of the database and media while the server
// keeps running (see src/lib/server/backup/create.ts). Default folder: ./backups/<time>/.
import path from 'node:path';
import { config } from '../lib/server/platform/config';
import { BackupError, createBackup } from '../lib/server/backup/create';
import { restrictUmask } from '../lib/server/storage/private-files';

restrictUmask();
const args = process.argv.slice(2).filter((a) => a !== '--');
if (args.length > 1 || args.some((a) => a.startsWith('-'))) {
	console.error('Usage: npm run backup -- [backup-folder]   (default ./backups/<time>/)');
	process.exit(1);
}
const stamp = new Date()
	.toISOString()
	.replace(/\.\d+Z$/, 'Z')
	.replaceAll(':', '-');
const dest = path.resolve(args[0] ?? path.join('backups', stamp));

const started = Date.now();
try {
	const m = await createBackup({
		databasePath: config.databasePath(),
		mediaDir: config.mediaDir(),
		dest,
		migrationsDir: config.migrationsDir()
	});
	const mb = (n: number) => `${(n / 1024 / 1024).toFixed(1)} MB`;
	const rows = Object.values(m.database.rowCounts).reduce((a, b) => a + b, 0);
	console.log(
		`Backup written to ${dest} in ${((Date.now() - started) / 1000).toFixed(1)} s:
  database ${mb(m.database.bytes)}, ${rows} rows, integrity ok, schema ${m.schema.migration ?? m.schema.hash}
  media    ${m.media.count} files, ${mb(m.media.bytes)}
  point in time ${m.createdAt}`
	);
	if (m.missing.length > 0) {
		console.error(
			`WARNING: ${m.missing.length} file(s) that rows point to were already missing from ${config.mediaDir()} (listed under "missing" in the manifest):\n  ${m.missing
				.slice(0, 10)
				.map((f) => `${f.key} (${f.table})`)
				.join('\n  ')}`
		);
		process.exit(2);
	}
} catch (e) {
	console.error(e instanceof BackupError ? e.message : e);
	process.exit(1);
}
