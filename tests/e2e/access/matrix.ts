// The access matrix: for every route (src/routes) what each kind of person gets. `ok` is 200,
// `login` a redirect to sign in, `away` a redirect elsewhere (e.g. a signed-in person sent
// home from the sign-in page), 404 a refusal that does not say whether the thing exists.
// Ids in URLs are clinic A's: patient B and clinic B must never reach them.
import type { Actor, World } from './world';

export type Outcome = 'ok' | 'login' | 'away' | 404 | 401;
type Row = Record<Actor, Outcome>;

/** Readable rows: anonymous, patient A, patient B, front desk, clinician, owner, owner of B. */
const row = (...o: Outcome[]): Row => ({
	anonymous: o[0],
	patientA: o[1],
	patientB: o[2],
	frontdesk: o[3],
	clinician: o[4],
	owner: o[5],
	ownerB: o[6]
});

export interface ActionSpec {
	/** who may do it; every other actor must be refused and change nothing */
	allowed: Actor[];
	/** how an anonymous caller is refused (401: a JSON endpoint says "signed out") */
	anonymous: 'login' | 404 | 401;
	/** fields aimed at clinic A's things, so a refusal is about access, not a missing field */
	form?: (w: World) => Record<string, string>;
}

export interface RouteSpec {
	url: (w: World) => string;
	get?: Row;
	actions?: Record<string, ActionSpec>;
	/** endpoints with a POST method (multipart) */
	post?: ActionSpec;
	/** why a route's actions are not in the matrix */
	unguarded?: string;
}

const STAFF_A: Actor[] = ['frontdesk', 'clinician', 'owner'];
const CLINICAL_A: Actor[] = ['clinician', 'owner'];
const SIGNED_IN: Actor[] = ['patientA', 'patientB', 'frontdesk', 'clinician', 'owner', 'ownerB'];
const pageAction = (allowed: Actor[], form?: ActionSpec['form']): ActionSpec => ({
	allowed,
	anonymous: 'login',
	form
});

export const MATRIX: Record<string, RouteSpec> = {
	// this world has two clinics, so `/` is the vendor page (one clinic: setup-sign-in.e2e)
	'/': { url: () => '/', get: row('ok', 'away', 'away', 'away', 'away', 'away', 'away') },
	// the public gallery: the same for everyone, signed in or not
	'/c/[clinic]': { url: () => '/c/demo', get: row('ok', 'ok', 'ok', 'ok', 'ok', 'ok', 'ok') },
	'/c/[clinic]/gallery': {
		url: () => '/c/demo/gallery?concern=acne_scars',
		get: row('ok', 'ok', 'ok', 'ok', 'ok', 'ok', 'ok')
	},
	'/c/[clinic]/cases/[caseId]': {
		url: (w) => `/c/demo/cases/${w.caseId}`,
		get: row('ok', 'ok', 'ok', 'ok', 'ok', 'ok', 'ok')
	},
	// a public case's signed record, and the key that checks it: public like the case itself
	// (a withdrawn case's record is 404 to everyone: provenance.e2e.ts)
	'/c/[clinic]/cases/[caseId]/provenance.json': {
		url: (w) => `/c/demo/cases/${w.caseId}/provenance.json`,
		get: row('ok', 'ok', 'ok', 'ok', 'ok', 'ok', 'ok')
	},
	// the gallery inside the clinic's own website: as public as the gallery (its framing is
	// embed.e2e.ts's business)
	'/embed/c/[clinic]': {
		url: () => '/embed/c/demo?concern=acne_scars',
		get: row('ok', 'ok', 'ok', 'ok', 'ok', 'ok', 'ok')
	},
	'/embed/c/[clinic]/cases/[caseId]': {
		url: (w) => `/embed/c/demo/cases/${w.caseId}`,
		get: row('ok', 'ok', 'ok', 'ok', 'ok', 'ok', 'ok')
	},
	'/embed/c/[clinic]/embed.js': {
		url: () => '/embed/c/demo/embed.js',
		get: row('ok', 'ok', 'ok', 'ok', 'ok', 'ok', 'ok')
	},
	'/oembed': {
		url: (w) => `/oembed?url=${encodeURIComponent(w.casePageUrl)}&format=json`,
		get: row('ok', 'ok', 'ok', 'ok', 'ok', 'ok', 'ok')
	},
	'/.well-known/resurface-keys.json': {
		url: () => '/.well-known/resurface-keys.json',
		get: row('ok', 'ok', 'ok', 'ok', 'ok', 'ok', 'ok')
	},
	'/robots.txt': { url: () => '/robots.txt', get: row('ok', 'ok', 'ok', 'ok', 'ok', 'ok', 'ok') },
	'/sitemap.xml': { url: () => '/sitemap.xml', get: row('ok', 'ok', 'ok', 'ok', 'ok', 'ok', 'ok') },
	'/account/password': {
		url: () => '/account/password',
		get: row('login', 'ok', 'ok', 'ok', 'ok', 'ok', 'ok'),
		actions: {
			// everyone signed in changes their own password; the current one is required
			default: pageAction(['patientA', 'patientB', 'frontdesk', 'clinician', 'owner', 'ownerB'])
		}
	},
	'/account/email': {
		url: () => '/account/email',
		get: row('login', 'ok', 'ok', 'ok', 'ok', 'ok', 'ok'),
		actions: {
			// everyone signed in changes their own address; the current password is required
			default: pageAction(['patientA', 'patientB', 'frontdesk', 'clinician', 'owner', 'ownerB'])
		}
	},
	'/account/two-factor': {
		url: () => '/account/two-factor',
		get: row('login', 'ok', 'ok', 'ok', 'ok', 'ok', 'ok'),
		// everyone signed in manages their own second factor; a code is required to change one
		actions: Object.fromEntries(
			[
				'start',
				'confirm',
				'regenerate',
				'regenerateAfterStepUp',
				'disable',
				'cancel',
				'addPasskey',
				'renamePasskey',
				'removePasskey'
			].map((name) => [
				name,
				pageAction(['patientA', 'patientB', 'frontdesk', 'clinician', 'owner', 'ownerB'])
			])
		)
	},
	'/account/step-up': {
		url: () => '/account/step-up',
		get: row('login', 'ok', 'ok', 'ok', 'ok', 'ok', 'ok'),
		// everyone signed in proves it is them again, on their own session; throttled
		actions: Object.fromEntries(
			['code', 'password'].map((name) => [
				name,
				pageAction(['patientA', 'patientB', 'frontdesk', 'clinician', 'owner', 'ownerB'])
			])
		)
	},
	// passkey ceremonies (JSON): every signed-in person, for their own account and session only
	'/account/two-factor/passkey-options': {
		url: () => '/account/two-factor/passkey-options',
		post: { allowed: SIGNED_IN, anonymous: 401 }
	},
	'/account/step-up/passkey/options': {
		url: () => '/account/step-up/passkey/options',
		post: { allowed: SIGNED_IN, anonymous: 401 }
	},
	'/account/step-up/passkey/verify': {
		url: () => '/account/step-up/passkey/verify',
		post: { allowed: SIGNED_IN, anonymous: 401 }
	},
	'/account/email/[token]': {
		// a made-up link gets the "no longer works" page; opening a real one changes nothing
		url: () => '/account/email/not-a-real-token',
		get: row('ok', 'ok', 'ok', 'ok', 'ok', 'ok', 'ok'),
		unguarded: 'the link is the credential, whoever is signed in (email-change.e2e.ts)'
	},
	'/api/v1/patients': {
		url: () => '/api/v1/patients',
		// clinic B's owner gets clinic B's list (api-tokens.e2e.ts checks it holds none of A's)
		get: row(404, 404, 404, 'ok', 'ok', 'ok', 'ok')
	},
	'/api/v1/patients/[patientId]/photos': {
		url: (w) => `/api/v1/patients/${w.jordanId}/photos`,
		// the API is for clinic systems: patients see their photos in their own pages
		get: row(404, 404, 404, 404, 'ok', 'ok', 404),
		post: { allowed: CLINICAL_A, anonymous: 404 }
	},
	'/api/v1/photos/[photoId]': {
		url: (w) => `/api/v1/photos/${w.photoId}`,
		get: row(404, 'ok', 404, 404, 'ok', 'ok', 404)
	},
	'/clinic': {
		url: () => '/clinic',
		get: row('login', 404, 404, 'ok', 'ok', 'ok', 'ok'),
		// the takedown checklist of social media posts: those who may make them
		actions: {
			markRemoved: pageAction(CLINICAL_A, (w) => ({ exportId: w.socialExportId }))
		}
	},
	'/clinic/audit': {
		url: () => '/clinic/audit',
		get: row('login', 404, 404, 404, 404, 'ok', 'ok')
	},
	'/clinic/gallery': {
		url: () => '/clinic/gallery',
		get: row('login', 404, 404, 404, 'ok', 'ok', 'ok'),
		actions: { withdraw: pageAction(CLINICAL_A, (w) => ({ caseId: w.caseId })) }
	},
	'/clinic/gallery/[caseId]': {
		url: (w) => `/clinic/gallery/${w.caseId}`,
		get: row('login', 404, 404, 404, 'ok', 'ok', 404),
		actions: {
			save: pageAction(CLINICAL_A, () => ({ title: 'Changed', redactions: '{}' })),
			publish: pageAction(CLINICAL_A),
			withdraw: pageAction(CLINICAL_A),
			// a new draft from a withdrawn case; everyone else is refused before its state matters
			redraft: pageAction(CLINICAL_A)
		}
	},
	'/clinic/gallery/[caseId]/social.jpg': {
		// a logged download for social media: clinical staff of the clinic (the front desk has no
		// photos and does not publish); a file URL, so signed out is 404 too
		url: (w) => `/clinic/gallery/${w.caseId}/social.jpg`,
		post: {
			allowed: CLINICAL_A,
			anonymous: 404,
			form: () => ({ size: 'square', postedWhere: 'Instagram @intruder' })
		}
	},
	'/clinic/gallery/new': {
		url: () => '/clinic/gallery/new',
		get: row('login', 404, 404, 404, 'ok', 'ok', 'ok'),
		actions: {
			create: pageAction(CLINICAL_A, (w) => ({
				courseId: w.courseId,
				beforePhotoId: w.photoId,
				afterPhotoId: w.laterPhotoId
			}))
		}
	},
	'/clinic/patients': {
		url: () => '/clinic/patients',
		get: row('login', 404, 404, 'ok', 'ok', 'ok', 'ok'),
		actions: { create: pageAction([...STAFF_A, 'ownerB'], () => ({ displayName: 'Intruder' })) }
	},
	'/clinic/patients/[id]': {
		url: (w) => `/clinic/patients/${w.jordanId}`,
		get: row('login', 404, 404, 'ok', 'ok', 'ok', 404),
		actions: {
			updatePatient: pageAction(STAFF_A, () => ({ displayName: 'Renamed' })),
			archive: pageAction(STAFF_A, () => ({ archived: '1' })),
			createCourse: pageAction(CLINICAL_A, () => ({
				concern: 'acne_scars',
				plannedSessions: '3',
				intervalWeeks: '4',
				startedOn: '2026-01-01'
			})),
			logSession: pageAction(CLINICAL_A, (w) => ({
				courseId: w.courseId,
				performedOn: '2026-01-02'
			})),
			recordConsent: pageAction(STAFF_A, () => ({ scopes: 'gallery_public', signedName: 'X' })),
			revokeConsent: pageAction(STAFF_A, (w) => ({ consentId: w.consentId, reason: 'x' })),
			upload: pageAction(CLINICAL_A, () => ({ view: 'front' })),
			retryPhoto: pageAction(CLINICAL_A, (w) => ({ photoId: w.photoId })),
			editPhoto: pageAction(CLINICAL_A, (w) => ({ photoId: w.photoId, view: 'custom' })),
			deletePhoto: pageAction(CLINICAL_A, (w) => ({ photoId: w.photoId })),
			// by email to the address on file (the body's address is ignored)
			invite: pageAction(STAFF_A, () => ({ email: 'intruder@example.test' })),
			resendInvite: pageAction(STAFF_A, (w) => ({ invitationId: w.patientInviteId })),
			// being shown a patient's link and their portal access are for roles with photo access
			handOver: pageAction(CLINICAL_A),
			cancelInvite: pageAction(STAFF_A, (w) => ({ invitationId: w.patientInviteId })),
			portalAccess: pageAction(CLINICAL_A, () => ({ enabled: '0' }))
		}
	},
	'/clinic/schedule': {
		url: () => '/clinic/schedule',
		// every staff member; clinic B's owner gets clinic B's (empty) schedule
		get: row('login', 404, 404, 'ok', 'ok', 'ok', 'ok'),
		actions: {
			// about clinic A's patient and course: clinic B's owner is refused like a stranger
			contact: pageAction(STAFF_A, (w) => ({
				patientId: w.jordanId,
				courseId: w.courseId,
				channel: 'phone',
				outcome: 'left_message'
			}))
		}
	},
	'/clinic/invitations': {
		url: () => '/clinic/invitations',
		// clinic B's owner gets clinic B's (empty) list
		get: row('login', 404, 404, 'ok', 'ok', 'ok', 'ok'),
		actions: {
			resendInvite: pageAction(STAFF_A, (w) => ({ invitationId: w.patientInviteId })),
			cancelInvite: pageAction(STAFF_A, (w) => ({ invitationId: w.patientInviteId }))
		}
	},
	'/clinic/patients/[id]/photos.zip': {
		// all of a patient's photos for clinical staff (after a fresh step-up; world's sessions are
		// fresh); a file URL, so signed out is 404 like my-photos.zip
		url: (w) => `/clinic/patients/${w.jordanId}/photos.zip`,
		get: row(404, 404, 404, 404, 'ok', 'ok', 404)
	},
	'/clinic/patients/[id]/courses/[courseId]/report.pdf': {
		// a course's progress report shows its photos: clinical staff only (the front desk sees
		// no photos); a file URL, so signed out is 404
		url: (w) => `/clinic/patients/${w.jordanId}/courses/${w.courseId}/report.pdf`,
		get: row(404, 404, 404, 404, 'ok', 'ok', 404)
	},
	'/clinic/patients/[id]/export.zip': {
		// the whole record (GDPR access, portability): the owner's alone, after a fresh step-up
		// (world's sessions are fresh); a file URL, so signed out is 404
		url: (w) => `/clinic/patients/${w.jordanId}/export.zip`,
		get: row(404, 404, 404, 404, 404, 'ok', 404)
	},
	// a consent as a printable document: every staff role that records consents; the patient
	// reads their own at /me/consents/[consentId]
	'/clinic/patients/[id]/consents/[consentId]': {
		url: (w) => `/clinic/patients/${w.jordanId}/consents/${w.consentId}`,
		get: row('login', 404, 404, 'ok', 'ok', 'ok', 404)
	},
	// erasing a patient: the owner alone (after a fresh step-up); everyone else is told nothing
	'/clinic/patients/[id]/erase': {
		url: (w) => `/clinic/patients/${w.jordanId}/erase`,
		get: row('login', 404, 404, 404, 404, 'ok', 404),
		actions: {
			default: pageAction(['owner'], () => ({
				reason: 'The patient asked under GDPR Article 17',
				confirm: 'Jordan Avery'
			}))
		}
	},
	'/clinic/patients/[id]/capture': {
		url: (w) => `/clinic/patients/${w.jordanId}/capture`,
		get: row('login', 404, 404, 404, 'ok', 'ok', 404)
	},
	// staff compare: only roles with photo access; front desk is refused like on every photo URL
	'/clinic/patients/[id]/compare': {
		url: (w) =>
			`/clinic/patients/${w.jordanId}/compare?course=${w.courseId}&view=front&a=${w.photoId}&b=${w.laterPhotoId}`,
		get: row('login', 404, 404, 404, 'ok', 'ok', 404)
	},
	'/clinic/patients/[id]/compare/sessions': {
		url: (w) => `/clinic/patients/${w.jordanId}/compare/sessions`,
		get: row('login', 404, 404, 404, 'ok', 'ok', 404)
	},
	'/clinic/settings': {
		url: () => '/clinic/settings',
		get: row('login', 404, 404, 404, 404, 'ok', 'ok'),
		actions: { default: pageAction(['owner', 'ownerB']) }
	},
	'/clinic/settings/logo': {
		url: () => '/clinic/settings/logo',
		get: row('login', 404, 404, 404, 404, 'ok', 'ok'),
		actions: {
			upload: pageAction(['owner', 'ownerB']),
			remove: pageAction(['owner', 'ownerB'])
		}
	},
	'/clinic/settings/watermark': {
		url: () => '/clinic/settings/watermark',
		get: row('login', 404, 404, 404, 404, 'ok', 'ok'),
		actions: {
			default: pageAction(['owner', 'ownerB'], () => ({
				mark: 'name',
				position: 'bottom-right',
				opacity: '50'
			}))
		}
	},
	'/clinic/settings/security': {
		url: () => '/clinic/settings/security',
		get: row('login', 404, 404, 404, 404, 'ok', 'ok'),
		actions: { policy: pageAction(['owner', 'ownerB'], () => ({ require: 'off' })) }
	},
	'/clinic/settings/embed': {
		url: () => '/clinic/settings/embed',
		get: row('login', 404, 404, 404, 404, 'ok', 'ok'),
		actions: {
			save: pageAction(['owner', 'ownerB'], () => ({
				origins: 'https://www.example.com',
				caseLink: ''
			}))
		}
	},
	'/clinic/outbox': {
		url: () => '/clinic/outbox',
		// clinic B's owner gets clinic B's (empty) outbox, and cannot send clinic A's again
		get: row('login', 404, 404, 404, 404, 'ok', 'ok'),
		actions: { resend: pageAction(['owner'], (w) => ({ mailId: w.failedMailId })) }
	},
	'/clinic/settings/messages': {
		url: () => '/clinic/settings/messages',
		// every staff member reads the wording; only an owner changes it (their own clinic's)
		get: row('login', 404, 404, 'ok', 'ok', 'ok', 'ok'),
		actions: {
			save: pageAction(['owner', 'ownerB'], () => ({
				kind: 'session_reminder',
				subject: 'Changed',
				body: 'Due on {date}'
			})),
			restore: pageAction(['owner', 'ownerB'], () => ({ kind: 'session_reminder' }))
		}
	},
	'/clinic/settings/consents': {
		url: () => '/clinic/settings/consents',
		// everyone who records consents reads the wording; only an owner saves a new version
		get: row('login', 404, 404, 'ok', 'ok', 'ok', 'ok'),
		actions: {
			save: pageAction(['owner', 'ownerB'], () => ({
				scope: 'treatment',
				text: 'A new version of the treatment consent, long enough to be a real sentence.'
			}))
		}
	},
	'/clinic/integrations': {
		url: () => '/clinic/integrations',
		get: row('login', 404, 404, 404, 404, 'ok', 'ok'),
		actions: {
			// clinic B's owner may make tokens, but only for clinic B's team (api-tokens.spec.ts)
			create: pageAction(['owner', 'ownerB'], (w) => ({ name: 'Intruder', userId: w.clinicianId })),
			revoke: pageAction(['owner'], (w) => ({ tokenId: w.tokenId }))
		}
	},
	'/clinic/staff': {
		url: () => '/clinic/staff',
		get: row('login', 404, 404, 404, 404, 'ok', 'ok'),
		actions: {
			// clinic B's owner aims at clinic A's clinician: refused like everyone else
			access: pageAction(['owner'], (w) => ({ userId: w.clinicianId, disabled: '1' })),
			resetFactors: pageAction(['owner'], (w) => ({ userId: w.clinicianId })),
			cancelInvite: pageAction(['owner'], (w) => ({ invitationId: w.staffInviteId })),
			resendInvite: pageAction(['owner'], (w) => ({ invitationId: w.staffInviteId })),
			invite: pageAction(['owner', 'ownerB'], () => ({
				email: 'intruder@example.test',
				name: 'Intruder',
				role: 'owner'
			})),
			handOver: pageAction(['owner', 'ownerB'], () => ({
				email: 'intruder@example.test',
				name: 'Intruder',
				role: 'owner'
			}))
		}
	},
	'/invite/[token]': {
		url: () => '/invite/not-a-real-token',
		get: row(404, 404, 404, 404, 404, 404, 404),
		unguarded: 'the token is the credential; an unknown one is 404 (tested in invitations.e2e.ts)'
	},
	'/login': {
		url: () => '/login',
		get: row('ok', 'away', 'away', 'away', 'away', 'away', 'away'),
		unguarded: 'signing in is open to anyone (throttled; throttle.e2e.ts)'
	},
	'/login/two-factor': {
		// without a half-finished sign-in's cookie: back to the password form
		url: () => '/login/two-factor',
		get: row('login', 'away', 'away', 'away', 'away', 'away', 'away'),
		unguarded:
			'the half-finished sign-in (its cookie) is the only authority; throttled (two-step.spec.ts, two-step-sign-in.e2e.ts)'
	},
	'/login/passkey/options': {
		url: () => '/login/passkey/options',
		unguarded: 'signing in is open to anyone: a challenge, single use (passkeys.spec.ts)'
	},
	'/login/passkey/verify': {
		url: () => '/login/passkey/verify',
		unguarded:
			'signing in is open to anyone; throttled per address like a password (passkeys.spec.ts)'
	},
	'/login/two-factor/passkey/options': {
		url: () => '/login/two-factor/passkey/options',
		unguarded: 'the half-finished sign-in (its cookie) is the only authority (passkeys.spec.ts)'
	},
	'/login/two-factor/passkey/verify': {
		url: () => '/login/two-factor/passkey/verify',
		unguarded:
			'the half-finished sign-in (its cookie) is the only authority; failures counted as for codes (passkeys.spec.ts)'
	},
	'/logout': {
		url: () => '/logout',
		get: row('away', 'away', 'away', 'away', 'away', 'away', 'away'),
		unguarded: 'signs out whoever posts it (a POST, so a link cannot)'
	},
	'/me': {
		url: () => '/me',
		get: row('login', 'ok', 'ok', 404, 404, 404, 404),
		actions: {
			rate: pageAction(['patientA'], (w) => ({ sessionId: w.sessionId, rating: '3' }))
		}
	},
	'/me/consents/[consentId]': {
		// Jordan's own consent: patient B and every member of staff are refused alike
		url: (w) => `/me/consents/${w.consentId}`,
		get: row('login', 'ok', 404, 404, 404, 404, 404)
	},
	'/me/courses/[courseId]/report.pdf': {
		// Jordan's own course's report; patient B asking for it is told nothing
		url: (w) => `/me/courses/${w.courseId}/report.pdf`,
		get: row(404, 'ok', 404, 404, 404, 404, 404)
	},
	'/me/compare': {
		url: (w) => `/me/compare?course=${w.courseId}&view=front&a=${w.photoId}&b=${w.laterPhotoId}`,
		get: row('login', 'ok', 404, 404, 404, 404, 404)
	},
	'/media/preview/[caseId]/[which]': {
		url: (w) => `/media/preview/${w.caseId}/before`,
		get: row(404, 404, 404, 404, 'ok', 'ok', 404)
	},
	// the owner's unsaved choice on a made-up sample: each owner for their own clinic only
	'/media/watermark-preview': {
		url: () => '/media/watermark-preview?enabled=on&mark=name&position=top-left&opacity=50',
		get: row(404, 404, 404, 404, 404, 'ok', 'ok')
	},
	'/media/private/[photoId]/[file]': {
		url: (w) => w.privateImage,
		get: row(404, 'ok', 404, 404, 'ok', 'ok', 404)
	},
	'/media/private/my-photos.zip': {
		// each patient gets their own archive from the one URL
		url: () => '/media/private/my-photos.zip',
		get: row(404, 'ok', 'ok', 404, 404, 404, 404)
	},
	'/media/private/my-record.zip': {
		// each patient gets their own whole record from the one URL, clinician's notes included
		url: () => '/media/private/my-record.zip',
		get: row(404, 'ok', 'ok', 404, 404, 404, 404)
	},
	'/media/public/[token]/[file]': {
		url: (w) => w.publicImage,
		get: row('ok', 'ok', 'ok', 'ok', 'ok', 'ok', 'ok')
	},
	// a clinic's logo heads its public pages and emails: public, like the gallery's images
	'/media/brand/[file]': {
		url: (w) => w.logoImage,
		get: row('ok', 'ok', 'ok', 'ok', 'ok', 'ok', 'ok')
	},
	'/reset-password': {
		url: () => '/reset-password',
		get: row('ok', 'ok', 'ok', 'ok', 'ok', 'ok', 'ok'),
		unguarded: 'asking for a link is open to anyone: one answer, throttled (password-reset.spec.ts)'
	},
	'/reset-password/[token]': {
		url: () => '/reset-password/not-a-real-token',
		get: row('ok', 'ok', 'ok', 'ok', 'ok', 'ok', 'ok'),
		unguarded: 'the link is the credential (password-reset.e2e.ts)'
	},
	'/setup': {
		url: () => '/setup',
		get: row(404, 404, 404, 404, 404, 404, 404),
		actions: { default: { allowed: [], anonymous: 404 } }
	},
	'/unsubscribe/[token]': {
		url: () => '/unsubscribe/notarealtoken',
		get: row(404, 404, 404, 404, 404, 404, 404),
		unguarded:
			'the token is the only authority, signed in or not; an unknown one is 404 (reminders.e2e.ts)'
	},
	'/unsubscribe/[token]/resubscribe': {
		url: () => '/unsubscribe/notarealtoken/resubscribe',
		unguarded: 'undoes an unsubscribe by its token, from that page only (reminders.e2e.ts)'
	}
};
