CREATE TABLE `gallery_image` (
	`token` text NOT NULL,
	`case_id` text NOT NULL,
	`clinic_id` text NOT NULL,
	`which` text NOT NULL,
	`width` integer NOT NULL,
	`height` integer NOT NULL,
	`format` text NOT NULL,
	`bytes` integer NOT NULL,
	`key` text NOT NULL,
	`placeholder` text,
	PRIMARY KEY(`token`, `width`, `format`),
	FOREIGN KEY (`case_id`) REFERENCES `gallery_case`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`clinic_id`) REFERENCES `clinic`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE UNIQUE INDEX `gallery_image_key_unique` ON `gallery_image` (`key`);--> statement-breakpoint
CREATE INDEX `gallery_image_case_idx` ON `gallery_image` (`case_id`);--> statement-breakpoint
ALTER TABLE `gallery_case` ADD `description` text;