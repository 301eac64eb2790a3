// Social media collages: the sizes Instagram takes, and what staff must say before a download
// (where it will be posted), so a withdrawn consent can be followed to every post.
export const SOCIAL_SIZES = ['portrait', 'square', 'story'] as const;
export type SocialSize = (typeof SOCIAL_SIZES)[number];

export const SOCIAL_DIMENSIONS: Record<SocialSize, { width: number; height: number }> = {
	portrait: { width: 1080, height: 1350 },
	square: { width: 1080, height: 1080 },
	story: { width: 1080, height: 1920 }
};

export const SOCIAL_SIZE_LABELS: Record<SocialSize, string> = {
	portrait: 'Portrait',
	square: 'Square',
	story: 'Story'
};

export const POSTED_WHERE_MAX = 120;
export const POST_URL_MAX = 500;

export interface SocialExportInput {
	size: SocialSize;
	postedWhere: string;
	postUrl: string | null;
}

export type SocialExportParse =
	| { ok: true; data: SocialExportInput }
	| { ok: false; field: 'size' | 'postedWhere' | 'postUrl'; message: string };

const isSize = (v: unknown): v is SocialSize =>
	typeof v === 'string' && (SOCIAL_SIZES as readonly string[]).includes(v);

/** The download form's fields, checked before anything is rendered or logged. */
export function parseSocialExport(fields: {
	size: unknown;
	postedWhere: unknown;
	postUrl: unknown;
}): SocialExportParse {
	if (!isSize(fields.size)) {
		return { ok: false, field: 'size', message: 'Choose a size: portrait, square or story.' };
	}
	const where = typeof fields.postedWhere === 'string' ? fields.postedWhere.trim() : '';
	if (!where) {
		return {
			ok: false,
			field: 'postedWhere',
			message: 'Say where it will be posted, e.g. “Instagram @yourclinic”.'
		};
	}
	if (where.length > POSTED_WHERE_MAX) {
		return {
			ok: false,
			field: 'postedWhere',
			message: `Where it will be posted: at most ${POSTED_WHERE_MAX} characters.`
		};
	}
	const url = typeof fields.postUrl === 'string' ? fields.postUrl.trim() : '';
	if (url && !isWebAddress(url)) {
		return {
			ok: false,
			field: 'postUrl',
			message: 'The post’s link must be a web address starting with https:// (or leave it empty).'
		};
	}
	return { ok: true, data: { size: fields.size, postedWhere: where, postUrl: url || null } };
}

function isWebAddress(s: string): boolean {
	if (s.length > POST_URL_MAX) {
		return false;
	}
	try {
		const u = new URL(s);
		return u.protocol === 'https:' || u.protocol === 'http:';
	} catch {
		return false;
	}
}

/** "After 3 sessions", the label on the after photo. */
export function afterLabel(sessionsCount: number | null): string {
	if (!sessionsCount || sessionsCount < 1) {
		return 'After';
	}
	return `After ${sessionsCount} session${sessionsCount === 1 ? '' : 's'}`;
}
