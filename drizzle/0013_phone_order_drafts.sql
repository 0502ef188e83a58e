-- Phone order desk (issue 7): drafts keep the dealer-waiting mark, a revision (a save from a stale window is refused), when and at what total they were submitted, and indexes for the clerk's list and the 24-hour duplicate warning; the price-resolution and stock-by-SKU indexes become covering (the 50-line preview reads prices and stock from the index alone).
DROP INDEX `dms_stock_sku`;--> statement-breakpoint
CREATE INDEX `dms_stock_sku` ON `dms_stock` (`sku`,`warehouse_id`,`available`);--> statement-breakpoint
DROP INDEX `platform_prices_resolve`;--> statement-breakpoint
CREATE INDEX `platform_prices_resolve` ON `platform_prices` (`price_list_id`,`sku`,`min_qty`,`unit_price`,`valid_from`,`valid_to`);--> statement-breakpoint
ALTER TABLE `phone_order_drafts` ADD `dealer_waiting` integer DEFAULT false NOT NULL;--> statement-breakpoint
ALTER TABLE `phone_order_drafts` ADD `revision` integer DEFAULT 1 NOT NULL;--> statement-breakpoint
ALTER TABLE `phone_order_drafts` ADD `submitted_at` text;--> statement-breakpoint
ALTER TABLE `phone_order_drafts` ADD `submitted_total` integer;--> statement-breakpoint
CREATE INDEX `phone_order_drafts_submitted` ON `phone_order_drafts` (`created_by`,`submitted_at`);--> statement-breakpoint
CREATE INDEX `phone_order_drafts_account_submitted` ON `phone_order_drafts` (`account_id`,`submitted_at`);