import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { eq } from 'drizzle-orm';
import { openDatabase, writeTx, type Db } from '../lib/server/db/client';
import { auditEvent, clinic, session, totpCredential, user } from '../lib/server/db/schema';
import { createSession } from '../lib/server/auth/session';
import { replaceRecoveryCodes } from '../lib/server/auth/recovery-codes';
import { secondFactors } from '../lib/server/auth/second-factors';
import { newTotpKey } from '../lib/server/auth/totp';

// The real command, as the README gives it, against a database of its own.
let dir: string;
let db: Db;
beforeEach(() => {
	dir = fs.mkdtempSync(path.join(os.tmpdir(), 'resurface-reset-2fa-'));
	db = openDatabase(path.join(dir, 'resurface.db'));
});
afterEach(() => {
	db.$client.close();
	fs.rmSync(dir, { recursive: true, force: true });
});

function run(...args: string[]) {
	return spawnSync(process.execPath, ['--import', 'tsx', 'src/cli/reset-2fa.ts', '--', ...args], {
		encoding: 'utf8',
		env: { ...process.env, DATABASE_URL: '' }
	});
}

function ownerWithEverything() {
	const now = new Date();
	return writeTx(db, (tx) => {
		const c = tx.insert(clinic).values({ slug: 'c', name: 'Clinic' }).returning().get();
		const u = tx
			.insert(user)
			.values({
				clinicId: c.id,
				email: 'owner@example.com',
				name: 'Olive Owner',
				role: 'owner',
				passwordHash: 'x'
			})
			.returning()
			.get();
		tx.insert(totpCredential)
			.values({ userId: u.id, key: newTotpKey(), createdAt: now, confirmedAt: now })
			.run();
		replaceRecoveryCodes(tx, u.id, now);
		return u;
	});
}

describe('npm run reset-2fa', () => {
	it('removes the second factors and sessions of the named account, on the record', () => {
		const owner = ownerWithEverything();
		createSession(db, owner.id);
		const out = run('Owner@Example.com', '--data', dir);
		expect(out.stderr).toBe('');
		expect(out.status).toBe(0);
		expect(out.stdout).toContain('Two-step sign-in reset for Olive Owner <owner@example.com>');
		expect(secondFactors(db, owner.id)).toEqual({ totp: false, passkeys: 0, recoveryCodesLeft: 0 });
		expect(db.select().from(session).where(eq(session.userId, owner.id)).all()).toEqual([]);
		const [row] = db
			.select()
			.from(auditEvent)
			.where(eq(auditEvent.action, 'two_factor_reset'))
			.all();
		expect(row).toMatchObject({ actorUserId: null, targetId: owner.id, ok: true });
		expect(row.detail).toContain('from the command line');
	});

	it('says so, and changes nothing, for an address with no account', () => {
		const owner = ownerWithEverything();
		const out = run('nobody@example.com', '--data', dir);
		expect(out.status).toBe(1);
		expect(out.stderr).toContain('No account with the address nobody@example.com');
		expect(secondFactors(db, owner.id).totp).toBe(true);
	});

	it('refuses a folder with no database instead of making an empty one', () => {
		const empty = path.join(dir, 'nothing-here');
		const out = run('owner@example.com', '--data', empty);
		expect(out.status).toBe(1);
		expect(out.stderr).toContain('No database at');
		expect(fs.existsSync(path.join(empty, 'resurface.db'))).toBe(false);
	});

	it('answers a missing address with its usage', () => {
		const out = run();
		expect(out.status).toBe(1);
		expect(out.stderr).toContain('Usage: npm run reset-2fa -- <email>');
	});
});
