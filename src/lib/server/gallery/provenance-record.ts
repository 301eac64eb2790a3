import canonicalize from 'canonicalize';
import { and, eq, isNull } from 'drizzle-orm';
import { writeTx, type Db } from '../db/client';
import { galleryImage } from '../db/schema';
import type { BlobStore } from '../storage/blob-store';
import { installKey } from '../platform/signing-key';
import { asTakenToken, publicCaseRow, publicClinic, publicImageUrl } from './public';
import { caseProvenanceBody, sha256Hex } from './provenance';
import type { SignedProvenance } from '../../domain/provenance';

export type UnsignedProvenance = Omit<SignedProvenance, 'signature'>;

/** The bytes that are signed: RFC 8785 (JCS) of the whole record but its `signature`. */
export function signedBytes(record: UnsignedProvenance | SignedProvenance): Buffer {
	const { signature: _, ...rest } = record as SignedProvenance;
	return Buffer.from(canonicalize(rest)!, 'utf8');
}

export function signProvenance(db: Db, record: UnsignedProvenance): SignedProvenance {
	const key = installKey(db);
	const value = key.sign(signedBytes(record)).toString('base64url');
	return { ...record, signature: { alg: 'Ed25519', kid: key.kid, value } };
}

const ORDER = { before: 0, after: 1, og: 2 } as const;

/**
 * The signed record of a case while it is public, or null (the route answers 404, as the case
 * page does). Public files made before their hashes were kept are hashed once here and the
 * hash stored: a cached fact about a file, not an action of anyone's, so it is not audited.
 */
export async function publicProvenance(
	db: Db,
	store: BlobStore,
	clinicSlug: string,
	caseId: string,
	origin: string,
	now = new Date()
): Promise<SignedProvenance | null> {
	const clinic = publicClinic(db, clinicSlug);
	let row = clinic && publicCaseRow(db, clinic.id, caseId, now);
	if (!clinic || !row) {
		return null;
	}
	const imagesOf = () =>
		db.select().from(galleryImage).where(eq(galleryImage.caseId, caseId)).all();
	let images = imagesOf();
	const missing = images.filter((i) => !i.sha256);
	if (missing.length) {
		const hashes: { key: string; sha256: string }[] = [];
		for (const i of missing) {
			const bytes = await store.read(i.key).catch(() => null);
			if (!bytes) {
				// withdrawn while we read: its files are going
				return null;
			}
			hashes.push({ key: i.key, sha256: sha256Hex(bytes) });
		}
		writeTx(db, (tx) => {
			for (const h of hashes) {
				tx.update(galleryImage)
					.set({ sha256: h.sha256 })
					.where(and(eq(galleryImage.key, h.key), isNull(galleryImage.sha256)))
					.run();
			}
		});
		// the files were read outside any lock: ask again whether the case is still public
		row = publicCaseRow(db, clinic.id, caseId, now);
		images = imagesOf();
		if (!row || images.some((i) => !i.sha256)) {
			return null;
		}
	}
	const body = caseProvenanceBody(db, row);
	const asTaken = asTakenToken(row);
	const rank = (i: (typeof images)[number]) => ORDER[i.which] + (i.token === asTaken ? 0.5 : 0);
	const outputs = images
		.sort((a, b) => rank(a) - rank(b) || a.width - b.width || a.format.localeCompare(b.format))
		.map((i) => ({
			which: i.which,
			...(i.token === asTaken ? { rendition: 'as-taken' as const } : {}),
			width: i.width,
			format: i.format,
			sha256: i.sha256!,
			url: origin + publicImageUrl(i.token, i.width, i.format)
		}));
	return signProvenance(db, {
		...body,
		case: { id: row.id, clinic: clinic.slug, url: `${origin}/c/${clinic.slug}/cases/${row.id}` },
		outputs
	});
}
