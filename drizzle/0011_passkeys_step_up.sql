CREATE TABLE `webauthn_challenge` (
	`id` text PRIMARY KEY NOT NULL,
	`secret_hash` text NOT NULL,
	`purpose` text NOT NULL,
	`user_id` text,
	`session_id` text,
	`challenge` text NOT NULL,
	`created_at` integer NOT NULL,
	`expires_at` integer NOT NULL,
	FOREIGN KEY (`user_id`) REFERENCES `user`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`session_id`) REFERENCES `session`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE INDEX `webauthn_challenge_expires_idx` ON `webauthn_challenge` (`expires_at`);--> statement-breakpoint
ALTER TABLE `session` ADD `password_at` integer;