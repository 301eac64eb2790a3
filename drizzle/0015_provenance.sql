CREATE TABLE `signing_key` (
	`id` text PRIMARY KEY NOT NULL,
	`public_key` text NOT NULL,
	`private_key` text NOT NULL,
	`created_at` integer NOT NULL
);
--> statement-breakpoint
ALTER TABLE `gallery_case` ADD `provenance` text;--> statement-breakpoint
ALTER TABLE `gallery_image` ADD `sha256` text;