PRAGMA foreign_keys=OFF;--> statement-breakpoint
CREATE TABLE `__new_invitation` (
	`id` text PRIMARY KEY NOT NULL,
	`clinic_id` text NOT NULL,
	`token_hash` text,
	`email` text NOT NULL,
	`name` text NOT NULL,
	`role` text NOT NULL,
	`patient_id` text,
	`created_by` text NOT NULL,
	`created_at` integer NOT NULL,
	`confirmed_by` text,
	`confirmed_at` integer,
	`expires_at` integer NOT NULL,
	`used_at` integer,
	`revoked_at` integer,
	`revoked_reason` text,
	FOREIGN KEY (`clinic_id`) REFERENCES `clinic`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`patient_id`) REFERENCES `patient`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`created_by`) REFERENCES `user`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`confirmed_by`) REFERENCES `user`(`id`) ON UPDATE no action ON DELETE no action,
	CONSTRAINT "invitation_patient_chk" CHECK(("__new_invitation"."role" = 'patient') = ("__new_invitation"."patient_id" is not null)),
	CONSTRAINT "invitation_confirmed_chk" CHECK(("__new_invitation"."token_hash" is null) = ("__new_invitation"."confirmed_by" is null))
);
--> statement-breakpoint
-- Links issued before confirmation existed were confirmed by their creator. A patient link still
-- open that was made by someone without photo access (front desk) is withdrawn: that person
-- may hold it (issue 11). Hand-edited: drizzle-kit selected the new columns from the old table.
INSERT INTO `__new_invitation`("id", "clinic_id", "token_hash", "email", "name", "role", "patient_id", "created_by", "created_at", "confirmed_by", "confirmed_at", "expires_at", "used_at", "revoked_at", "revoked_reason")
SELECT "id", "clinic_id", "token_hash", "email", "name", "role", "patient_id", "created_by", "created_at", "created_by", "created_at", "expires_at", "used_at",
	CASE WHEN "used_at" IS NULL AND "revoked_at" IS NULL AND "role" = 'patient'
		AND (SELECT u."role" FROM `user` u WHERE u."id" = "invitation"."created_by") NOT IN ('owner', 'clinician')
	THEN CAST(strftime('%s', 'now') AS INTEGER) * 1000 ELSE "revoked_at" END,
	CASE WHEN "used_at" IS NULL AND "revoked_at" IS NULL AND "role" = 'patient'
		AND (SELECT u."role" FROM `user` u WHERE u."id" = "invitation"."created_by") NOT IN ('owner', 'clinician')
	THEN 'issued without photo access' ELSE NULL END
FROM `invitation`;--> statement-breakpoint
DROP TABLE `invitation`;--> statement-breakpoint
ALTER TABLE `__new_invitation` RENAME TO `invitation`;--> statement-breakpoint
PRAGMA foreign_keys=ON;--> statement-breakpoint
CREATE INDEX `invitation_clinic_idx` ON `invitation` (`clinic_id`);