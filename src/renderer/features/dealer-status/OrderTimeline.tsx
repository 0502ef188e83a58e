// An order's timeline (issue 9): platform and DMS events, dealer publications and audit entries in time
// order. Scaffolding: issue 9's owner builds it; the order detail (issue 10) shows it.
import { Text } from '@mantine/core';

export function OrderTimeline({ orderId }: { orderId: string }) {
  return (
    <section aria-label="Timeline">
      <Text size="sm">Timeline of {orderId}: not built yet (issue 9).</Text>
    </section>
  );
}
