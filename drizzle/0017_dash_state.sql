-- Manager dashboards (issue 11), hand-written: one state row per aggregate. On a desk whose replica already
-- holds records, `built` = 0 tells the first replica writer to rebuild that aggregate's days from the replica
-- (ensureDashboardAggregates); a fresh desk starts complete. The credit limits seen so far are the accounts'.
INSERT INTO `dash_state` (`aggregate`, `anchor_day`, `built`) VALUES
  ('dealer', NULL, CASE WHEN EXISTS (SELECT 1 FROM `dms_invoices`) OR EXISTS (SELECT 1 FROM `dms_returns`)
    OR EXISTS (SELECT 1 FROM `dms_orders`) THEN 0 ELSE 1 END),
  ('receivables', NULL, CASE WHEN EXISTS (SELECT 1 FROM `dms_invoices`) THEN 0 ELSE 1 END),
  ('payments', NULL, CASE WHEN EXISTS (SELECT 1 FROM `dms_payments`) THEN 0 ELSE 1 END),
  ('holdAccounts', NULL, CASE WHEN EXISTS (SELECT 1 FROM `platform_orders`) THEN 0 ELSE 1 END),
  ('holdDecisions', NULL, CASE WHEN EXISTS (SELECT 1 FROM `platform_orders`) THEN 0 ELSE 1 END),
  -- The dealers' figures table: its anchor is the day its rows were computed for (built is not used).
  ('figures', NULL, 1);
--> statement-breakpoint
INSERT INTO `dash_credit_limits` (`dealer_code`, `at`, `credit_limit`)
  SELECT `dealer_code`, `updated_at`, `credit_limit` FROM `dms_accounts` WHERE `updated_at` IS NOT NULL;
