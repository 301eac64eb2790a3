CREATE TABLE `photo_alignment` (
	`photo_id` text PRIMARY KEY NOT NULL,
	`baseline_id` text,
	`status` text NOT NULL,
	`reason` text,
	`method` text,
	`confidence` real,
	`scale` real,
	`rotation_deg` real,
	`dx` real,
	`dy` real,
	`face` text,
	`quality` text,
	`analysed_at` integer NOT NULL,
	FOREIGN KEY (`photo_id`) REFERENCES `photo`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`baseline_id`) REFERENCES `photo`(`id`) ON UPDATE no action ON DELETE set null,
	CONSTRAINT "photo_alignment_status_chk" CHECK("photo_alignment"."status" in ('baseline','aligned','unsure','failed'))
);
--> statement-breakpoint
CREATE INDEX `photo_alignment_baseline_idx` ON `photo_alignment` (`baseline_id`);