-- Hand-written (drizzle-kit generate --custom): what drizzle's schema builder cannot express.
-- 1. The audit log is append-only: UPDATE and DELETE are refused by the database itself.
CREATE TRIGGER `audit_log_no_update` BEFORE UPDATE ON `audit_log`
BEGIN
  SELECT RAISE(ABORT, 'audit_log is append-only');
END;
--> statement-breakpoint
CREATE TRIGGER `audit_log_no_delete` BEFORE DELETE ON `audit_log`
BEGIN
  SELECT RAISE(ABORT, 'audit_log is append-only');
END;
--> statement-breakpoint
-- 2. Search as you type over dealers (code, name, phone, town, ...) and SKUs: FTS5 with the trigram
-- tokenizer answers substring queries of 3+ characters from an index instead of scanning the table.
-- External content (rows live once, in the replica table), kept in step by triggers, so the sync
-- engine's plain upserts maintain it. The FTS rowid is the replica row's rowid; the app never runs VACUUM
-- (which may renumber rowids); if it ever does, it must run the 'rebuild' command afterwards.
CREATE VIRTUAL TABLE `platform_accounts_fts` USING fts5(
  code, name, legal_name, phone, city, state, postal_code, region,
  content='platform_accounts', tokenize='trigram remove_diacritics 1'
);
--> statement-breakpoint
CREATE TRIGGER `platform_accounts_fts_ai` AFTER INSERT ON `platform_accounts`
BEGIN
  INSERT INTO platform_accounts_fts(rowid, code, name, legal_name, phone, city, state, postal_code, region)
  VALUES (new.rowid, new.code, new.name, new.legal_name, new.phone, new.city, new.state, new.postal_code, new.region);
END;
--> statement-breakpoint
CREATE TRIGGER `platform_accounts_fts_ad` AFTER DELETE ON `platform_accounts`
BEGIN
  INSERT INTO platform_accounts_fts(platform_accounts_fts, rowid, code, name, legal_name, phone, city, state, postal_code, region)
  VALUES ('delete', old.rowid, old.code, old.name, old.legal_name, old.phone, old.city, old.state, old.postal_code, old.region);
END;
--> statement-breakpoint
CREATE TRIGGER `platform_accounts_fts_au` AFTER UPDATE OF code, name, legal_name, phone, city, state, postal_code, region ON `platform_accounts`
BEGIN
  INSERT INTO platform_accounts_fts(platform_accounts_fts, rowid, code, name, legal_name, phone, city, state, postal_code, region)
  VALUES ('delete', old.rowid, old.code, old.name, old.legal_name, old.phone, old.city, old.state, old.postal_code, old.region);
  INSERT INTO platform_accounts_fts(rowid, code, name, legal_name, phone, city, state, postal_code, region)
  VALUES (new.rowid, new.code, new.name, new.legal_name, new.phone, new.city, new.state, new.postal_code, new.region);
END;
--> statement-breakpoint
CREATE VIRTUAL TABLE `platform_products_fts` USING fts5(
  sku, name, brand, category, barcode,
  content='platform_products', tokenize='trigram remove_diacritics 1'
);
--> statement-breakpoint
CREATE TRIGGER `platform_products_fts_ai` AFTER INSERT ON `platform_products`
BEGIN
  INSERT INTO platform_products_fts(rowid, sku, name, brand, category, barcode)
  VALUES (new.rowid, new.sku, new.name, new.brand, new.category, new.barcode);
END;
--> statement-breakpoint
CREATE TRIGGER `platform_products_fts_ad` AFTER DELETE ON `platform_products`
BEGIN
  INSERT INTO platform_products_fts(platform_products_fts, rowid, sku, name, brand, category, barcode)
  VALUES ('delete', old.rowid, old.sku, old.name, old.brand, old.category, old.barcode);
END;
--> statement-breakpoint
CREATE TRIGGER `platform_products_fts_au` AFTER UPDATE OF sku, name, brand, category, barcode ON `platform_products`
BEGIN
  INSERT INTO platform_products_fts(platform_products_fts, rowid, sku, name, brand, category, barcode)
  VALUES ('delete', old.rowid, old.sku, old.name, old.brand, old.category, old.barcode);
  INSERT INTO platform_products_fts(rowid, sku, name, brand, category, barcode)
  VALUES (new.rowid, new.sku, new.name, new.brand, new.category, new.barcode);
END;
