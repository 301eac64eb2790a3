CREATE TABLE `social_export` (
	`id` text PRIMARY KEY NOT NULL,
	`clinic_id` text NOT NULL,
	`case_id` text NOT NULL,
	`patient_id` text NOT NULL,
	`size` text NOT NULL,
	`posted_where` text NOT NULL,
	`post_url` text,
	`created_by` text NOT NULL,
	`created_at` integer NOT NULL,
	`removed_at` integer,
	`removed_by` text,
	FOREIGN KEY (`clinic_id`) REFERENCES `clinic`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`case_id`) REFERENCES `gallery_case`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`patient_id`) REFERENCES `patient`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`created_by`) REFERENCES `user`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`removed_by`) REFERENCES `user`(`id`) ON UPDATE no action ON DELETE no action,
	CONSTRAINT "social_export_size_chk" CHECK("social_export"."size" in ('portrait','square','story')),
	CONSTRAINT "social_export_removed_chk" CHECK(("social_export"."removed_at" is null) = ("social_export"."removed_by" is null))
);
--> statement-breakpoint
CREATE INDEX `social_export_patient_idx` ON `social_export` (`patient_id`,`removed_at`);--> statement-breakpoint
CREATE INDEX `social_export_clinic_idx` ON `social_export` (`clinic_id`,`removed_at`);--> statement-breakpoint
PRAGMA foreign_keys=OFF;--> statement-breakpoint
CREATE TABLE `__new_consent` (
	`id` text PRIMARY KEY NOT NULL,
	`clinic_id` text NOT NULL,
	`patient_id` text NOT NULL,
	`scope` text NOT NULL,
	`text_version` text NOT NULL,
	`signed_name` text NOT NULL,
	`signature` text,
	`granted_at` integer NOT NULL,
	`expires_at` integer,
	`recorded_by` text NOT NULL,
	`revoked_at` integer,
	`revoked_reason` text,
	`revoked_by` text,
	FOREIGN KEY (`clinic_id`) REFERENCES `clinic`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`patient_id`) REFERENCES `patient`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`recorded_by`) REFERENCES `user`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`revoked_by`) REFERENCES `user`(`id`) ON UPDATE no action ON DELETE no action,
	CONSTRAINT "consent_scope_chk" CHECK("__new_consent"."scope" in ('treatment','photos_private','gallery_public','social_media')),
	CONSTRAINT "consent_revoke_chk" CHECK(("__new_consent"."revoked_at" is null) = ("__new_consent"."revoked_reason" is null))
);
--> statement-breakpoint
INSERT INTO `__new_consent`("id", "clinic_id", "patient_id", "scope", "text_version", "signed_name", "signature", "granted_at", "expires_at", "recorded_by", "revoked_at", "revoked_reason", "revoked_by") SELECT "id", "clinic_id", "patient_id", "scope", "text_version", "signed_name", "signature", "granted_at", "expires_at", "recorded_by", "revoked_at", "revoked_reason", "revoked_by" FROM `consent`;--> statement-breakpoint
DROP TABLE `consent`;--> statement-breakpoint
ALTER TABLE `__new_consent` RENAME TO `consent`;--> statement-breakpoint
PRAGMA foreign_keys=ON;--> statement-breakpoint
CREATE INDEX `consent_patient_idx` ON `consent` (`patient_id`,`scope`);--> statement-breakpoint
CREATE INDEX `consent_scope_idx` ON `consent` (`scope`,`revoked_at`,`patient_id`,`expires_at`);--> statement-breakpoint
-- The rebuild above (a new scope in the CHECK) dropped consent's triggers with the old table:
-- they are put back exactly as 0001 and 0013 left them.
CREATE TRIGGER consent_no_delete BEFORE DELETE ON consent
WHEN NOT EXISTS (SELECT 1 FROM erasure_pending WHERE patient_id = OLD.patient_id)
BEGIN
	SELECT RAISE(ABORT, 'consent rows are never deleted');
END;
--> statement-breakpoint
CREATE TRIGGER consent_revoke_only BEFORE UPDATE ON consent
WHEN OLD.revoked_at IS NOT NULL
	OR NEW.revoked_at IS NULL
	OR NEW.id IS NOT OLD.id
	OR NEW.clinic_id IS NOT OLD.clinic_id
	OR NEW.patient_id IS NOT OLD.patient_id
	OR NEW.scope IS NOT OLD.scope
	OR NEW.text_version IS NOT OLD.text_version
	OR NEW.signed_name IS NOT OLD.signed_name
	OR NEW.signature IS NOT OLD.signature
	OR NEW.granted_at IS NOT OLD.granted_at
	OR NEW.expires_at IS NOT OLD.expires_at
	OR NEW.recorded_by IS NOT OLD.recorded_by
BEGIN
	SELECT RAISE(ABORT, 'consent rows are never edited, only revoked once');
END;
--> statement-breakpoint
-- A social export is a record of something posted in the clinic's name: it accepts one change,
-- once (marked removed), and goes only with its patient's erasure.
CREATE TRIGGER social_export_removed_only BEFORE UPDATE ON social_export
WHEN OLD.removed_at IS NOT NULL
	OR NEW.removed_at IS NULL
	OR NEW.id IS NOT OLD.id
	OR NEW.clinic_id IS NOT OLD.clinic_id
	OR NEW.case_id IS NOT OLD.case_id
	OR NEW.patient_id IS NOT OLD.patient_id
	OR NEW.size IS NOT OLD.size
	OR NEW.posted_where IS NOT OLD.posted_where
	OR NEW.post_url IS NOT OLD.post_url
	OR NEW.created_by IS NOT OLD.created_by
	OR NEW.created_at IS NOT OLD.created_at
BEGIN
	SELECT RAISE(ABORT, 'social exports are never edited, only marked removed once');
END;
--> statement-breakpoint
CREATE TRIGGER social_export_no_delete BEFORE DELETE ON social_export
WHEN NOT EXISTS (SELECT 1 FROM erasure_pending WHERE patient_id = OLD.patient_id)
BEGIN
	SELECT RAISE(ABORT, 'social exports are never deleted');
END;
