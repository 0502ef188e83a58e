// Placeholder for a screen not built yet: says plainly what it will hold.
import { Paper, Stack, Text, Title } from '@mantine/core';
import type { ScreenDef } from '../../app/screens';

export function PlannedScreen({ screen }: { screen: ScreenDef }) {
  return (
    <Stack gap="md" maw={720}>
      <Title order={2}>{screen.label}</Title>
      <Paper withBorder p="md" radius="md">
        <Text size="sm" fw={600} mb={4}>
          Not built yet
        </Text>
        <Text size="sm">{screen.summary}</Text>
      </Paper>
    </Stack>
  );
}
