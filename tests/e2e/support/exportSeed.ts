// The outbox items exportHost.ts seeds, so the export test can check the downloaded file against them.

/** What item `i` (1-based, = its outbox id) looks like; the test checks the export against it. */
export function seededItem(i: number) {
  const failed = i % 10 === 0;
  return {
    target: i % 2 ? 'dms' : 'platform',
    kind: i % 2 ? 'dms.createOrder' : 'platform.putCredit',
    entityKey: i % 2 ? `order:po-${i}` : `account:acc-${i}`,
    status: failed ? 'failed' : 'pending',
    attempts: failed ? 3 : 0,
    lastStatus: failed ? 422 : null,
    lastError: failed ? `=The DMS refused order po-${i}: account on stop` : null,
    createdAt: new Date(Date.UTC(2026, 9, 1) + i * 20_000).toISOString(),
  };
}
