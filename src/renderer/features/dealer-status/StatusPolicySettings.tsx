// Dealer status policy and message templates (issue 9). Scaffolding: the issue's owner replaces this placeholder.
import { Text } from '@mantine/core';

export function StatusPolicySettings() {
  return <Text size="sm">Dealer status policy and message templates: not built yet (issue 9).</Text>;
}
