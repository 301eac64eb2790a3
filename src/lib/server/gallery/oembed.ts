import type { Db } from '../db/client';
import { publicCase, publicClinic } from './public';

/** An embedded case's frame: wide enough for the photos beside the facts, tall enough for both. */
const WIDTH = 800;
const HEIGHT = 900;

export interface OEmbedRich {
	version: '1.0';
	type: 'rich';
	title: string;
	provider_name: string;
	provider_url: string;
	html: string;
	width: number;
	height: number;
	thumbnail_url?: string;
	thumbnail_width?: number;
	thumbnail_height?: number;
}

const CASE_PATH = /^\/c\/([a-z0-9-]+)\/cases\/([A-Za-z0-9_-]+)$/;

const attr = (s: string) =>
	s.replace(/&/g, '&amp;').replace(/"/g, '&quot;').replace(/</g, '&lt;').replace(/>/g, '&gt;');

/** Reads a size limit a consumer asked for; anything odd leaves ours. */
const limit = (asked: string | null, ours: number) => {
	const n = Number(asked);
	return Number.isInteger(n) && n > 0 ? Math.min(n, ours) : ours;
};

/**
 * The oEmbed answer for one of our public case pages, or null: a URL that is not ours, not a
 * case page, or a case that is not public now is unknown to us (the route's 404).
 */
export function caseOEmbed(
	db: Db,
	origin: string,
	pageUrl: string,
	max: { width: string | null; height: string | null }
): OEmbedRich | null {
	let url: URL;
	try {
		url = new URL(pageUrl);
	} catch {
		return null;
	}
	const match = url.origin === origin ? CASE_PATH.exec(url.pathname) : null;
	const clinic = match ? publicClinic(db, match[1]) : null;
	const c = match && clinic ? publicCase(db, clinic.id, match[2]) : null;
	if (!clinic || !c) {
		return null;
	}
	const width = limit(max.width, WIDTH);
	const height = limit(max.height, HEIGHT);
	const title = `${c.title} · ${clinic.name}`;
	const src = `${origin}/embed/c/${clinic.slug}/cases/${c.id}`;
	return {
		version: '1.0',
		type: 'rich',
		title,
		provider_name: clinic.name,
		provider_url: `${origin}/c/${clinic.slug}`,
		html:
			`<iframe src="${attr(src)}" width="${width}" height="${height}" title="${attr(title)}" ` +
			`style="border:0;max-width:100%" loading="lazy"></iframe>`,
		width,
		height,
		...(c.og
			? {
					thumbnail_url: origin + c.og.url,
					thumbnail_width: c.og.width,
					thumbnail_height: c.og.height
				}
			: {})
	};
}
