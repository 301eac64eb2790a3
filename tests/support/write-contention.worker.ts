// A separate writer process for write-contention.spec.ts: read-then-write transactions,
// the pattern that fails with SQLITE_BUSY under deferred transactions.
import { sql } from 'drizzle-orm';
import { openDatabase, writeTx } from '../../src/lib/server/db/client';
import { auditEvent } from '../../src/lib/server/db/schema';

const [file, migrations, rounds, name] = process.argv.slice(2) as [string, string, string, string];
const db = openDatabase(file, migrations);
let errors = 0;
for (let i = 0; i < Number(rounds); i++) {
	try {
		writeTx(db, (tx) => {
			const n = tx
				.select({ n: sql<number>`count(*)` })
				.from(auditEvent)
				.get()!.n;
			tx.insert(auditEvent)
				.values({ at: new Date(), action: `${name}:${n}`, ok: true })
				.run();
		});
	} catch {
		errors++;
	}
}
db.$client.close();
process.stdout.write(JSON.stringify({ errors }));
