// The command line shared by the maintenance scripts: one thing to act on, and where the data
// lives (`--data <folder>` holding resurface.db and media/, else DATABASE_URL and MEDIA_DIR).
import path from 'node:path';
import { parseArgs } from 'node:util';
import { config } from '../lib/server/platform/config';

export interface DataArgs {
	/** the one positional argument: an address, a backup folder */
	subject: string;
	databasePath: string;
	mediaDir: string;
}

/** Reads `<subject> [--data <folder>]`; prints the usage and exits 1 on anything else. */
export function readDataArgs(usage: string, argv = process.argv.slice(2)): DataArgs {
	let parsed;
	try {
		parsed = parseArgs({
			// npm passes its own `--` through
			args: argv.filter((a) => a !== '--'),
			options: { data: { type: 'string' } },
			allowPositionals: true
		});
	} catch (e) {
		console.error(`${(e as Error).message}\n${usage}`);
		process.exit(1);
	}
	if (parsed.positionals.length !== 1) {
		console.error(usage);
		process.exit(1);
	}
	const data = parsed.values.data;
	return {
		subject: parsed.positionals[0],
		databasePath: data ? path.resolve(data, 'resurface.db') : config.databasePath(),
		mediaDir: data ? path.resolve(data, 'media') : config.mediaDir()
	};
}
