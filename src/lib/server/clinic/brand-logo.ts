import { randomBytes } from 'node:crypto';
import { eq } from 'drizzle-orm';
import sharp from 'sharp';
import { writeTx, type Db } from '../db/client';
import { clinic } from '../db/schema';
import { queueRestampIfNeeded } from '../gallery/restamp-job';
import { audit } from '../audit/audit';
import type { StaffActor } from '../auth/guard';
import type { BlobStore } from '../storage/blob-store';
import { sniffType, SNIFF_BYTES } from '../photos/intake/sniff';
import { ANIMATED_MESSAGE, PhotoRejected } from '../photos/intake/rejection';
import { logoBlobKey } from './brand';
import type { ClinicLogo, ClinicSettings } from '../../domain/clinic-settings';

/** 1 MB: well under the 1 MiB every non-upload request is held to (http/body-limit.ts). */
export const LOGO_MAX_BYTES = 1_000_000;
/** Checked in the header, before anything is decoded. */
export const LOGO_MAX_EDGE = 4000;
/** Wide enough for a sharp header on a high-density screen; the file stays a few KB. */
export const LOGO_WIDTH = 512;

const FORMATS = 'PNG, JPEG or WebP';
const SVG_MESSAGE = `SVG logos are not accepted: an SVG can carry scripts that would run on your patients’ pages. Upload a ${FORMATS} file.`;
const CORRUPT = 'The logo’s image data is corrupt or incomplete.';

/** A logo refused before anything was stored; status and message go to the owner as they are. */
export class LogoRejected extends PhotoRejected {}

/** An SVG is text: sniffing magic bytes finds nothing, so it is named for a clearer refusal. */
function looksLikeSvg(head: Buffer): boolean {
	const text = head
		.subarray(0, 1024)
		.toString('utf8')
		.replace(/^\uFEFF/, '')
		.trimStart();
	return text.startsWith('<') && /<svg[\s>]/i.test(head.toString('utf8'));
}

/**
 * Checks a logo and re-encodes it: magic bytes (never the name or declared type), size, the
 * dimensions from the header, then one decode that fails on truncated data. The output is a
 * new WebP at most LOGO_WIDTH wide with no metadata (sharp copies none unless asked), so
 * nothing the file carried (EXIF, GPS, ICC tricks, trailing bytes) reaches the public.
 */
export async function encodeLogo(
	bytes: Buffer
): Promise<{ data: Buffer; width: number; height: number }> {
	if (bytes.length === 0) {
		throw new LogoRejected(400, `Choose a logo file (${FORMATS}).`);
	}
	if (bytes.length > LOGO_MAX_BYTES) {
		throw new LogoRejected(413, `The logo is over 1 MB; upload a smaller ${FORMATS} file.`);
	}
	const head = bytes.subarray(0, SNIFF_BYTES);
	if (looksLikeSvg(head)) {
		throw new LogoRejected(415, SVG_MESSAGE);
	}
	const type = await sniffType(head);
	if (type === 'animated') {
		throw new LogoRejected(415, ANIMATED_MESSAGE.replace('a photo', 'a still logo'));
	}
	if (type !== 'image/png' && type !== 'image/jpeg' && type !== 'image/webp') {
		throw new LogoRejected(415, `The logo must be a ${FORMATS} image; this file is not one.`);
	}
	let meta;
	try {
		meta = await sharp(bytes, { limitInputPixels: false }).metadata();
	} catch {
		throw new LogoRejected(422, CORRUPT);
	}
	const { width = 0, height = 0 } = meta;
	if (!width || !height) {
		throw new LogoRejected(422, CORRUPT);
	}
	if (width > LOGO_MAX_EDGE || height > LOGO_MAX_EDGE) {
		throw new LogoRejected(
			422,
			`The logo is ${width}×${height} pixels; at most ${LOGO_MAX_EDGE}×${LOGO_MAX_EDGE}.`
		);
	}
	if ((meta.pages ?? 1) > 1) {
		throw new LogoRejected(415, ANIMATED_MESSAGE.replace('a photo', 'a still logo'));
	}
	try {
		const out = await sharp(bytes, {
			limitInputPixels: LOGO_MAX_EDGE * LOGO_MAX_EDGE,
			failOn: 'truncated'
		})
			.rotate()
			.resize({ width: LOGO_WIDTH, withoutEnlargement: true })
			.webp({ quality: 90, alphaQuality: 100 })
			.toBuffer({ resolveWithObject: true });
		return { data: out.data, width: out.info.width, height: out.info.height };
	} catch {
		throw new LogoRejected(422, CORRUPT);
	}
}

const newKey = () => randomBytes(16).toString('hex');

function currentLogo(db: Db, clinicId: string): ClinicLogo | null {
	const row = db
		.select({ settings: clinic.settings })
		.from(clinic)
		.where(eq(clinic.id, clinicId))
		.get();
	return (row?.settings as Partial<ClinicSettings> | undefined)?.logo ?? null;
}

/**
 * Makes `logo` the clinic's logo (null removes it), on the record. The new file is written
 * before the row names it and the old one deleted only after the row stopped naming it, so a
 * crash leaves at worst an unused file, never a logo that 404s.
 */
async function setLogo(
	db: Db,
	store: BlobStore,
	actor: StaffActor,
	logo: ClinicLogo | null
): Promise<void> {
	let previous: ClinicLogo | null = null;
	writeTx(db, (tx) => {
		const row = tx.select().from(clinic).where(eq(clinic.id, actor.clinicId)).get();
		if (!row) {
			throw new Error('clinic gone');
		}
		const settings = row.settings as Partial<ClinicSettings>;
		previous = settings.logo ?? null;
		tx.update(clinic)
			.set({ settings: { ...settings, logo } })
			.where(eq(clinic.id, actor.clinicId))
			.run();
		// a logo watermark draws the new logo (or the name, once there is none)
		queueRestampIfNeeded(tx, actor.clinicId);
		audit(tx, {
			clinicId: actor.clinicId,
			actorUserId: actor.user.id,
			action: logo ? 'clinic_logo_set' : 'clinic_logo_removed',
			targetType: 'clinic',
			targetId: actor.clinicId,
			ok: true,
			detail: logo ? `${logo.width}×${logo.height}` : undefined
		});
	});
	const old = previous as ClinicLogo | null;
	if (old && old.key !== logo?.key) {
		await store.delete(logoBlobKey(old.key)).catch(() => undefined);
	}
}

/** Checks, re-encodes and stores an uploaded logo; LogoRejected leaves everything as it was. */
export async function replaceLogo(
	db: Db,
	store: BlobStore,
	actor: StaffActor,
	bytes: Buffer
): Promise<ClinicLogo> {
	const encoded = await encodeLogo(bytes);
	const logo: ClinicLogo = { key: newKey(), width: encoded.width, height: encoded.height };
	await store.put(logoBlobKey(logo.key), encoded.data);
	try {
		await setLogo(db, store, actor, logo);
	} catch (e) {
		await store.delete(logoBlobKey(logo.key)).catch(() => undefined);
		throw e;
	}
	return logo;
}

export async function removeLogo(db: Db, store: BlobStore, actor: StaffActor): Promise<void> {
	if (currentLogo(db, actor.clinicId)) {
		await setLogo(db, store, actor, null);
	}
}
