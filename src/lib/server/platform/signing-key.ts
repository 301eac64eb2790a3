import {
	createHash,
	createPrivateKey,
	createPublicKey,
	generateKeyPairSync,
	sign,
	type KeyObject
} from 'node:crypto';
import { asc } from 'drizzle-orm';
import { writeTx, type Db } from '../db/client';
import { signingKey } from '../db/schema';
import { audit } from '../audit/audit';

/** The public half as served at /.well-known/resurface-keys.json (RFC 8037). */
export interface PublicJwk {
	kty: 'OKP';
	crv: 'Ed25519';
	x: string;
	kid: string;
}

export interface InstallKey {
	kid: string;
	jwk: PublicJwk;
	/** A 64-byte Ed25519 signature of the bytes. */
	sign(bytes: Uint8Array): Buffer;
}

/** The key id: the first 16 hex digits of the SHA-256 of the raw 32-byte public key. */
export function keyId(rawPublicKey: Uint8Array): string {
	return createHash('sha256').update(rawPublicKey).digest('hex').slice(0, 16);
}

// Parsing a PEM costs more than the signature itself; one parsed key per open database.
const loaded = new WeakMap<Db, InstallKey>();

/**
 * The install's Ed25519 key, made on first use. The check and the insert run in one
 * immediate (write-locked) transaction, so two processes starting at once still end with one
 * key: the second waits for the lock, then finds the first one's row. The oldest row wins
 * should a restore ever bring two.
 */
export function installKey(db: Db): InstallKey {
	const cached = loaded.get(db);
	if (cached) {
		return cached;
	}
	const row = writeTx(db, (tx) => {
		const first = () =>
			tx.select().from(signingKey).orderBy(asc(signingKey.createdAt), asc(signingKey.id)).get();
		const existing = first();
		if (existing) {
			return existing;
		}
		const pair = generateKeyPairSync('ed25519');
		const x = pair.publicKey.export({ format: 'jwk' }).x!;
		const id = keyId(Buffer.from(x, 'base64url'));
		tx.insert(signingKey)
			.values({
				id,
				publicKey: x,
				privateKey: pair.privateKey.export({ format: 'pem', type: 'pkcs8' }).toString()
			})
			.onConflictDoNothing()
			.run();
		// the install made it, not the person whose request happened to need it first
		audit(tx, {
			clinicId: null,
			actorUserId: null,
			action: 'signing_key_create',
			targetType: 'signing_key',
			targetId: id,
			ok: true
		});
		return first()!;
	});
	const key = fromRow(row);
	loaded.set(db, key);
	return key;
}

function fromRow(row: typeof signingKey.$inferSelect): InstallKey {
	const privateKey: KeyObject = createPrivateKey(row.privateKey);
	// the stored public half must be the private key's own: a mismatch would sign records
	// that no served key verifies
	const x = createPublicKey(privateKey).export({ format: 'jwk' }).x;
	if (x !== row.publicKey || keyId(Buffer.from(x, 'base64url')) !== row.id) {
		throw new Error('The stored signing key does not match its public half.');
	}
	return {
		kid: row.id,
		jwk: { kty: 'OKP', crv: 'Ed25519', x, kid: row.id },
		sign: (bytes) => sign(null, bytes, privateKey)
	};
}
