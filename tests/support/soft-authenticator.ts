import { createHash, generateKeyPairSync, sign, type KeyObject } from 'node:crypto';
import { isoBase64URL, isoCBOR } from '@simplewebauthn/server/helpers';

// A software authenticator for unit specs: makes real registration and assertion responses
// (ES256, attestation "none") so the server's checks run exactly as they do for a device.

const sha256 = (data: Uint8Array) => new Uint8Array(createHash('sha256').update(data).digest());
const concat = (...parts: Uint8Array[]) => {
	const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
	let at = 0;
	for (const p of parts) {
		out.set(p, at);
		at += p.length;
	}
	return out;
};
const u32 = (n: number) =>
	new Uint8Array([(n >>> 24) & 255, (n >>> 16) & 255, (n >>> 8) & 255, n & 255]);
const json = (o: object) => new TextEncoder().encode(JSON.stringify(o));

export interface SoftKey {
	id: string;
	privateKey: KeyObject;
	cose: Uint8Array;
	counter: number;
}

export function softKey(): SoftKey {
	const { privateKey, publicKey } = generateKeyPairSync('ec', { namedCurve: 'P-256' });
	const jwk = publicKey.export({ format: 'jwk' });
	const cose = isoCBOR.encode(
		new Map<number, number | Uint8Array>([
			[1, 2],
			[3, -7],
			[-1, 1],
			[-2, isoBase64URL.toBuffer(jwk.x!)],
			[-3, isoBase64URL.toBuffer(jwk.y!)]
		])
	);
	const raw = crypto.getRandomValues(new Uint8Array(16));
	return { id: isoBase64URL.fromBuffer(raw), privateKey, cose, counter: 0 };
}

const FLAGS = { up: 0x01, uv: 0x04, at: 0x40 };

export function registrationResponse(
	key: SoftKey,
	o: { challenge: string; origin: string; rpId: string }
) {
	const idBytes = isoBase64URL.toBuffer(key.id);
	const authData = concat(
		sha256(new TextEncoder().encode(o.rpId)),
		new Uint8Array([FLAGS.up | FLAGS.uv | FLAGS.at]),
		u32(key.counter),
		new Uint8Array(16),
		new Uint8Array([idBytes.length >> 8, idBytes.length & 255]),
		idBytes,
		key.cose
	);
	const attestationObject = isoCBOR.encode(
		new Map<string, string | Uint8Array | Map<string, string>>([
			['fmt', 'none'],
			['attStmt', new Map<string, string>()],
			['authData', authData]
		])
	);
	const clientData = json({ type: 'webauthn.create', challenge: o.challenge, origin: o.origin });
	return {
		id: key.id,
		rawId: key.id,
		type: 'public-key',
		response: {
			clientDataJSON: isoBase64URL.fromBuffer(clientData),
			attestationObject: isoBase64URL.fromBuffer(attestationObject),
			transports: ['internal']
		},
		clientExtensionResults: {}
	};
}

/** Signs a challenge; the counter goes up by one each time, as a device's does. */
export function assertionResponse(
	key: SoftKey,
	o: { challenge: string; origin: string; rpId: string; uv?: boolean; counter?: number }
) {
	key.counter = o.counter ?? key.counter + 1;
	const authData = concat(
		sha256(new TextEncoder().encode(o.rpId)),
		new Uint8Array([FLAGS.up | (o.uv === false ? 0 : FLAGS.uv)]),
		u32(key.counter)
	);
	const clientData = json({ type: 'webauthn.get', challenge: o.challenge, origin: o.origin });
	const signature = sign('sha256', concat(authData, sha256(clientData)), key.privateKey);
	return {
		id: key.id,
		rawId: key.id,
		type: 'public-key',
		response: {
			clientDataJSON: isoBase64URL.fromBuffer(clientData),
			authenticatorData: isoBase64URL.fromBuffer(authData),
			signature: isoBase64URL.fromBuffer(new Uint8Array(signature))
		},
		clientExtensionResults: {}
	};
}
