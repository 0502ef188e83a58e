-- Dealer-visible status (issue 9): a review item set aside by staff is "skipped" (with a reason) in the
-- publish queue, one word in UI, backend and tests; items dismissed before that keep their history under it.
UPDATE `dealer_status_reviews` SET `state` = 'skipped', `skip_reason` = 'Dismissed (before reasons were asked for)' WHERE `state` = 'dismissed';
