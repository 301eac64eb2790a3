// `npm run reset-2fa -- <email> [--data <folder>]`: for the owner who lost their phone and their
// recovery codes. Whoever runs it on the server already holds the database, so it asks for
// nothing more; it removes the account's second factors and sessions (audited, "from the
// command line") and the person signs in with their password, then enrols again.
import fs from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { eq } from 'drizzle-orm';
import { config } from '../lib/server/platform/config';
import { openDatabase } from '../lib/server/db/client';
import { user } from '../lib/server/db/schema';
import { resetSecondFactors } from '../lib/server/auth/factor-reset';

const USAGE = 'Usage: npm run reset-2fa -- <email> [--data <folder>]';
let parsed;
try {
	parsed = parseArgs({
		args: process.argv.slice(2).filter((a) => a !== '--'),
		options: { data: { type: 'string' } },
		allowPositionals: true
	});
} catch (e) {
	console.error(`${(e as Error).message}\n${USAGE}`);
	process.exit(1);
}
if (parsed.positionals.length !== 1) {
	console.error(USAGE);
	process.exit(1);
}
const email = parsed.positionals[0].trim().toLowerCase();
const databasePath = parsed.values.data
	? path.resolve(parsed.values.data, 'resurface.db')
	: config.databasePath();
// opening a path that does not exist would create an empty database and say "no such account"
if (!fs.existsSync(databasePath)) {
	console.error(`No database at ${databasePath}. Pass --data <folder> or set DATABASE_URL.`);
	process.exit(1);
}
const db = openDatabase(databasePath);
const account = db.select().from(user).where(eq(user.email, email)).get();
if (!account) {
	console.error(`No account with the address ${email} in ${databasePath}.`);
	process.exit(1);
}
const done = resetSecondFactors(db, null, account.id);
db.$client.close();
if (!done) {
	console.error(`No account with the address ${email}.`);
	process.exit(1);
}
console.log(
	`Two-step sign-in reset for ${done.name} <${done.email}>: their authenticator app, recovery codes and passkeys are removed and every session is ended.
They sign in with their password; if the clinic requires two-step sign-in they set it up again first.`
);
