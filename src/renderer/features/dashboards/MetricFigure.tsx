// A labelled figure (issue 11): the metric's name as its caption (and accessible name), the value, the
// numbers behind it, its as-of time, and the definition one click away.
import { ActionIcon, Divider, Group, List, Paper, Popover, Stack, Text } from '@mantine/core';
import { IconInfoCircle } from '@tabler/icons-react';
import { useId, type ReactNode } from 'react';
import { metricDefinitions, type MetricId } from '../../../shared/dashboards';

export function DefinitionButton({ metric, extra }: { metric: MetricId; extra?: ReactNode }) {
  const d = metricDefinitions[metric];
  return (
    // Focus moves into the definition (so Escape closes it) and back to the button after.
    <Popover width={360} position="bottom-end" withArrow shadow="md" trapFocus returnFocus>
      <Popover.Target>
        <ActionIcon variant="subtle" color="gray" size="sm" aria-label={`Definition of ${d.name}`}>
          <IconInfoCircle size={15} stroke={1.6} />
        </ActionIcon>
      </Popover.Target>
      <Popover.Dropdown>
        <Stack gap={6} role="note" aria-label={`${d.name}: definition`} tabIndex={-1} data-autofocus style={{ outline: 'none' }}>
          <Text fw={600} size="sm">
            {d.name}{' '}
            <Text span c="dimmed" size="xs">
              ({d.period})
            </Text>
          </Text>
          <Text size="sm">{d.definition}</Text>
          <List size="xs" spacing={2} c="dimmed">
            {d.details.map((line) => (
              <List.Item key={line}>{line}</List.Item>
            ))}
          </List>
          {extra && (
            <>
              <Divider />
              <div>{extra}</div>
            </>
          )}
        </Stack>
      </Popover.Dropdown>
    </Popover>
  );
}

export interface MetricFigureProps {
  metric: MetricId;
  /** Defaults to the metric's name; the caption is the figure's accessible name. */
  label?: string;
  value: ReactNode;
  /** The numbers behind the value, in a line. */
  detail?: ReactNode;
  asOf: string;
  /** What the definition popover adds for this dealer (the sums, the period). */
  workings?: ReactNode;
  tone?: 'alert' | 'normal';
  testId?: string;
}

export function MetricFigure({ metric, label, value, detail, asOf, workings, tone = 'normal', testId }: MetricFigureProps) {
  const captionId = useId();
  const name = label ?? metricDefinitions[metric].name;
  return (
    <Paper withBorder p="xs" radius="sm" component="figure" m={0} aria-labelledby={captionId} data-testid={testId} className="dd-figure">
      <Group justify="space-between" wrap="nowrap" gap={4}>
        <Text component="figcaption" id={captionId} size="sm" fw={600} c="dimmed">
          {name}
        </Text>
        <DefinitionButton metric={metric} extra={workings} />
      </Group>
      <Text
        size="xl"
        fw={650}
        lh={1.3}
        c={tone === 'alert' ? 'red.7' : undefined}
        className="dd-figure-value"
        data-testid={testId ? `${testId}-value` : undefined}
      >
        {value}
      </Text>
      {detail && (
        <Text size="xs" c="dimmed" lh={1.35}>
          {detail}
        </Text>
      )}
      <Text size="xs" c="dimmed" mt={2} className="dd-as-of">
        {asOf}
      </Text>
    </Paper>
  );
}
