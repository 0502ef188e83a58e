// Admin > Order queues: the SLA target of each stage (how long an order may wait, in working hours of the
// office or elapsed time; amber from 75 % of it, red past it) and the views shared with roles.
import { Alert, Badge, Button, Group, MultiSelect, NumberInput, SegmentedControl, Select, Stack, Table, Text, Title } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { useEffect, useState } from 'react';
import type { SlaTarget } from '../../../shared/sla';
import { slaStageLabels, slaStages, type SlaStage, type SlaTargets } from '../../../shared/orders';
import { roleLabels, roles, type Role } from '../../../shared/roles';
import { toApiError, useDeskApi } from '../../api/hooks';
import { formatDateTime } from '../../app/format';
import { useOrderViews } from './useOrderViews';

const units = { minutes: 60_000, hours: 3_600_000, days: 86_400_000 } as const;
type Unit = keyof typeof units;

interface TargetForm {
  amount: number;
  unit: Unit;
  clock: SlaTarget['clock'];
}

const dayNames = ['', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat', 'Sun'];
const hhmm = (minutes: number) => `${String(Math.floor(minutes / 60)).padStart(2, '0')}:${String(minutes % 60).padStart(2, '0')}`;

/** "Mon, Tue, …, 09:30–18:00 (UTC+05:30)". */
function describeCalendar(c: { days: readonly number[]; startMinute: number; endMinute: number; utcOffsetMinutes: number }): string {
  const sign = c.utcOffsetMinutes >= 0 ? '+' : '−';
  return `${c.days.map((d) => dayNames[d]).join(', ')}, ${hhmm(c.startMinute)}–${hhmm(c.endMinute)} (UTC${sign}${hhmm(Math.abs(c.utcOffsetMinutes))})`;
}

const amountText = (f: TargetForm) => `${f.amount} ${f.amount === 1 ? f.unit.replace(/s$/, '') : f.unit}`;

function toForm(target: SlaTarget): TargetForm {
  const unit: Unit = target.targetMs % units.days === 0 ? 'days' : target.targetMs % units.hours === 0 ? 'hours' : 'minutes';
  return { amount: target.targetMs / units[unit], unit, clock: target.clock };
}

export function QueueSettings() {
  return (
    <Stack gap="xl" maw={900}>
      <SlaTargetsForm />
      <SharedViews />
    </Stack>
  );
}

function SlaTargetsForm() {
  const api = useDeskApi();
  const { sla, reloadSla } = useOrderViews();
  const [form, setForm] = useState<Record<SlaStage, TargetForm> | null>(null);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  useEffect(() => {
    if (sla) setForm(Object.fromEntries(slaStages.map((s) => [s, toForm(sla.targets[s])])) as Record<SlaStage, TargetForm>);
  }, [sla]);
  if (!form || !sla) return <Text size="sm">Loading…</Text>;

  async function save() {
    if (!form) return;
    setBusy(true);
    setError(null);
    try {
      const targets = Object.fromEntries(
        slaStages.map((s) => [s, { targetMs: Math.round(form[s].amount * units[form[s].unit]), clock: form[s].clock }]),
      ) as SlaTargets;
      await api.call('orders.sla.set', { targets });
      reloadSla();
      notifications.show({ color: 'teal', message: 'SLA targets saved. The queues age orders against them from now on.' });
    } catch (err) {
      setError(toApiError(err).message);
    } finally {
      setBusy(false);
    }
  }

  return (
    <Stack gap="sm">
      <div>
        <Title order={4}>SLA targets</Title>
        <Text size="sm" c="dimmed">
          How long an order may stay in each stage. The “In status” column turns amber at 75 % of the target and red past it. Working hours
          follow the office calendar, shared with the hold queue and edited under Credit policy: {describeCalendar(sla.calendar)}.
        </Text>
      </div>
      <Table withTableBorder verticalSpacing={6} aria-label="SLA targets">
        <Table.Thead>
          <Table.Tr>
            <Table.Th>Stage</Table.Th>
            <Table.Th>Target</Table.Th>
            <Table.Th>Counted in</Table.Th>
            <Table.Th>Default</Table.Th>
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {slaStages.map((stage) => {
            const row = form[stage];
            const set = (patch: Partial<TargetForm>) => setForm({ ...form, [stage]: { ...row, ...patch } });
            const def = toForm(sla.defaults[stage]);
            return (
              <Table.Tr key={stage}>
                <Table.Td>
                  <Text size="sm">{slaStageLabels[stage]}</Text>
                </Table.Td>
                <Table.Td>
                  <Group gap={6} wrap="nowrap">
                    <NumberInput
                      size="xs"
                      w={80}
                      min={1}
                      max={999}
                      allowDecimal={false}
                      value={row.amount}
                      onChange={(v) => set({ amount: typeof v === 'number' ? v : Number(v) || 1 })}
                      aria-label={`${slaStageLabels[stage]}: target`}
                    />
                    <Select
                      size="xs"
                      w={100}
                      data={Object.keys(units)}
                      value={row.unit}
                      onChange={(v) => v && set({ unit: v as Unit })}
                      aria-label={`${slaStageLabels[stage]}: unit`}
                      allowDeselect={false}
                    />
                  </Group>
                </Table.Td>
                <Table.Td>
                  <SegmentedControl
                    size="xs"
                    // The chosen clock in the accent colour: the default grey indicator is hard to tell apart in dark.
                    color="blue"
                    value={row.clock}
                    onChange={(v) => set({ clock: v as SlaTarget['clock'] })}
                    data={[
                      { value: 'working', label: 'Working hours' },
                      { value: 'elapsed', label: 'Elapsed time' },
                    ]}
                    aria-label={`${slaStageLabels[stage]}: clock`}
                  />
                </Table.Td>
                <Table.Td>
                  <Text size="xs" c="dimmed">
                    {amountText(def)}, {def.clock === 'working' ? 'working hours' : 'elapsed'}
                  </Text>
                </Table.Td>
              </Table.Tr>
            );
          })}
        </Table.Tbody>
      </Table>
      {error && (
        <Alert color="red" variant="light">
          {error}
        </Alert>
      )}
      <Group>
        <Button size="sm" loading={busy} onClick={() => void save()}>
          Save SLA targets
        </Button>
        <Text size="xs" c="dimmed">
          {sla.updatedAt ? `Last changed ${formatDateTime(sla.updatedAt)}` : 'Using the defaults.'}
        </Text>
      </Group>
    </Stack>
  );
}

function SharedViews() {
  const api = useDeskApi();
  const { shared, reloadViews } = useOrderViews();
  const [busy, setBusy] = useState<string | null>(null);
  async function change(id: string, action: () => Promise<unknown>, done: string) {
    setBusy(id);
    try {
      await action();
      await reloadViews();
      notifications.show({ color: 'teal', message: done });
    } catch (err) {
      notifications.show({ color: 'red', title: 'The view was not changed', message: toApiError(err).message });
    } finally {
      setBusy(null);
    }
  }
  return (
    <Stack gap="sm">
      <div>
        <Title order={4}>Views shared with roles</Title>
        <Text size="sm" c="dimmed">
          To share a view, open it in Orders and choose View › Share with roles. People with the role see it in their navigation; only
          admins change it.
        </Text>
      </div>
      {shared.length === 0 ? (
        <Text size="sm" c="dimmed" data-testid="no-shared-views">
          No view is shared yet.
        </Text>
      ) : (
        <Table withTableBorder verticalSpacing={6} aria-label="Shared views">
          <Table.Thead>
            <Table.Tr>
              <Table.Th>View</Table.Th>
              <Table.Th>Shared with</Table.Th>
              <Table.Th />
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {shared.map((view) => (
              <Table.Tr key={view.id}>
                <Table.Td>
                  <Group gap={6}>
                    <Text size="sm">{view.name}</Text>
                    {view.definition.filters.queue && (
                      <Badge size="xs" variant="light" tt="none">
                        {view.definition.filters.queue}
                      </Badge>
                    )}
                  </Group>
                </Table.Td>
                <Table.Td>
                  <MultiSelect
                    size="xs"
                    data={roles.map((r) => ({ value: r, label: roleLabels[r] }))}
                    value={view.sharedRoles}
                    aria-label={`Roles “${view.name}” is shared with`}
                    disabled={busy === view.id}
                    onChange={(next) =>
                      next.length > 0 &&
                      void change(
                        view.id,
                        () => api.call('orders.views.share', { id: view.id, roles: next as Role[] }),
                        `“${view.name}” is shared with ${next.map((r) => roleLabels[r as Role]).join(', ')}.`,
                      )
                    }
                  />
                </Table.Td>
                <Table.Td>
                  <Group gap={6} justify="flex-end" wrap="nowrap">
                    <Button
                      size="xs"
                      variant="default"
                      loading={busy === view.id}
                      onClick={() =>
                        void change(
                          view.id,
                          () => api.call('orders.views.share', { id: view.id, roles: [] }),
                          `“${view.name}” is yours again.`,
                        )
                      }
                    >
                      Stop sharing
                    </Button>
                    <Button
                      size="xs"
                      color="red"
                      variant="light"
                      loading={busy === view.id}
                      onClick={() =>
                        void change(view.id, () => api.call('orders.views.delete', { id: view.id }), `Deleted “${view.name}”.`)
                      }
                    >
                      Delete
                    </Button>
                  </Group>
                </Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      )}
    </Stack>
  );
}
