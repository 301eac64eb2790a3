// Every page under src/routes and how the page-wide checks (axe, the 360 px layout) open it:
// as whom, at which URLs. pages.spec in a11y.e2e.ts fails when a page is missing here, so a
// new page cannot slip past the checks the way a hand-written list let it.
import { and, eq, isNull } from 'drizzle-orm';
import type { BrowserContext } from '@playwright/test';
import type { App } from '../app';
import {
	accountToken,
	consent,
	galleryCase,
	passkey,
	patient,
	socialExport,
	user
} from '../../../src/lib/server/db/schema';
import { hashSecret, newToken } from '../../../src/lib/server/auth/tokens';
import { handOverStaffLink } from '../../../src/lib/server/invitations/invitations';
import type { StaffActor } from '../../../src/lib/server/auth/guard';
import { recordComparisonView } from '../../../src/lib/server/photos/serve/comparison';
import { writeTx } from '../../../src/lib/server/db/client';
import { preference } from '../../../src/lib/server/mail/outbox';
import { startPendingSignIn } from '../../../src/lib/server/auth/two-step';
import { PENDING_COOKIE } from '../../../src/lib/server/auth/pending-cookie';

export const VIEWERS = ['anonymous', 'patient@demo.test', 'owner@demo.test'] as const;
export type Viewer = (typeof VIEWERS)[number];

export interface PageIds {
	jordanId: string;
	caseId: string;
	inviteToken: string;
	/** live password-reset and email-change links of the demo patient */
	resetToken: string;
	emailToken: string;
	/** Jordan's unsubscribe link for session reminders */
	unsubscribeToken: string;
	/** a half-finished sign-in of the demo clinician (the second step's page needs one) */
	pendingToken: string;
	/** Jordan's photo consent, as a printable document */
	consentId: string;
}

export interface PageVisit {
	as: Viewer;
	urls: (ids: PageIds) => string[];
	/** cookies the viewer's browser needs for these pages (path-scoped, so no other page sees them) */
	cookies?: (ids: PageIds) => { name: string; value: string; path: string }[];
}

const OWNER: Viewer = 'owner@demo.test';
const staff = (...urls: ((ids: PageIds) => string)[]): PageVisit => ({
	as: OWNER,
	urls: (ids) => urls.map((u) => u(ids))
});

export const PAGES: Record<string, PageVisit | { skip: string }> = {
	// the demo has one clinic, so this lands on its public page (the vendor page needs two)
	'/': { as: 'anonymous', urls: () => ['/'] },
	'/c/[clinic]': { as: 'anonymous', urls: () => ['/c/demo'] },
	'/c/[clinic]/gallery': { as: 'anonymous', urls: () => ['/c/demo/gallery'] },
	'/c/[clinic]/cases/[caseId]': {
		as: 'anonymous',
		urls: (ids) => [`/c/demo/cases/${ids.caseId}`, `/c/demo/cases/${ids.caseId}?mode=side`]
	},
	'/embed/c/[clinic]': { as: 'anonymous', urls: () => ['/embed/c/demo'] },
	'/embed/c/[clinic]/cases/[caseId]': {
		as: 'anonymous',
		urls: (ids) => [`/embed/c/demo/cases/${ids.caseId}`]
	},
	'/login': { as: 'anonymous', urls: () => ['/login', '/login?restart=timeout'] },
	'/login/two-factor': {
		as: 'anonymous',
		urls: () => ['/login/two-factor'],
		cookies: (ids) => [{ name: PENDING_COOKIE, value: ids.pendingToken, path: '/login' }]
	},
	'/invite/[token]': { as: 'anonymous', urls: (ids) => [`/invite/${ids.inviteToken}`] },
	'/reset-password': { as: 'anonymous', urls: () => ['/reset-password'] },
	'/reset-password/[token]': {
		as: 'anonymous',
		// the new-password form, and the page a spent or made-up link gets
		urls: (ids) => [`/reset-password/${ids.resetToken}`, '/reset-password/not-a-real-token']
	},
	'/account/email': { as: 'patient@demo.test', urls: () => ['/account/email'] },
	'/account/email/[token]': {
		as: 'anonymous',
		urls: (ids) => [`/account/email/${ids.emailToken}`, '/account/email/not-a-real-token']
	},
	'/setup': { skip: 'exists only on an empty installation (setup-sign-in.e2e.ts)' },
	'/account/password': staff(() => '/account/password'),
	'/account/two-factor': { as: 'patient@demo.test', urls: () => ['/account/two-factor'] },
	'/account/step-up': staff(
		() => '/account/step-up',
		(ids) => `/account/step-up?next=${encodeURIComponent(`/clinic/patients/${ids.jordanId}`)}`
	),
	'/me': { as: 'patient@demo.test', urls: () => ['/me'] },
	'/me/consents/[consentId]': {
		as: 'patient@demo.test',
		urls: (ids) => [`/me/consents/${ids.consentId}`]
	},
	'/me/compare': { as: 'patient@demo.test', urls: () => ['/me/compare', '/me/compare?mode=side'] },
	'/clinic': staff(() => '/clinic'),
	'/clinic/audit': staff(() => '/clinic/audit'),
	'/clinic/gallery': staff(() => '/clinic/gallery'),
	'/clinic/gallery/[caseId]': staff((ids) => `/clinic/gallery/${ids.caseId}`),
	'/clinic/gallery/new': staff(
		() => '/clinic/gallery/new',
		(ids) => `/clinic/gallery/new?patient=${ids.jordanId}`
	),
	'/clinic/integrations': staff(() => '/clinic/integrations'),
	'/clinic/invitations': staff(() => '/clinic/invitations'),
	'/clinic/patients': staff(
		() => '/clinic/patients',
		() => '/clinic/patients?new=1'
	),
	'/clinic/patients/[id]': staff((ids) => `/clinic/patients/${ids.jordanId}`),
	'/clinic/patients/[id]/consents/[consentId]': staff(
		(ids) => `/clinic/patients/${ids.jordanId}/consents/${ids.consentId}`
	),
	'/clinic/patients/[id]/erase': staff((ids) => `/clinic/patients/${ids.jordanId}/erase`),
	'/clinic/patients/[id]/capture': staff((ids) => `/clinic/patients/${ids.jordanId}/capture`),
	'/clinic/patients/[id]/compare': staff(
		(ids) => `/clinic/patients/${ids.jordanId}/compare`,
		(ids) => `/clinic/patients/${ids.jordanId}/compare?mode=side`,
		(ids) => `/clinic/patients/${ids.jordanId}/compare?mode=fade`
	),
	'/clinic/patients/[id]/compare/sessions': staff(
		(ids) => `/clinic/patients/${ids.jordanId}/compare/sessions`
	),
	'/clinic/outbox': staff(() => '/clinic/outbox'),
	'/clinic/schedule': staff(
		() => '/clinic/schedule',
		() => '/clinic/schedule?weeks=8&uncontacted=1',
		() => '/clinic/schedule?q=nobody-by-this-name'
	),
	'/clinic/settings': staff(() => '/clinic/settings'),
	'/clinic/settings/messages': staff(() => '/clinic/settings/messages'),
	'/clinic/settings/consents': staff(() => '/clinic/settings/consents'),
	'/clinic/settings/security': staff(() => '/clinic/settings/security'),
	'/clinic/settings/logo': staff(() => '/clinic/settings/logo'),
	'/clinic/settings/embed': staff(() => '/clinic/settings/embed'),
	'/clinic/settings/watermark': staff(() => '/clinic/settings/watermark'),
	'/clinic/staff': staff(() => '/clinic/staff'),
	'/unsubscribe/[token]': {
		as: 'anonymous',
		urls: (ids) => [`/unsubscribe/${ids.unsubscribeToken}`]
	}
};

/** The demo's ids the page URLs need, and an open invitation to look at. */
export function pageIds(demo: App): PageIds {
	const jordan = demo.db
		.select()
		.from(patient)
		.where(eq(patient.email, 'patient@demo.test'))
		.get()!;
	const published = demo.db
		.select({ id: galleryCase.id, patientId: galleryCase.patientId })
		.from(galleryCase)
		.where(and(eq(galleryCase.status, 'published'), isNull(galleryCase.withdrawnAt)))
		.get()!;
	const owner = demo.db.select().from(user).where(eq(user.email, OWNER)).get()!;
	// the case's patient consents to social media and one post was made: its page shows the
	// download form and the list of downloads
	socialPost(demo, published, owner);
	// a comparison looked at: its audit detail names two photo ids, long words for a phone's log
	recordComparisonView(
		demo.db,
		{ clinicId: owner.clinicId, user: owner } as StaffActor,
		jordan.id,
		{
			before: { id: 'a'.repeat(32) },
			after: { id: 'b'.repeat(32) }
		}
	);
	// passkeys (made-up key material: these pages only list them), so the second step offers
	// "Use a passkey" and the account page shows its list, long name and all, at 360 px
	givePasskeys(demo, 'clinician@demo.test', ['Chrome on Linux']);
	givePasskeys(demo, 'patient@demo.test', [
		'Chrome on Android',
		'The YubiKey on my keyring, the blue one with the scratch'
	]);
	const { token } = handOverStaffLink(
		demo.db,
		{ user: owner, clinicId: owner.clinicId } as StaffActor,
		{
			email: 'lena@example.test',
			name: 'Lena Park',
			role: 'clinician'
		}
	);
	return {
		jordanId: jordan.id,
		caseId: published.id,
		inviteToken: token,
		resetToken: accountLink(demo, 'password_reset'),
		emailToken: accountLink(demo, 'email_change'),
		unsubscribeToken: writeTx(demo.db, (tx) => preference(tx, jordan.id, 'session_reminder').token),
		pendingToken: startPendingSignIn(
			demo.db,
			demo.db.select().from(user).where(eq(user.email, 'clinician@demo.test')).get()!.id
		).token,
		consentId: demo.db
			.select({ id: consent.id })
			.from(consent)
			.where(and(eq(consent.patientId, jordan.id), eq(consent.scope, 'photos_private')))
			.get()!.id
	};
}

function socialPost(
	demo: App,
	c: { id: string; patientId: string },
	by: { id: string; clinicId: string }
): void {
	demo.db
		.insert(consent)
		.values({
			clinicId: by.clinicId,
			patientId: c.patientId,
			scope: 'social_media',
			textVersion: 'social-media-test',
			signedName: 'Demo patient',
			grantedAt: new Date(Date.now() - 60_000),
			recordedBy: by.id
		})
		.run();
	demo.db
		.insert(socialExport)
		.values({
			clinicId: by.clinicId,
			caseId: c.id,
			patientId: c.patientId,
			size: 'story',
			postedWhere: 'Instagram story @democlinic',
			postUrl: 'https://www.instagram.com/stories/democlinic/3141592653589793238/',
			createdBy: by.id
		})
		.run();
}

function givePasskeys(demo: App, email: string, names: string[]): void {
	const account = demo.db.select().from(user).where(eq(user.email, email)).get()!;
	const now = new Date();
	for (const name of names) {
		demo.db
			.insert(passkey)
			.values({
				id: newToken().id,
				userId: account.id,
				name,
				publicKey: 'pQECAyYgASFYIA',
				createdAt: now,
				lastUsedAt: null
			})
			.run();
	}
}

/** A live link for the demo patient, made directly (the mail carrying it is not needed here). */
function accountLink(demo: App, purpose: 'password_reset' | 'email_change'): string {
	const account = demo.db.select().from(user).where(eq(user.email, 'patient@demo.test')).get()!;
	const { id, secret, token } = newToken();
	const now = new Date();
	demo.db
		.insert(accountToken)
		.values({
			id,
			userId: account.id,
			purpose,
			secretHash: hashSecret(secret),
			newEmail: purpose === 'email_change' ? 'jordan.new@example.test' : null,
			createdAt: now,
			expiresAt: new Date(now.getTime() + 60 * 60 * 1000)
		})
		.run();
	return token;
}

/** Each viewer's URLs, every page once (skipped pages left out). */
export function visitsByViewer(ids: PageIds): Map<Viewer, string[]> {
	const byViewer = new Map<Viewer, string[]>();
	for (const visit of Object.values(PAGES)) {
		if ('skip' in visit) {
			continue;
		}
		byViewer.set(visit.as, [...(byViewer.get(visit.as) ?? []), ...visit.urls(ids)]);
	}
	return byViewer;
}

/** Signs the browser in as the viewer and gives it the cookies its pages need. */
export async function prepareViewer(
	demo: App,
	context: BrowserContext,
	viewer: Viewer,
	ids: PageIds
): Promise<void> {
	if (viewer !== 'anonymous') {
		await demo.signInAs(context, viewer);
	}
	const domain = new URL(demo.baseURL).hostname;
	for (const visit of Object.values(PAGES)) {
		if (!('skip' in visit) && visit.as === viewer && visit.cookies) {
			await context.addCookies(
				visit.cookies(ids).map((c) => ({
					...c,
					domain,
					httpOnly: true,
					secure: true,
					sameSite: 'Lax' as const
				}))
			);
		}
	}
}
