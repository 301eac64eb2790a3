CREATE TABLE `account_token` (
	`id` text PRIMARY KEY NOT NULL,
	`user_id` text NOT NULL,
	`purpose` text NOT NULL,
	`secret_hash` text NOT NULL,
	`new_email` text,
	`created_at` integer NOT NULL,
	`expires_at` integer NOT NULL,
	`used_at` integer,
	FOREIGN KEY (`user_id`) REFERENCES `user`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE INDEX `account_token_user_idx` ON `account_token` (`user_id`,`purpose`);--> statement-breakpoint
CREATE TABLE `mail_message` (
	`id` text PRIMARY KEY NOT NULL,
	`clinic_id` text NOT NULL,
	`kind` text NOT NULL,
	`to_address` text NOT NULL,
	`subject` text NOT NULL,
	`text_body` text,
	`html_body` text,
	`headers` text DEFAULT '{}' NOT NULL,
	`message_id` text NOT NULL,
	`dedupe_key` text,
	`patient_id` text,
	`user_id` text,
	`status` text DEFAULT 'queued' NOT NULL,
	`attempts` integer DEFAULT 0 NOT NULL,
	`last_error` text,
	`smtp_response` text,
	`transport` text,
	`created_at` integer NOT NULL,
	`sent_at` integer,
	FOREIGN KEY (`clinic_id`) REFERENCES `clinic`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`patient_id`) REFERENCES `patient`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`user_id`) REFERENCES `user`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE UNIQUE INDEX `mail_message_message_id_unique` ON `mail_message` (`message_id`);--> statement-breakpoint
CREATE UNIQUE INDEX `mail_message_dedupe_key_unique` ON `mail_message` (`dedupe_key`);--> statement-breakpoint
CREATE INDEX `mail_message_clinic_idx` ON `mail_message` (`clinic_id`,`created_at`);--> statement-breakpoint
CREATE INDEX `mail_message_patient_idx` ON `mail_message` (`patient_id`);--> statement-breakpoint
CREATE TABLE `mail_preference` (
	`patient_id` text NOT NULL,
	`kind` text NOT NULL,
	`token` text NOT NULL,
	`unsubscribed_at` integer,
	`created_at` integer NOT NULL,
	PRIMARY KEY(`patient_id`, `kind`),
	FOREIGN KEY (`patient_id`) REFERENCES `patient`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE UNIQUE INDEX `mail_preference_token_unique` ON `mail_preference` (`token`);