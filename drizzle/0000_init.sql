CREATE TABLE `audit_log` (
	`seq` integer PRIMARY KEY NOT NULL,
	`at` text NOT NULL,
	`actor_id` text,
	`actor_name` text,
	`action` text NOT NULL,
	`subject` text,
	`detail` text NOT NULL,
	`prev_hash` text NOT NULL,
	`hash` text NOT NULL
);
--> statement-breakpoint
CREATE INDEX `audit_log_subject` ON `audit_log` (`subject`,`seq`);--> statement-breakpoint
CREATE INDEX `audit_log_action` ON `audit_log` (`action`,`seq`);--> statement-breakpoint
CREATE TABLE `dms_accounts` (
	`dealer_code` text PRIMARY KEY NOT NULL,
	`name` text NOT NULL,
	`currency` text NOT NULL,
	`credit_limit` integer NOT NULL,
	`balance` integer NOT NULL,
	`unbilled` integer NOT NULL,
	`overdue` integer NOT NULL,
	`oldest_overdue_days` integer NOT NULL,
	`ageing_not_due` integer NOT NULL,
	`ageing_d1_30` integer NOT NULL,
	`ageing_d31_60` integer NOT NULL,
	`ageing_d61_90` integer NOT NULL,
	`ageing_d90_plus` integer NOT NULL,
	`blocked` integer NOT NULL,
	`payment_terms_days` integer NOT NULL,
	`version` integer NOT NULL,
	`updated_at` text,
	`raw` text NOT NULL
);
--> statement-breakpoint
CREATE INDEX `dms_accounts_overdue` ON `dms_accounts` (`oldest_overdue_days`);--> statement-breakpoint
CREATE TABLE `dms_credit_overrides` (
	`id` text PRIMARY KEY NOT NULL,
	`dealer_code` text NOT NULL,
	`platform_order_id` text NOT NULL,
	`amount` integer NOT NULL,
	`reason` text NOT NULL,
	`valid_until` text,
	`created_at` text NOT NULL,
	`version` integer NOT NULL,
	`updated_at` text,
	`raw` text NOT NULL
);
--> statement-breakpoint
CREATE INDEX `dms_credit_overrides_platform_order` ON `dms_credit_overrides` (`platform_order_id`);--> statement-breakpoint
CREATE INDEX `dms_credit_overrides_dealer` ON `dms_credit_overrides` (`dealer_code`,`created_at`);--> statement-breakpoint
CREATE TABLE `dms_invoices` (
	`id` text PRIMARY KEY NOT NULL,
	`number` text NOT NULL,
	`dealer_code` text NOT NULL,
	`order_id` text,
	`platform_order_id` text,
	`shipment_id` text,
	`issued_at` text NOT NULL,
	`due_date` text NOT NULL,
	`amount` integer NOT NULL,
	`outstanding` integer NOT NULL,
	`status` text NOT NULL,
	`version` integer NOT NULL,
	`updated_at` text,
	`raw` text NOT NULL
);
--> statement-breakpoint
CREATE INDEX `dms_invoices_dealer_due` ON `dms_invoices` (`dealer_code`,`due_date`);--> statement-breakpoint
CREATE INDEX `dms_invoices_dealer_issued` ON `dms_invoices` (`dealer_code`,`issued_at`);--> statement-breakpoint
CREATE INDEX `dms_invoices_platform_order` ON `dms_invoices` (`platform_order_id`);--> statement-breakpoint
CREATE INDEX `dms_invoices_order` ON `dms_invoices` (`order_id`);--> statement-breakpoint
CREATE TABLE `dms_order_lines` (
	`order_id` text NOT NULL,
	`line_no` integer NOT NULL,
	`sku` text NOT NULL,
	`qty` integer NOT NULL,
	`unit_price` integer NOT NULL,
	`tax_rate_bp` integer NOT NULL,
	`qty_allocated` integer NOT NULL,
	`qty_dispatched` integer NOT NULL,
	`qty_delivered` integer NOT NULL,
	`qty_returned` integer NOT NULL,
	PRIMARY KEY(`order_id`, `line_no`),
	FOREIGN KEY (`order_id`) REFERENCES `dms_orders`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE TABLE `dms_orders` (
	`id` text PRIMARY KEY NOT NULL,
	`number` text NOT NULL,
	`platform_order_id` text NOT NULL,
	`platform_order_number` text,
	`dealer_code` text NOT NULL,
	`status` text NOT NULL,
	`warehouse_id` text,
	`total` integer NOT NULL,
	`expected_dispatch_date` text,
	`shipment_count` integer NOT NULL,
	`cancelled_at` text,
	`created_at` text NOT NULL,
	`version` integer NOT NULL,
	`updated_at` text,
	`raw` text NOT NULL
);
--> statement-breakpoint
CREATE INDEX `dms_orders_platform_order` ON `dms_orders` (`platform_order_id`);--> statement-breakpoint
CREATE INDEX `dms_orders_number` ON `dms_orders` (`number`);--> statement-breakpoint
CREATE INDEX `dms_orders_dealer_created` ON `dms_orders` (`dealer_code`,`created_at`);--> statement-breakpoint
CREATE INDEX `dms_orders_status_created` ON `dms_orders` (`status`,`created_at`);--> statement-breakpoint
CREATE TABLE `dms_payments` (
	`id` text PRIMARY KEY NOT NULL,
	`dealer_code` text NOT NULL,
	`amount` integer NOT NULL,
	`received_at` text NOT NULL,
	`method` text,
	`reference` text,
	`version` integer NOT NULL,
	`updated_at` text,
	`raw` text NOT NULL
);
--> statement-breakpoint
CREATE INDEX `dms_payments_dealer_received` ON `dms_payments` (`dealer_code`,`received_at`);--> statement-breakpoint
CREATE TABLE `dms_returns` (
	`id` text PRIMARY KEY NOT NULL,
	`number` text NOT NULL,
	`dealer_code` text NOT NULL,
	`order_id` text NOT NULL,
	`platform_order_id` text,
	`credit_amount` integer NOT NULL,
	`qty_total` integer NOT NULL,
	`received_at` text NOT NULL,
	`version` integer NOT NULL,
	`updated_at` text,
	`raw` text NOT NULL
);
--> statement-breakpoint
CREATE INDEX `dms_returns_dealer_received` ON `dms_returns` (`dealer_code`,`received_at`);--> statement-breakpoint
CREATE INDEX `dms_returns_order` ON `dms_returns` (`order_id`);--> statement-breakpoint
CREATE TABLE `dms_shipments` (
	`id` text PRIMARY KEY NOT NULL,
	`order_id` text NOT NULL,
	`number` text NOT NULL,
	`dispatched_at` text NOT NULL,
	`carrier` text,
	`tracking_number` text,
	`vehicle_no` text,
	`eta` text,
	`delivered_at` text,
	`lines` text NOT NULL,
	FOREIGN KEY (`order_id`) REFERENCES `dms_orders`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE INDEX `dms_shipments_order` ON `dms_shipments` (`order_id`);--> statement-breakpoint
CREATE TABLE `dms_stock` (
	`id` text PRIMARY KEY NOT NULL,
	`sku` text NOT NULL,
	`warehouse_id` text NOT NULL,
	`on_hand` integer NOT NULL,
	`allocated` integer NOT NULL,
	`available` integer NOT NULL,
	`version` integer NOT NULL,
	`updated_at` text,
	`raw` text NOT NULL
);
--> statement-breakpoint
CREATE INDEX `dms_stock_sku` ON `dms_stock` (`sku`,`warehouse_id`);--> statement-breakpoint
CREATE TABLE `dms_warehouses` (
	`id` text PRIMARY KEY NOT NULL,
	`code` text NOT NULL,
	`name` text NOT NULL,
	`region` text NOT NULL,
	`version` integer NOT NULL,
	`updated_at` text,
	`raw` text NOT NULL
);
--> statement-breakpoint
CREATE TABLE `outbox` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`target` text NOT NULL,
	`kind` text NOT NULL,
	`entity_key` text NOT NULL,
	`idempotency_key` text NOT NULL,
	`method` text NOT NULL,
	`path` text NOT NULL,
	`payload` text NOT NULL,
	`if_match` text,
	`status` text DEFAULT 'pending' NOT NULL,
	`attempts` integer DEFAULT 0 NOT NULL,
	`next_attempt_at` text,
	`last_error` text,
	`last_status` integer,
	`result` text,
	`created_at` text NOT NULL,
	`updated_at` text NOT NULL,
	`created_by` text NOT NULL
);
--> statement-breakpoint
CREATE UNIQUE INDEX `outbox_idempotency_key_unique` ON `outbox` (`idempotency_key`);--> statement-breakpoint
CREATE INDEX `outbox_due` ON `outbox` (`status`,`next_attempt_at`);--> statement-breakpoint
CREATE INDEX `outbox_entity` ON `outbox` (`entity_key`,`id`);--> statement-breakpoint
CREATE INDEX `outbox_target_status` ON `outbox` (`target`,`status`);--> statement-breakpoint
CREATE TABLE `phone_order_drafts` (
	`id` text PRIMARY KEY NOT NULL,
	`account_id` text NOT NULL,
	`client_reference` text NOT NULL,
	`status` text NOT NULL,
	`lines` text NOT NULL,
	`notes` text,
	`requested_delivery_date` text,
	`outbox_id` integer,
	`created_by` text NOT NULL,
	`created_at` text NOT NULL,
	`updated_at` text NOT NULL
);
--> statement-breakpoint
CREATE UNIQUE INDEX `phone_order_drafts_client_reference_unique` ON `phone_order_drafts` (`client_reference`);--> statement-breakpoint
CREATE INDEX `phone_order_drafts_owner` ON `phone_order_drafts` (`created_by`,`status`,`updated_at`);--> statement-breakpoint
CREATE TABLE `platform_accounts` (
	`id` text PRIMARY KEY NOT NULL,
	`code` text NOT NULL,
	`name` text NOT NULL,
	`legal_name` text,
	`tax_id` text,
	`status` text NOT NULL,
	`region` text NOT NULL,
	`tier` text NOT NULL,
	`currency` text NOT NULL,
	`price_list_id` text NOT NULL,
	`payment_terms_days` integer NOT NULL,
	`phone` text,
	`email` text,
	`city` text,
	`state` text,
	`postal_code` text,
	`version` integer NOT NULL,
	`updated_at` text,
	`raw` text NOT NULL
);
--> statement-breakpoint
CREATE INDEX `platform_accounts_code` ON `platform_accounts` (`code`);--> statement-breakpoint
CREATE INDEX `platform_accounts_name` ON `platform_accounts` (lower("name"));--> statement-breakpoint
CREATE INDEX `platform_accounts_phone` ON `platform_accounts` (`phone`);--> statement-breakpoint
CREATE INDEX `platform_accounts_region_name` ON `platform_accounts` (`region`,`name`);--> statement-breakpoint
CREATE TABLE `platform_credit` (
	`account_id` text PRIMARY KEY NOT NULL,
	`credit_limit` integer NOT NULL,
	`exposure` integer NOT NULL,
	`overdue` integer NOT NULL,
	`oldest_overdue_days` integer NOT NULL,
	`blocked` integer NOT NULL,
	`as_of` text NOT NULL,
	`source_version` integer NOT NULL,
	`version` integer NOT NULL,
	`updated_at` text,
	`raw` text NOT NULL
);
--> statement-breakpoint
CREATE TABLE `platform_dealer_statuses` (
	`id` text PRIMARY KEY NOT NULL,
	`order_id` text NOT NULL,
	`status` text NOT NULL,
	`message` text NOT NULL,
	`eta` text,
	`tracking_carrier` text,
	`tracking_number` text,
	`tracking_url` text,
	`published_by_id` text NOT NULL,
	`published_by_name` text NOT NULL,
	`published_at` text NOT NULL,
	`version` integer NOT NULL,
	`updated_at` text,
	`raw` text NOT NULL
);
--> statement-breakpoint
CREATE INDEX `platform_dealer_statuses_order` ON `platform_dealer_statuses` (`order_id`,`published_at`);--> statement-breakpoint
CREATE TABLE `platform_order_approvals` (
	`order_id` text NOT NULL,
	`seq` integer NOT NULL,
	`by_id` text NOT NULL,
	`by_name` text NOT NULL,
	`role` text NOT NULL,
	`note` text,
	`at` text NOT NULL,
	PRIMARY KEY(`order_id`, `seq`),
	FOREIGN KEY (`order_id`) REFERENCES `platform_orders`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE TABLE `platform_order_lines` (
	`order_id` text NOT NULL,
	`line_no` integer NOT NULL,
	`sku` text NOT NULL,
	`qty` integer NOT NULL,
	`unit_price` integer NOT NULL,
	`list_price` integer,
	`price_override_reason` text,
	`tax_rate_bp` integer NOT NULL,
	`line_total` integer NOT NULL,
	`tax` integer NOT NULL,
	PRIMARY KEY(`order_id`, `line_no`),
	FOREIGN KEY (`order_id`) REFERENCES `platform_orders`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE TABLE `platform_orders` (
	`id` text PRIMARY KEY NOT NULL,
	`number` text NOT NULL,
	`account_id` text NOT NULL,
	`channel` text NOT NULL,
	`status` text NOT NULL,
	`placed_at` text NOT NULL,
	`placed_by_type` text NOT NULL,
	`placed_by_id` text NOT NULL,
	`placed_by_name` text NOT NULL,
	`client_reference` text,
	`currency` text NOT NULL,
	`subtotal` integer NOT NULL,
	`tax_total` integer NOT NULL,
	`total` integer NOT NULL,
	`line_count` integer NOT NULL,
	`requested_delivery_date` text,
	`has_notes` integer NOT NULL,
	`has_price_override` integer NOT NULL,
	`credit_result` text NOT NULL,
	`credit_checked_at` text NOT NULL,
	`credit_limit` integer NOT NULL,
	`credit_exposure` integer NOT NULL,
	`credit_available_after` integer NOT NULL,
	`hold_reasons` text NOT NULL,
	`approval_count` integer NOT NULL,
	`decision_outcome` text,
	`decided_at` text,
	`decided_by_id` text,
	`dms_order_id` text,
	`handed_over_at` text,
	`cancelled_at` text,
	`version` integer NOT NULL,
	`updated_at` text,
	`raw` text NOT NULL
);
--> statement-breakpoint
CREATE INDEX `platform_orders_status_placed` ON `platform_orders` (`status`,`placed_at`);--> statement-breakpoint
CREATE INDEX `platform_orders_placed` ON `platform_orders` (`placed_at`);--> statement-breakpoint
CREATE INDEX `platform_orders_channel_placed` ON `platform_orders` (`channel`,`placed_at`);--> statement-breakpoint
CREATE INDEX `platform_orders_number` ON `platform_orders` (`number`);--> statement-breakpoint
CREATE INDEX `platform_orders_account_placed` ON `platform_orders` (`account_id`,`placed_at`);--> statement-breakpoint
CREATE INDEX `platform_orders_account_status` ON `platform_orders` (`account_id`,`status`);--> statement-breakpoint
CREATE INDEX `platform_orders_client_reference` ON `platform_orders` (`account_id`,`client_reference`);--> statement-breakpoint
CREATE INDEX `platform_orders_dms_order` ON `platform_orders` (`dms_order_id`);--> statement-breakpoint
CREATE TABLE `platform_price_lists` (
	`id` text PRIMARY KEY NOT NULL,
	`name` text NOT NULL,
	`currency` text NOT NULL,
	`account_id` text,
	`version` integer NOT NULL,
	`updated_at` text,
	`raw` text NOT NULL
);
--> statement-breakpoint
CREATE INDEX `platform_price_lists_account` ON `platform_price_lists` (`account_id`);--> statement-breakpoint
CREATE TABLE `platform_prices` (
	`id` text PRIMARY KEY NOT NULL,
	`price_list_id` text NOT NULL,
	`sku` text NOT NULL,
	`min_qty` integer NOT NULL,
	`unit_price` integer NOT NULL,
	`valid_from` text,
	`valid_to` text,
	`version` integer NOT NULL,
	`updated_at` text,
	`raw` text NOT NULL
);
--> statement-breakpoint
CREATE INDEX `platform_prices_resolve` ON `platform_prices` (`price_list_id`,`sku`,`min_qty`);--> statement-breakpoint
CREATE TABLE `platform_products` (
	`sku` text PRIMARY KEY NOT NULL,
	`name` text NOT NULL,
	`category` text NOT NULL,
	`brand` text,
	`uom` text NOT NULL,
	`pack_size` integer NOT NULL,
	`min_order_qty` integer NOT NULL,
	`order_multiple` integer NOT NULL,
	`tax_rate_bp` integer NOT NULL,
	`barcode` text,
	`active` integer NOT NULL,
	`version` integer NOT NULL,
	`updated_at` text,
	`raw` text NOT NULL
);
--> statement-breakpoint
CREATE INDEX `platform_products_name` ON `platform_products` (lower("name"));--> statement-breakpoint
CREATE INDEX `platform_products_category` ON `platform_products` (`category`,`sku`);--> statement-breakpoint
CREATE INDEX `platform_products_barcode` ON `platform_products` (`barcode`);--> statement-breakpoint
CREATE TABLE `quarantine` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`source` text NOT NULL,
	`kind` text NOT NULL,
	`raw` text NOT NULL,
	`error` text NOT NULL,
	`received_at` text NOT NULL,
	`resolved_at` text
);
--> statement-breakpoint
CREATE INDEX `quarantine_open` ON `quarantine` (`resolved_at`,`received_at`);--> statement-breakpoint
CREATE TABLE `settings` (
	`key` text PRIMARY KEY NOT NULL,
	`value` text NOT NULL,
	`updated_at` text NOT NULL,
	`updated_by` text
);
--> statement-breakpoint
CREATE TABLE `staff` (
	`id` text PRIMARY KEY NOT NULL,
	`username` text NOT NULL,
	`display_name` text NOT NULL,
	`password_hash` text NOT NULL,
	`roles` text NOT NULL,
	`active` integer NOT NULL,
	`created_at` text NOT NULL,
	`updated_at` text NOT NULL
);
--> statement-breakpoint
CREATE UNIQUE INDEX `staff_username_unique` ON `staff` (`username`);--> statement-breakpoint
CREATE TABLE `staff_sessions` (
	`token_hash` text PRIMARY KEY NOT NULL,
	`staff_id` text NOT NULL,
	`created_at` text NOT NULL,
	`expires_at` text NOT NULL,
	`last_seen_at` text NOT NULL,
	`ended_at` text,
	`end_reason` text,
	FOREIGN KEY (`staff_id`) REFERENCES `staff`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `staff_sessions_staff` ON `staff_sessions` (`staff_id`);--> statement-breakpoint
CREATE TABLE `sync_cursors` (
	`source` text PRIMARY KEY NOT NULL,
	`feed_cursor` text,
	`snapshot_state` text,
	`snapshot_completed_at` text,
	`last_success_at` text,
	`last_error` text,
	`last_error_at` text,
	`updated_at` text NOT NULL
);
