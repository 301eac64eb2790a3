// The people and things the access matrix tries: clinic A (the demo) with patient A (Jordan),
// patient B (Mei, with an account of her own) and its three staff roles, and the owner of a
// second clinic B. Ids are of clinic A's things, which every other actor must not reach.
import path from 'node:path';
import sharp from 'sharp';
import { replaceLogo } from '../../../src/lib/server/clinic/brand-logo';
import { and, eq } from 'drizzle-orm';
import {
	expect,
	type Browser,
	type BrowserContext,
	type APIRequestContext
} from '@playwright/test';
import type { App } from '../app';
import {
	galleryImage,
	mailMessage,
	patient,
	photoVariant,
	socialExport,
	user
} from '../../../src/lib/server/db/schema';
import { addOtherClinic, givePatientAccount } from '../people';
import { courseSessions, firstCourse, frontPhotos, jordanOf, patientNamed } from '../demo-records';
import { createDraft } from '../../../src/lib/server/gallery/drafts';
import { publishCase } from '../../../src/lib/server/gallery/publish';
import { LocalDiskStore } from '../../../src/lib/server/storage/local-disk';
import type { StaffActor } from '../../../src/lib/server/auth/guard';
import { createApiToken } from '../../../src/lib/server/auth/api-tokens';
import {
	handOverPatientLink,
	handOverStaffLink
} from '../../../src/lib/server/invitations/invitations';

export const ACTORS = [
	'anonymous',
	'patientA',
	'patientB',
	'frontdesk',
	'clinician',
	'owner',
	'ownerB'
] as const;
export type Actor = (typeof ACTORS)[number];

const EMAILS: Record<Exclude<Actor, 'anonymous'>, string> = {
	patientA: 'patient@demo.test',
	patientB: 'patient-b@demo.test',
	frontdesk: 'frontdesk@demo.test',
	clinician: 'clinician@demo.test',
	owner: 'owner@demo.test',
	ownerB: 'owner@clinic-b.test' // made by addOtherClinic(demo, 'clinic-b')
};

export interface World {
	jordanId: string;
	courseId: string;
	sessionId: string;
	photoId: string;
	laterPhotoId: string;
	consentId: string;
	clinicianId: string;
	caseId: string;
	/** the published case's page as an absolute URL (what an oEmbed consumer asks about) */
	casePageUrl: string;
	/** a social media post of Jordan's case, not yet marked removed (no social consent: listed) */
	socialExportId: string;
	tokenId: string;
	/** an open patient invitation (Noor's) */
	patientInviteId: string;
	/** the owner's open invitation to a new team member */
	staffInviteId: string;
	/** a message of clinic A's that the mail server refused for good */
	failedMailId: string;
	publicImage: string;
	privateImage: string;
	/** clinic A's logo, public like its gallery */
	logoImage: string;
	as: Record<Actor, APIRequestContext>;
	close(): Promise<void>;
}

/** Where a form action of the page at `url` is posted (`default` is the page itself). */
export const actionUrl = (url: string, action: string) =>
	action === 'default' ? url : `${url}${url.includes('?') ? '&' : '?'}/${action}`;

/**
 * Lets `check` try its requests in a freshly built world and note what went wrong, then fails
 * with the whole list at once: one missing refusal should not hide the others behind it.
 */
export async function expectNoFailures(
	demo: App,
	browser: Browser,
	check: (world: World, failures: string[]) => Promise<void>
) {
	const world = await buildWorld(demo, browser);
	const failures: string[] = [];
	await check(world, failures);
	await world.close();
	expect(failures).toEqual([]);
}

export async function buildWorld(demo: App, browser: Browser): Promise<World> {
	const db = demo.db;
	const jordan = jordanOf(demo);
	const mei = patientNamed(demo, 'Mei Tanaka');
	await givePatientAccount(demo, mei, EMAILS.patientB, 'patient-b-password');
	await addOtherClinic(demo, 'clinic-b');
	const co = firstCourse(demo, jordan.id);
	const [session] = courseSessions(demo, co.id);
	const fronts = frontPhotos(demo, jordan.id);
	// a published case of Jordan's, made here so the matrix does not lean on the demo seed
	const clinician = db.select().from(user).where(eq(user.email, EMAILS.clinician)).get()!;
	const staff = { user: clinician, clinicId: clinician.clinicId } as StaffActor;
	const draft = createDraft(db, staff, {
		courseId: co.id,
		beforePhotoId: fronts[0].id,
		afterPhotoId: fronts.at(-1)!.id
	});
	const published = await publishCase(
		db,
		new LocalDiskStore(path.join(demo.dir, 'media')),
		staff,
		draft.id
	);
	// its AVIF files come from a job on the server: done before any check compares the database
	await queueSettled(demo);
	const image = db
		.select()
		.from(galleryImage)
		.where(and(eq(galleryImage.caseId, published.id), eq(galleryImage.format, 'webp')))
		.get()!;
	const variant = db
		.select()
		.from(photoVariant)
		.where(eq(photoVariant.photoId, fronts[0].id))
		.get()!;
	const post = db
		.insert(socialExport)
		.values({
			clinicId: clinician.clinicId,
			caseId: published.id,
			patientId: jordan.id,
			size: 'portrait',
			postedWhere: 'Instagram @democlinic',
			createdBy: clinician.id
		})
		.returning()
		.get();
	const consentId = db.$client
		.prepare("select id from consent where patient_id = ? and scope = 'photos_private'")
		.pluck()
		.get(jordan.id) as string;

	const owner = db.select().from(user).where(eq(user.email, EMAILS.owner)).get()!;
	const token = createApiToken(db, { user: owner, clinicId: owner.clinicId } as StaffActor, {
		name: 'Room 2 camera',
		userId: clinician.id
	});

	const ownerActor = { user: owner, clinicId: owner.clinicId } as StaffActor;
	const noor = db
		.insert(patient)
		.values({ clinicId: owner.clinicId, displayName: 'Noor Rahman', email: 'noor@example.test' })
		.returning()
		.get();
	// Handed over in person: a mailed one would change the outbox while the matrix runs.
	const patientInvite = handOverPatientLink(db, ownerActor, noor);
	const staffInvite = handOverStaffLink(db, ownerActor, {
		email: 'lena@example.test',
		name: 'Lena Park',
		role: 'clinician'
	});

	// inserted as the worker leaves it (no job), so nothing changes it while the matrix runs
	const failedMail = db
		.insert(mailMessage)
		.values({
			clinicId: owner.clinicId,
			kind: 'session_reminder',
			toAddress: 'jordan@example.test',
			subject: 'Your next visit is due',
			textBody: 'Hello',
			htmlBody: '<p>Hello</p>',
			messageId: '<matrix-failed@example.test>',
			status: 'failed',
			attempts: 1,
			lastError: '550 No such user'
		})
		.returning()
		.get();

	const logo = await replaceLogo(
		db,
		new LocalDiskStore(path.join(demo.dir, 'media')),
		ownerActor,
		await sharp({ create: { width: 600, height: 200, channels: 3, background: '#1d5c63' } })
			.png()
			.toBuffer()
	);

	const contexts: BrowserContext[] = [];
	const as = {} as Record<Actor, APIRequestContext>;
	for (const actor of ACTORS) {
		const context = await browser.newContext();
		contexts.push(context);
		if (actor !== 'anonymous') {
			await demo.signInAs(context, EMAILS[actor]);
		}
		as[actor] = context.request;
	}
	return {
		jordanId: jordan.id,
		courseId: co.id,
		sessionId: session.id,
		photoId: fronts[0].id,
		laterPhotoId: fronts.at(-1)!.id,
		consentId,
		clinicianId: clinician.id,
		caseId: published.id,
		casePageUrl: `${demo.baseURL}/c/demo/cases/${published.id}`,
		socialExportId: post.id,
		tokenId: token.id,
		patientInviteId: patientInvite.invitation.id,
		staffInviteId: staffInvite.invitation.id,
		failedMailId: failedMail.id,
		publicImage: `/media/public/${image.token}/${image.width}.webp`,
		privateImage: `/media/private/${fronts[0].id}/${variant.width}.${variant.format}`,
		logoImage: `/media/brand/${logo.key}.webp`,
		as,
		close: async () => {
			for (const c of contexts) {
				await c.close();
			}
		}
	};
}

/**
 * A digest of every row a request could change. Sessions (activity times), sign-in attempts
 * and the audit log (which records refusals too) are left out.
 */
/** Waits until the server's worker has no job left (a write in the background is no attacker's). */
async function queueSettled(demo: App, timeoutMs = 120_000) {
	const left = demo.db.$client.prepare(
		"select count(*) n from job where status in ('pending', 'running')"
	);
	const deadline = Date.now() + timeoutMs;
	while ((left.get() as { n: number }).n > 0) {
		if (Date.now() > deadline) {
			throw new Error('The server’s job queue did not settle within two minutes.');
		}
		await new Promise((r) => setTimeout(r, 200));
	}
}

export function fingerprint(demo: App): string {
	const sqlite = demo.db.$client;
	const tables = sqlite
		.prepare(
			"select name from sqlite_master where type = 'table' and name not like 'sqlite_%' and name not like '__drizzle%' and name not in ('session', 'sign_in_attempt', 'audit_event') order by name"
		)
		.pluck()
		.all() as string[];
	return tables
		.map(
			(t) => `${t}:${JSON.stringify(sqlite.prepare(`select * from "${t}" order by rowid`).all())}`
		)
		.join('\n');
}
