// A separate process asking for the install's key, for signing-key.spec.ts: several of these
// start at once on one fresh database and must all come back with the same key.
import { openDatabase } from '../../src/lib/server/db/client';
import { installKey } from '../../src/lib/server/platform/signing-key';

const [file, migrations] = process.argv.slice(2) as [string, string];
const db = openDatabase(file, migrations);
const key = installKey(db);
db.$client.close();
process.stdout.write(JSON.stringify({ kid: key.kid, x: key.jwk.x }));
