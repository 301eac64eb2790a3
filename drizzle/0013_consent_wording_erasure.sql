CREATE TABLE `consent_text` (
	`id` text PRIMARY KEY NOT NULL,
	`clinic_id` text NOT NULL,
	`scope` text NOT NULL,
	`version` text NOT NULL,
	`seq` integer NOT NULL,
	`text` text NOT NULL,
	`material` integer DEFAULT false NOT NULL,
	`note` text,
	`created_by` text,
	`created_at` integer NOT NULL,
	FOREIGN KEY (`clinic_id`) REFERENCES `clinic`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`created_by`) REFERENCES `user`(`id`) ON UPDATE no action ON DELETE no action,
	CONSTRAINT "consent_text_seq_chk" CHECK("consent_text"."seq" >= 1)
);
--> statement-breakpoint
CREATE UNIQUE INDEX `consent_text_version_uq` ON `consent_text` (`clinic_id`,`version`);--> statement-breakpoint
CREATE UNIQUE INDEX `consent_text_seq_uq` ON `consent_text` (`clinic_id`,`scope`,`seq`);--> statement-breakpoint
CREATE TABLE `erasure_pending` (
	`patient_id` text PRIMARY KEY NOT NULL
);
--> statement-breakpoint
CREATE TABLE `patient_erasure` (
	`id` text PRIMARY KEY NOT NULL,
	`clinic_id` text NOT NULL,
	`erased_at` integer NOT NULL,
	`erased_by` text,
	`reason` text NOT NULL,
	`removed` text NOT NULL,
	FOREIGN KEY (`clinic_id`) REFERENCES `clinic`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`erased_by`) REFERENCES `user`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `patient_erasure_clinic_idx` ON `patient_erasure` (`clinic_id`,`erased_at`);--> statement-breakpoint
ALTER TABLE `audit_event` ADD `erased_at` integer;--> statement-breakpoint
-- Consent wording is history too: a version, once saved, is what its signers agreed to.
CREATE TRIGGER consent_text_no_update BEFORE UPDATE ON consent_text
BEGIN
	SELECT RAISE(ABORT, 'consent wording versions are never edited; save a new version');
END;
--> statement-breakpoint
CREATE TRIGGER consent_text_no_delete BEFORE DELETE ON consent_text
BEGIN
	SELECT RAISE(ABORT, 'consent wording versions are never deleted');
END;
--> statement-breakpoint
-- Erasure (GDPR Art. 17) is the one exception to "consent rows are never deleted": the rows
-- of a patient being erased, inside the erasure's transaction (erasure_pending), may go.
DROP TRIGGER consent_no_delete;
--> statement-breakpoint
CREATE TRIGGER consent_no_delete BEFORE DELETE ON consent
WHEN NOT EXISTS (SELECT 1 FROM erasure_pending WHERE patient_id = OLD.patient_id)
BEGIN
	SELECT RAISE(ABORT, 'consent rows are never deleted');
END;
--> statement-breakpoint
-- An audit row accepts one change, once: de-identification by an erasure. What happened, when,
-- in which clinic and with what outcome stay; the pointers to the person may be cleared, and
-- the target may be re-pointed at the erasure's tombstone.
DROP TRIGGER audit_event_no_update;
--> statement-breakpoint
CREATE TRIGGER audit_event_no_update BEFORE UPDATE ON audit_event
WHEN OLD.erased_at IS NOT NULL
	OR NEW.erased_at IS NULL
	OR NEW.id IS NOT OLD.id
	OR NEW.at IS NOT OLD.at
	OR NEW.clinic_id IS NOT OLD.clinic_id
	OR NEW.action IS NOT OLD.action
	OR NEW.ok IS NOT OLD.ok
	OR (NEW.actor_user_id IS NOT OLD.actor_user_id AND NEW.actor_user_id IS NOT NULL)
	OR (NEW.ip IS NOT OLD.ip AND NEW.ip IS NOT NULL)
	OR (NEW.detail IS NOT OLD.detail AND NEW.detail IS NOT NULL)
	OR (
		(NEW.target_type IS NOT OLD.target_type OR NEW.target_id IS NOT OLD.target_id)
		AND NOT (NEW.target_type IS NULL AND NEW.target_id IS NULL)
		AND NOT (
			NEW.target_type = 'erasure'
			AND NEW.target_id IN (SELECT id FROM patient_erasure WHERE clinic_id IS NEW.clinic_id)
		)
	)
BEGIN
	SELECT RAISE(ABORT, 'audit_event is append-only');
END;
