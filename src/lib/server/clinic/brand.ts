import { eq, sql } from 'drizzle-orm';
import type { Db } from '../db/client';
import { clinic, type Clinic } from '../db/schema';
import { clinicSettings } from './clinic';
import { accentTokens, type AccentTokens } from '../../domain/accent';

/** What a patient or prospect sees of a clinic: its name, logo, accent and website. */
export interface BrandView {
	slug: string;
	name: string;
	websiteUrl: string | null;
	logo: { url: string; width: number; height: number } | null;
	/** null when the stored colour fails AA: the default teal stays (accent.ts) */
	accent: AccentTokens | null;
}

/** Logo keys are ours (random hex); anything else in a URL is not a logo. */
export const LOGO_KEY = /^[0-9a-f]{32}$/;

/** Where the logo file lives in the blob store: outside `public/` and `private/`. */
export const logoBlobKey = (key: string) => `brand/${key.slice(0, 2)}/${key}.webp`;

/** The public address of a logo (served by src/routes/media/brand). */
export const logoPath = (key: string) => `/media/brand/${key}.webp`;

export function brandOf(c: Clinic): BrandView {
	const s = clinicSettings(c);
	return {
		slug: c.slug,
		name: c.name,
		websiteUrl: s.websiteUrl,
		logo: s.logo ? { url: logoPath(s.logo.key), width: s.logo.width, height: s.logo.height } : null,
		accent: accentTokens(s.accentColor)
	};
}

export function brandBySlug(db: Db, slug: string): BrandView | null {
	const c = db.select().from(clinic).where(eq(clinic.slug, slug)).get();
	return c ? brandOf(c) : null;
}

export function brandById(db: Db, clinicId: string): BrandView | null {
	const c = db.select().from(clinic).where(eq(clinic.id, clinicId)).get();
	return c ? brandOf(c) : null;
}

/** Whether a clinic's current logo has this key: only current logos are served. */
export function isCurrentLogo(db: Db, key: string): boolean {
	if (!LOGO_KEY.test(key)) {
		return false;
	}
	return (
		db
			.select({ id: clinic.id })
			.from(clinic)
			.where(sql`json_extract(${clinic.settings}, '$.logo.key') = ${key}`)
			.get() !== undefined
	);
}
