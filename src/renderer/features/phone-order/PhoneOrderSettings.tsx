// Phone order settings (who may override prices) (issue 7). Scaffolding: the issue's owner replaces this placeholder.
import { Text } from '@mantine/core';

export function PhoneOrderSettings() {
  return <Text size="sm">Phone order settings (who may override prices): not built yet (issue 7).</Text>;
}
