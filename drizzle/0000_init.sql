CREATE TABLE `audit_event` (
	`id` text PRIMARY KEY NOT NULL,
	`at` integer NOT NULL,
	`clinic_id` text,
	`actor_user_id` text,
	`action` text NOT NULL,
	`target_type` text,
	`target_id` text,
	`ip` text,
	`ok` integer NOT NULL,
	`detail` text,
	FOREIGN KEY (`clinic_id`) REFERENCES `clinic`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`actor_user_id`) REFERENCES `user`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `audit_event_clinic_idx` ON `audit_event` (`clinic_id`,`at`);--> statement-breakpoint
CREATE TABLE `clinic` (
	`id` text PRIMARY KEY NOT NULL,
	`slug` text NOT NULL,
	`name` text NOT NULL,
	`settings` text DEFAULT '{}' NOT NULL,
	`created_at` integer NOT NULL
);
--> statement-breakpoint
CREATE UNIQUE INDEX `clinic_slug_unique` ON `clinic` (`slug`);--> statement-breakpoint
CREATE TABLE `consent` (
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
	CONSTRAINT "consent_scope_chk" CHECK("consent"."scope" in ('treatment','photos_private','gallery_public')),
	CONSTRAINT "consent_revoke_chk" CHECK(("consent"."revoked_at" is null) = ("consent"."revoked_reason" is null))
);
--> statement-breakpoint
CREATE INDEX `consent_patient_idx` ON `consent` (`patient_id`,`scope`);--> statement-breakpoint
CREATE TABLE `course` (
	`id` text PRIMARY KEY NOT NULL,
	`clinic_id` text NOT NULL,
	`patient_id` text NOT NULL,
	`concern` text NOT NULL,
	`areas` text DEFAULT '[]' NOT NULL,
	`planned_sessions` integer NOT NULL,
	`interval_weeks` integer NOT NULL,
	`started_on` text NOT NULL,
	`created_at` integer NOT NULL,
	FOREIGN KEY (`clinic_id`) REFERENCES `clinic`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`patient_id`) REFERENCES `patient`(`id`) ON UPDATE no action ON DELETE no action,
	CONSTRAINT "course_planned_chk" CHECK("course"."planned_sessions" between 1 and 12),
	CONSTRAINT "course_interval_chk" CHECK("course"."interval_weeks" between 1 and 52)
);
--> statement-breakpoint
CREATE INDEX `course_patient_idx` ON `course` (`patient_id`);--> statement-breakpoint
CREATE TABLE `gallery_case` (
	`id` text PRIMARY KEY NOT NULL,
	`clinic_id` text NOT NULL,
	`patient_id` text NOT NULL,
	`course_id` text NOT NULL,
	`before_photo_id` text NOT NULL,
	`after_photo_id` text NOT NULL,
	`view` text NOT NULL,
	`title` text NOT NULL,
	`concern` text NOT NULL,
	`area` text NOT NULL,
	`fitzpatrick` integer,
	`sessions_count` integer NOT NULL,
	`weeks_elapsed` integer NOT NULL,
	`redactions` text DEFAULT '{}' NOT NULL,
	`status` text DEFAULT 'draft' NOT NULL,
	`created_by` text NOT NULL,
	`created_at` integer NOT NULL,
	`published_at` integer,
	`withdrawn_at` integer,
	FOREIGN KEY (`clinic_id`) REFERENCES `clinic`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`patient_id`) REFERENCES `patient`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`course_id`) REFERENCES `course`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`before_photo_id`) REFERENCES `photo`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`after_photo_id`) REFERENCES `photo`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`created_by`) REFERENCES `user`(`id`) ON UPDATE no action ON DELETE no action,
	CONSTRAINT "gallery_case_status_chk" CHECK("gallery_case"."status" in ('draft','published','withdrawn'))
);
--> statement-breakpoint
CREATE INDEX `gallery_case_public_idx` ON `gallery_case` (`clinic_id`,`status`,`published_at`);--> statement-breakpoint
CREATE INDEX `gallery_case_patient_idx` ON `gallery_case` (`patient_id`);--> statement-breakpoint
CREATE TABLE `invitation` (
	`id` text PRIMARY KEY NOT NULL,
	`clinic_id` text NOT NULL,
	`token_hash` text NOT NULL,
	`email` text NOT NULL,
	`name` text NOT NULL,
	`role` text NOT NULL,
	`patient_id` text,
	`created_by` text NOT NULL,
	`created_at` integer NOT NULL,
	`expires_at` integer NOT NULL,
	`used_at` integer,
	`revoked_at` integer,
	FOREIGN KEY (`clinic_id`) REFERENCES `clinic`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`patient_id`) REFERENCES `patient`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`created_by`) REFERENCES `user`(`id`) ON UPDATE no action ON DELETE no action,
	CONSTRAINT "invitation_patient_chk" CHECK(("invitation"."role" = 'patient') = ("invitation"."patient_id" is not null))
);
--> statement-breakpoint
CREATE INDEX `invitation_clinic_idx` ON `invitation` (`clinic_id`);--> statement-breakpoint
CREATE TABLE `job` (
	`id` text PRIMARY KEY NOT NULL,
	`kind` text NOT NULL,
	`payload` text NOT NULL,
	`status` text DEFAULT 'pending' NOT NULL,
	`attempts` integer DEFAULT 0 NOT NULL,
	`run_after` integer NOT NULL,
	`last_error` text,
	`created_at` integer NOT NULL
);
--> statement-breakpoint
CREATE INDEX `job_ready_idx` ON `job` (`status`,`run_after`);--> statement-breakpoint
CREATE TABLE `patient` (
	`id` text PRIMARY KEY NOT NULL,
	`clinic_id` text NOT NULL,
	`user_id` text,
	`display_name` text NOT NULL,
	`email` text,
	`birth_year` integer,
	`fitzpatrick` integer,
	`concerns` text DEFAULT '[]' NOT NULL,
	`created_at` integer NOT NULL,
	`archived_at` integer,
	FOREIGN KEY (`clinic_id`) REFERENCES `clinic`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`user_id`) REFERENCES `user`(`id`) ON UPDATE no action ON DELETE no action,
	CONSTRAINT "patient_fitzpatrick_chk" CHECK("patient"."fitzpatrick" between 1 and 6),
	CONSTRAINT "patient_birth_year_chk" CHECK("patient"."birth_year" between 1900 and 2100)
);
--> statement-breakpoint
CREATE UNIQUE INDEX `patient_user_id_unique` ON `patient` (`user_id`);--> statement-breakpoint
CREATE INDEX `patient_clinic_idx` ON `patient` (`clinic_id`,`display_name`);--> statement-breakpoint
CREATE TABLE `photo` (
	`id` text PRIMARY KEY NOT NULL,
	`clinic_id` text NOT NULL,
	`patient_id` text NOT NULL,
	`session_id` text,
	`view` text NOT NULL,
	`role` text,
	`taken_on` text NOT NULL,
	`status` text NOT NULL,
	`failure_reason` text,
	`width` integer,
	`height` integer,
	`sha256` text NOT NULL,
	`placeholder` text,
	`original_key` text NOT NULL,
	`original_type` text NOT NULL,
	`original_bytes` integer NOT NULL,
	`uploaded_by` text NOT NULL,
	`created_at` integer NOT NULL,
	`deleted_at` integer,
	FOREIGN KEY (`clinic_id`) REFERENCES `clinic`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`patient_id`) REFERENCES `patient`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`session_id`) REFERENCES `treatment_session`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`uploaded_by`) REFERENCES `user`(`id`) ON UPDATE no action ON DELETE no action,
	CONSTRAINT "photo_view_chk" CHECK("photo"."view" in ('front','left45','right45','left90','right90','custom')),
	CONSTRAINT "photo_status_chk" CHECK("photo"."status" in ('processing','ready','failed'))
);
--> statement-breakpoint
CREATE INDEX `photo_patient_idx` ON `photo` (`patient_id`,`taken_on`);--> statement-breakpoint
CREATE INDEX `photo_session_idx` ON `photo` (`session_id`);--> statement-breakpoint
CREATE INDEX `photo_status_idx` ON `photo` (`clinic_id`,`status`);--> statement-breakpoint
CREATE TABLE `photo_variant` (
	`photo_id` text NOT NULL,
	`width` integer NOT NULL,
	`height` integer NOT NULL,
	`format` text NOT NULL,
	`bytes` integer NOT NULL,
	`key` text NOT NULL,
	PRIMARY KEY(`photo_id`, `width`, `format`),
	FOREIGN KEY (`photo_id`) REFERENCES `photo`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE UNIQUE INDEX `photo_variant_key_unique` ON `photo_variant` (`key`);--> statement-breakpoint
CREATE TABLE `session` (
	`id` text PRIMARY KEY NOT NULL,
	`user_id` text NOT NULL,
	`secret_hash` text NOT NULL,
	`created_at` integer NOT NULL,
	`last_verified_at` integer NOT NULL,
	`expires_at` integer NOT NULL,
	FOREIGN KEY (`user_id`) REFERENCES `user`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE INDEX `session_user_idx` ON `session` (`user_id`);--> statement-breakpoint
CREATE TABLE `sign_in_attempt` (
	`key` text PRIMARY KEY NOT NULL,
	`failures` integer NOT NULL,
	`locked_until` integer NOT NULL,
	`last_failure_at` integer NOT NULL
);
--> statement-breakpoint
CREATE TABLE `treatment_session` (
	`id` text PRIMARY KEY NOT NULL,
	`clinic_id` text NOT NULL,
	`course_id` text NOT NULL,
	`performed_on` text NOT NULL,
	`device` text DEFAULT 'SkinPen' NOT NULL,
	`needle_depth_mm` text DEFAULT '{}' NOT NULL,
	`passes` integer,
	`numbing` integer DEFAULT false NOT NULL,
	`grade` integer,
	`grade_score` integer,
	`patient_self_rating` integer,
	`patient_note` text,
	`side_effects` text,
	`notes` text,
	`created_at` integer NOT NULL,
	FOREIGN KEY (`clinic_id`) REFERENCES `clinic`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`course_id`) REFERENCES `course`(`id`) ON UPDATE no action ON DELETE no action,
	CONSTRAINT "treatment_session_grade_chk" CHECK("treatment_session"."grade" between 1 and 4),
	CONSTRAINT "treatment_session_rating_chk" CHECK("treatment_session"."patient_self_rating" between 0 and 10),
	CONSTRAINT "treatment_session_passes_chk" CHECK("treatment_session"."passes" between 1 and 20)
);
--> statement-breakpoint
CREATE INDEX `treatment_session_course_idx` ON `treatment_session` (`course_id`,`performed_on`);--> statement-breakpoint
CREATE TABLE `user` (
	`id` text PRIMARY KEY NOT NULL,
	`clinic_id` text NOT NULL,
	`email` text NOT NULL,
	`name` text NOT NULL,
	`role` text NOT NULL,
	`password_hash` text NOT NULL,
	`created_at` integer NOT NULL,
	`disabled_at` integer,
	FOREIGN KEY (`clinic_id`) REFERENCES `clinic`(`id`) ON UPDATE no action ON DELETE no action,
	CONSTRAINT "user_role_chk" CHECK("user"."role" in ('owner','clinician','frontdesk','patient')),
	CONSTRAINT "user_email_lower_chk" CHECK("user"."email" = lower("user"."email"))
);
--> statement-breakpoint
CREATE UNIQUE INDEX `user_email_unique` ON `user` (`email`);--> statement-breakpoint
CREATE INDEX `user_clinic_idx` ON `user` (`clinic_id`);