// `npm run reset-2fa -- <email> [--data <folder>]`: for the owner who lost their phone and their
// recovery codes. Whoever runs it on the server already holds the database, so it asks for
// nothing more; it removes the account's second factors and sessions (audited, "from the
// command line") and the person signs in with their password, then enrols again.
import fs from 'node:fs';
import { eq } from 'drizzle-orm';
import { readDataArgs } from './data-args';
import { openDatabase } from '../lib/server/db/client';
import { user } from '../lib/server/db/schema';
import { resetSecondFactors } from '../lib/server/auth/factor-reset';

const { subject, databasePath } = readDataArgs(
	'Usage: npm run reset-2fa -- <email> [--data <folder>]'
);
const email = subject.trim().toLowerCase();
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
