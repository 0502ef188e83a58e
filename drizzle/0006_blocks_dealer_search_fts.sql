-- Hand-written (drizzle-kit generate --custom). Dealer search (issues 7 and 11): substring matching of
-- dealer_search_terms.folded through an FTS5 trigram index (external content, the rowid is the term's id),
-- kept in step by triggers. The observer only inserts and deletes terms (an account's terms are replaced
-- whole), so there is no update trigger. Rows written before this migration are indexed by the backend's
-- dealer-search start-up check (indexMissingDealers), not here: phone normalisation lives in TypeScript.
CREATE VIRTUAL TABLE `dealer_search_terms_fts` USING fts5(
  folded, content='dealer_search_terms', content_rowid='id', tokenize='trigram remove_diacritics 1'
);
--> statement-breakpoint
CREATE TRIGGER `dealer_search_terms_fts_ai` AFTER INSERT ON `dealer_search_terms`
BEGIN
  INSERT INTO dealer_search_terms_fts(rowid, folded) VALUES (new.id, new.folded);
END;
--> statement-breakpoint
CREATE TRIGGER `dealer_search_terms_fts_ad` AFTER DELETE ON `dealer_search_terms`
BEGIN
  INSERT INTO dealer_search_terms_fts(dealer_search_terms_fts, rowid, folded) VALUES ('delete', old.id, old.folded);
END;
--> statement-breakpoint
CREATE TRIGGER `dealer_search_terms_fts_au` AFTER UPDATE ON `dealer_search_terms`
BEGIN
  INSERT INTO dealer_search_terms_fts(dealer_search_terms_fts, rowid, folded) VALUES ('delete', old.id, old.folded);
  INSERT INTO dealer_search_terms_fts(rowid, folded) VALUES (new.id, new.folded);
END;
