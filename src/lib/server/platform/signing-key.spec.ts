import path from 'node:path';
import { execFile } from 'node:child_process';
import { createHash, createPublicKey, verify } from 'node:crypto';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { tempDb } from '$test/support/test-db';
import { openDatabase } from '../db/client';
import { installKey } from './signing-key';

let t: ReturnType<typeof tempDb>;
beforeEach(() => (t = tempDb()));
afterEach(() => t.cleanup());

const rows = (table: string, where = '') =>
	t.db.$client.prepare(`select * from ${table} ${where}`).all() as Record<string, unknown>[];

describe('the install signing key', () => {
	it('is made once, kept, and reused by later calls and other connections', () => {
		expect(rows('signing_key')).toHaveLength(0);
		const a = installKey(t.db);
		const b = installKey(t.db);
		const other = openDatabase(path.join(t.dir, 'test.db'), path.resolve('drizzle'));
		try {
			expect(installKey(other).jwk).toEqual(a.jwk);
		} finally {
			other.$client.close();
		}
		expect(b).toBe(a);
		expect(rows('signing_key')).toHaveLength(1);
		expect(rows('audit_event', "where action = 'signing_key_create'")).toHaveLength(1);
	});

	it('gives one key to processes that ask for it at the same moment', async () => {
		const file = path.join(t.dir, 'test.db');
		const worker = path.resolve('tests/support/signing-key.worker.ts');
		const runs = [1, 2, 3].map(
			() =>
				new Promise<{ kid: string; x: string }>((resolve, reject) =>
					execFile(
						process.execPath,
						['--import', 'tsx', worker, file, path.resolve('drizzle')],
						(err, stdout) => (err ? reject(err) : resolve(JSON.parse(stdout)))
					)
				)
		);
		const keys = await Promise.all(runs);
		expect(new Set(keys.map((k) => k.kid)).size).toBe(1);
		expect(rows('signing_key')).toHaveLength(1);
		expect(installKey(t.db).kid).toBe(keys[0].kid);
	});

	it('serves a JWK whose kid is the raw public key hash and which verifies its signatures', () => {
		const key = installKey(t.db);
		expect(key.jwk).toMatchObject({ kty: 'OKP', crv: 'Ed25519', kid: key.kid });
		expect(Object.keys(key.jwk).sort()).toEqual(['crv', 'kid', 'kty', 'x']);
		const raw = Buffer.from(key.jwk.x, 'base64url');
		expect(raw).toHaveLength(32);
		expect(key.kid).toBe(createHash('sha256').update(raw).digest('hex').slice(0, 16));

		const bytes = Buffer.from('{"a":1}');
		const sig = key.sign(bytes);
		expect(sig).toHaveLength(64);
		const pub = createPublicKey({ key: { ...key.jwk }, format: 'jwk' });
		expect(verify(null, bytes, pub, sig)).toBe(true);
		expect(verify(null, Buffer.from('{"a":2}'), pub, sig)).toBe(false);
	});

	it('refuses a stored key whose public half is not its own', () => {
		installKey(t.db);
		const other = openDatabase(path.join(t.dir, 'test.db'), path.resolve('drizzle'));
		try {
			other.$client
				.prepare('update signing_key set public_key = ?')
				.run(Buffer.alloc(32, 7).toString('base64url'));
			expect(() => installKey(other)).toThrow(/does not match/);
		} finally {
			other.$client.close();
		}
	});
});
