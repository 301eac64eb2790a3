// Every table, one file per part of the product (tables/), gathered here for drizzle (the client's
// schema and drizzle-kit, see drizzle.config.ts) and for the rest of the code, which imports
// tables and row types from this one place.
export * from './tables/people';
export * from './tables/sign-in';
export * from './tables/clinical';
export * from './tables/gallery';
export * from './tables/platform';
export * from './tables/mail';
export * from './tables/front-desk';
export * from './tables/records';

import type { clinic, patient, user } from './tables/people';
import type {
	accountToken,
	apiToken,
	passkey,
	pendingSignIn,
	session,
	totpCredential,
	trustedDevice
} from './tables/sign-in';
import type { photo } from './tables/clinical';
import type { galleryCase, galleryImage } from './tables/gallery';
import type { mailMessage } from './tables/mail';
import type { patientContact } from './tables/front-desk';

export type User = typeof user.$inferSelect;
export type Session = typeof session.$inferSelect;
export type TrustedDevice = typeof trustedDevice.$inferSelect;
export type Clinic = typeof clinic.$inferSelect;
export type Patient = typeof patient.$inferSelect;
export type Photo = typeof photo.$inferSelect;
export type GalleryCase = typeof galleryCase.$inferSelect;
export type GalleryImage = typeof galleryImage.$inferSelect;
export type ApiToken = typeof apiToken.$inferSelect;
export type MailMessage = typeof mailMessage.$inferSelect;
export type AccountToken = typeof accountToken.$inferSelect;
export type TotpCredential = typeof totpCredential.$inferSelect;
export type Passkey = typeof passkey.$inferSelect;
export type PendingSignIn = typeof pendingSignIn.$inferSelect;
export type PatientContact = typeof patientContact.$inferSelect;
export type ConsentText = typeof import('./tables/records').consentText.$inferSelect;
export type PatientErasure = typeof import('./tables/records').patientErasure.$inferSelect;
