// Credit authority policy, SLA targets and rejection reasons (issue 8). Scaffolding: the issue's owner replaces this placeholder.
import { Text } from '@mantine/core';

export function CreditPolicySettings() {
  return <Text size="sm">Credit authority policy, SLA targets and rejection reasons: not built yet (issue 8).</Text>;
}
