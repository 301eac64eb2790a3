import { AREA_DEPTH_PRESETS } from './concerns';
import type { Phase, PhaseWording } from './healing';
import type { MailKind } from './mail-kinds';
import { DEFAULT_WATERMARK, type WatermarkSettings } from './watermark';

/** Per-clinic settings, stored as JSON on the clinic row; missing keys take these defaults. */
export interface ClinicSettings {
	defaultIntervalWeeks: number;
	defaultPlannedSessions: number;
	/** needle depth (mm) suggested for each area when a session is logged */
	depthPresets: Record<string, number>;
	/** #rrggbb; the settings form refuses one that fails WCAG AA where it is used (accent.ts) */
	accentColor: string;
	bookingUrl: string | null;
	/** the clinic's own website (https), linked from its public pages */
	websiteUrl: string | null;
	/** the clinic's logo, re-encoded by the server (server/clinic/brand-logo.ts); null: the name */
	logo: ClinicLogo | null;
	/**
	 * The clinic's own words for a healing phase, where they differ from the defaults. Only the
	 * changed phases are stored, so improved default wording still reaches the others.
	 */
	healingWording: Partial<Record<Phase, PhaseWording>>;
	/**
	 * The clinic's IANA time zone: its "today" (default dates, days since a session, whether a
	 * session has happened yet) and the times of day it is shown. Read through the server's
	 * clinicSettings(), which puts the server's own zone where none is stored.
	 */
	timeZone: string;
	/** how many days before a session is due the patient is reminded by email */
	reminderDaysBefore: number;
	/** the owner's wording of a message, where it differs from the default */
	mailTemplates: Partial<Record<MailKind, { subject: string; body: string }>>;
	/** staff must sign in with a second factor; those without one enrol before anything else */
	requireTwoFactor: boolean;
	/**
	 * ISO 3166 country that phone numbers typed without "+" are read in; null: the country of
	 * the time zone where only one has it (domain/phone.ts), else "+…" is required.
	 */
	phoneCountry: string | null;
	/**
	 * Medical records often must be kept for a legal period: when set, a patient whose record
	 * is younger than this many years (from their last treatment or photo) cannot be erased.
	 * null: off, erasure is allowed at any age.
	 */
	erasureRetentionYears: number | null;
	/** drawn by the server on public and exported images, never on private photos */
	watermark: WatermarkSettings;
	/**
	 * The clinic's own website origins (`https://www.example.com`) allowed to frame its gallery:
	 * the embed pages' `frame-ancestors` and the embed script's postMessage target.
	 */
	embedOrigins: string[];
	/**
	 * Where a case lives on the clinic's own site, `{case}` standing for the case id (e.g.
	 * `https://www.example.com/results/{case}`): the case's canonical link, so search engines
	 * credit the clinic's domain. null: the case page here is canonical.
	 */
	caseLinkTemplate: string | null;
}

/** A logo file in the blob store under `brand/`, served at /media/brand/<key>.webp. */
export interface ClinicLogo {
	/** random, new for every upload, so the file can be cached for good */
	key: string;
	width: number;
	height: number;
}

/** Display name limits, as the setup page has them. */
export const CLINIC_NAME_MIN = 2;
export const CLINIC_NAME_MAX = 80;

/** No time zone here: the default is the server's own, which only the server knows. */
export const DEFAULT_CLINIC_SETTINGS: Omit<ClinicSettings, 'timeZone'> = {
	defaultIntervalWeeks: 4,
	defaultPlannedSessions: 3,
	depthPresets: { ...AREA_DEPTH_PRESETS },
	accentColor: '#1d5c63',
	bookingUrl: null,
	websiteUrl: null,
	logo: null,
	healingWording: {},
	reminderDaysBefore: 3,
	mailTemplates: {},
	requireTwoFactor: false,
	phoneCountry: null,
	erasureRetentionYears: null,
	watermark: DEFAULT_WATERMARK,
	embedOrigins: [],
	caseLinkTemplate: null
};

/** Lowercase words joined by hyphens, 2–40 characters: the clinic's public address. */
export const SLUG_PATTERN = /^[a-z0-9](?:[a-z0-9-]{0,38}[a-z0-9])$/;

export function slugify(name: string): string {
	return name
		.normalize('NFKD')
		.replace(/[\u0300-\u036f]/g, '')
		.toLowerCase()
		.replace(/[^a-z0-9]+/g, '-')
		.replace(/^-+|-+$/g, '')
		.slice(0, 40)
		.replace(/-+$/, '');
}
