-- Phone order desk (issue 7): drafts keep the dealer-waiting mark, a revision (a save from a stale window is refused), when and at what total they were submitted, and indexes for the clerk's list and the 24-hour duplicate warning.
ALTER TABLE `phone_order_drafts` ADD `dealer_waiting` integer DEFAULT false NOT NULL;--> statement-breakpoint
ALTER TABLE `phone_order_drafts` ADD `revision` integer DEFAULT 1 NOT NULL;--> statement-breakpoint
ALTER TABLE `phone_order_drafts` ADD `submitted_at` text;--> statement-breakpoint
ALTER TABLE `phone_order_drafts` ADD `submitted_total` integer;--> statement-breakpoint
CREATE INDEX `phone_order_drafts_submitted` ON `phone_order_drafts` (`created_by`,`submitted_at`);--> statement-breakpoint
CREATE INDEX `phone_order_drafts_account_submitted` ON `phone_order_drafts` (`account_id`,`submitted_at`);