-- Manager dashboards: dealers whose figures are behind their window sums (marked by the replica writer, recomputed
-- by a reader before it reads the figures). WITHOUT ROWID added by hand: the table is only ever looked up and
-- walked by its key.
CREATE TABLE `dash_figures_stale` (
	`dealer_code` text PRIMARY KEY NOT NULL
) WITHOUT ROWID;
