// Order queue SLA targets and shared views (issue 10). Scaffolding: the issue's owner replaces this placeholder.
import { Text } from '@mantine/core';

export function QueueSettings() {
  return <Text size="sm">Order queue SLA targets and shared views: not built yet (issue 10).</Text>;
}
