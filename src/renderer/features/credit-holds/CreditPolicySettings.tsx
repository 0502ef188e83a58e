// The "Credit policy" tab of the Admin screen (issue 8): the authority policy (tiers by excess amount and by
// percentage of the limit, the overdue threshold, blocked accounts, the role at each tier, the different-
// person rule), SLA targets per hold reason with the office calendar they count in, the rejection reasons with
// their dealer messages, and the new-hold notification. The backend validates and audits every change.
import {
  ActionIcon,
  Alert,
  Button,
  Checkbox,
  Group,
  NativeSelect,
  NumberInput,
  Paper,
  Stack,
  Switch,
  Table,
  Text,
  TextInput,
  Textarea,
  Title,
} from '@mantine/core';
import { IconPlus, IconTrash } from '@tabler/icons-react';
import { useEffect, useState } from 'react';
import type { CreditSettingsView } from '../../../shared/api/features/credit';
import type { ApiError } from '../../../shared/api/errors';
import { creditApproverRoleLabels, creditApproverRoles, type CreditApproverRole } from '../../../shared/credit/authority';
import { holdReasonLabels, holdReasons } from '../../../shared/credit/holds';
import { toApiError, useApiQuery, useDeskApi } from '../../api/hooks';
import { formatTime } from '../../app/format';

const dayNames = ['Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat', 'Sun'];
const roleData = creditApproverRoles.map((r) => ({ value: r, label: creditApproverRoleLabels[r] }));
const offsets = [
  { value: '330', label: 'India (UTC+05:30)' },
  { value: '0', label: 'UTC' },
  { value: '240', label: 'Gulf (UTC+04:00)' },
  { value: '345', label: 'Nepal (UTC+05:45)' },
  { value: '360', label: 'Bangladesh (UTC+06:00)' },
  { value: '480', label: 'Singapore (UTC+08:00)' },
];

function clock(minute: number): string {
  return `${String(Math.floor(minute / 60)).padStart(2, '0')}:${String(minute % 60).padStart(2, '0')}`;
}
function minutesOf(text: string): number {
  const [h, m] = text.split(':').map(Number);
  return (h ?? 0) * 60 + (m ?? 0);
}

export function CreditPolicySettings() {
  const api = useDeskApi();
  const stored = useApiQuery('credit.settings', {});
  const [draft, setDraft] = useState<CreditSettingsView | null>(null);
  const [error, setError] = useState<ApiError | null>(null);
  const [savedAt, setSavedAt] = useState<Date | null>(null);
  const [busy, setBusy] = useState(false);
  useEffect(() => {
    if (stored.data && !draft) setDraft(stored.data);
  }, [stored.data, draft]);

  if (stored.error) {
    return (
      <Alert color="red" role="alert">
        {stored.error.message}
      </Alert>
    );
  }
  if (!draft || !stored.data) return <Text size="sm">Loading the credit settings…</Text>;
  const original = stored.data;
  const d = draft;
  const set = <K extends keyof CreditSettingsView>(key: K, value: CreditSettingsView[K]) => setDraft({ ...d, [key]: value });
  const changed = (Object.keys(d) as (keyof CreditSettingsView)[]).filter((k) => JSON.stringify(d[k]) !== JSON.stringify(original[k]));
  const issues = error?.issues ?? [];
  const issueFor = (prefix: string) => issues.find((i) => i.path === prefix || i.path.startsWith(`${prefix}.`))?.message;

  async function save() {
    setBusy(true);
    setError(null);
    try {
      const parts = Object.fromEntries(changed.map((k) => [k, d[k]]));
      const next = await api.call('credit.saveSettings', parts);
      setDraft(next);
      stored.reload();
      setSavedAt(new Date());
    } catch (err) {
      setError(toApiError(err));
    } finally {
      setBusy(false);
    }
  }

  const p = d.policy;
  const setPolicy = (patch: Partial<typeof p>) => set('policy', { ...p, ...patch });
  return (
    <Stack gap="md" maw={980} data-testid="credit-policy-settings">
      <Paper withBorder p="sm">
        <Title order={3} size="h5" mb={4}>
          Approval authority
        </Title>
        <Text size="xs" c="dimmed" mb="xs">
          The phone order desk&apos;s credit preview and the hold desk evaluate this same policy.
        </Text>
        <Group align="flex-start" gap="md">
          <NumberInput
            label="Controller tier: excess up to % of the limit"
            size="xs"
            w={230}
            min={0}
            max={1000}
            decimalScale={2}
            suffix="%"
            value={p.controllerMaxExcessBp / 100}
            onChange={(v) => setPolicy({ controllerMaxExcessBp: Math.round(Number(v) * 100) })}
            error={issueFor('policy.controllerMaxExcessBp')}
          />
          <NumberInput
            label="…and at most (amount, ₹)"
            size="xs"
            w={200}
            min={0}
            decimalScale={2}
            thousandSeparator=","
            thousandsGroupStyle="lakh"
            value={p.controllerMaxExcess / 100}
            onChange={(v) => setPolicy({ controllerMaxExcess: Math.round(Number(v) * 100) })}
            error={issueFor('policy.controllerMaxExcess')}
          />
          <NumberInput
            label="Overdue threshold (days)"
            description="Older overdue needs a second approval"
            size="xs"
            w={200}
            min={0}
            max={3650}
            value={p.controllerMaxOverdueDays}
            onChange={(v) => setPolicy({ controllerMaxOverdueDays: Math.round(Number(v)) })}
            error={issueFor('policy.controllerMaxOverdueDays')}
          />
        </Group>
        <Group align="flex-start" gap="md" mt="xs">
          <NativeSelect
            label="Within the controller tier, approves alone"
            size="xs"
            w={260}
            data={roleData}
            value={p.controllerTierRole}
            onChange={(e) => setPolicy({ controllerTierRole: e.currentTarget.value as CreditApproverRole })}
          />
          <NativeSelect
            label="Beyond it, the second approval comes from"
            size="xs"
            w={260}
            data={roleData}
            value={p.secondApproverRole}
            onChange={(e) => setPolicy({ secondApproverRole: e.currentTarget.value as CreditApproverRole })}
          />
          <NativeSelect
            label="Blocked accounts (and no credit position) need"
            size="xs"
            w={280}
            data={roleData}
            value={p.managerTierRole}
            onChange={(e) => setPolicy({ managerTierRole: e.currentTarget.value as CreditApproverRole })}
          />
        </Group>
        <Switch
          mt="sm"
          size="sm"
          label="The second approver must be a different person from the first"
          checked={p.secondApproverDifferentPerson}
          onChange={(e) => setPolicy({ secondApproverDifferentPerson: e.currentTarget.checked })}
        />
        {!p.secondApproverDifferentPerson && (
          <Alert color="orange" variant="light" mt="xs" p="xs">
            With this off, one {creditApproverRoleLabels[p.secondApproverRole].toLowerCase()} can release a hold beyond the controller tier
            alone.
          </Alert>
        )}
      </Paper>

      <Paper withBorder p="sm">
        <Title order={3} size="h5" mb={4}>
          Hold SLA
        </Title>
        <Text size="xs" c="dimmed" mb="xs">
          Working time a hold may wait, per reason (a hold with several reasons takes the shortest). Rows turn amber at 75% and red past it.
        </Text>
        <Group gap="md">
          {holdReasons.map((r) => (
            <NumberInput
              key={r}
              label={`${holdReasonLabels[r]} (working hours)`}
              size="xs"
              w={200}
              min={0.25}
              step={0.5}
              decimalScale={2}
              value={d.slaTargets[r] / 60}
              onChange={(v) => set('slaTargets', { ...d.slaTargets, [r]: Math.round(Number(v) * 60) })}
              error={issueFor(`slaTargets.${r}`)}
            />
          ))}
        </Group>
        <Text size="sm" fw={600} mt="sm">
          Office calendar
        </Text>
        <Text size="xs" c="dimmed">
          Shared with the order queues&apos; SLA.
        </Text>
        <Group gap="md" align="flex-end" mt={4}>
          <Checkbox.Group
            label="Working days"
            value={d.calendar.days.map(String)}
            onChange={(v) => set('calendar', { ...d.calendar, days: v.map(Number).sort((a, b) => a - b) })}
            error={issueFor('calendar.days')}
          >
            <Group gap={8} mt={4}>
              {dayNames.map((name, i) => (
                <Checkbox key={name} size="xs" value={String(i + 1)} label={name} />
              ))}
            </Group>
          </Checkbox.Group>
          <TextInput
            label="Opens"
            type="time"
            size="xs"
            w={110}
            value={clock(d.calendar.startMinute)}
            onChange={(e) => set('calendar', { ...d.calendar, startMinute: minutesOf(e.currentTarget.value) })}
          />
          <TextInput
            label="Closes"
            type="time"
            size="xs"
            w={110}
            value={clock(d.calendar.endMinute % 1440)}
            onChange={(e) => set('calendar', { ...d.calendar, endMinute: minutesOf(e.currentTarget.value) || 1440 })}
            error={issueFor('calendar.endMinute')}
          />
          <NativeSelect
            label="Time zone"
            size="xs"
            w={200}
            data={
              offsets.some((o) => o.value === String(d.calendar.utcOffsetMinutes))
                ? offsets
                : [
                    ...offsets,
                    {
                      value: String(d.calendar.utcOffsetMinutes),
                      label: `UTC${d.calendar.utcOffsetMinutes >= 0 ? '+' : ''}${d.calendar.utcOffsetMinutes / 60}`,
                    },
                  ]
            }
            value={String(d.calendar.utcOffsetMinutes)}
            onChange={(e) => set('calendar', { ...d.calendar, utcOffsetMinutes: Number(e.currentTarget.value) })}
          />
        </Group>
      </Paper>

      <Paper withBorder p="sm">
        <Title order={3} size="h5" mb={4}>
          Rejection reasons
        </Title>
        <Text size="xs" c="dimmed" mb="xs">
          The list a controller picks from. The code goes to the platform; the dealer message is offered for publishing on the order (
          {'{order}'} and {'{dealer}'} are filled in).
        </Text>
        <Table fz="xs" verticalSpacing={4} aria-label="Rejection reasons">
          <Table.Thead>
            <Table.Tr>
              <Table.Th w={150}>Code</Table.Th>
              <Table.Th w={200}>Label</Table.Th>
              <Table.Th>Message to the dealer</Table.Th>
              <Table.Th w={40} />
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {d.rejectionReasons.map((r, i) => {
              const update = (patch: Partial<typeof r>) =>
                set(
                  'rejectionReasons',
                  d.rejectionReasons.map((x, j) => (j === i ? { ...x, ...patch } : x)),
                );
              return (
                <Table.Tr key={i}>
                  <Table.Td>
                    <TextInput
                      size="xs"
                      aria-label={`Code of reason ${i + 1}`}
                      value={r.code}
                      onChange={(e) => update({ code: e.currentTarget.value })}
                      error={issueFor(`rejectionReasons.${i}.code`)}
                    />
                  </Table.Td>
                  <Table.Td>
                    <TextInput
                      size="xs"
                      aria-label={`Label of reason ${i + 1}`}
                      value={r.label}
                      onChange={(e) => update({ label: e.currentTarget.value })}
                      error={issueFor(`rejectionReasons.${i}.label`)}
                    />
                  </Table.Td>
                  <Table.Td>
                    <Textarea
                      size="xs"
                      autosize
                      minRows={1}
                      maxRows={3}
                      aria-label={`Dealer message of reason ${i + 1}`}
                      value={r.dealerMessage}
                      onChange={(e) => update({ dealerMessage: e.currentTarget.value })}
                    />
                  </Table.Td>
                  <Table.Td>
                    <ActionIcon
                      variant="subtle"
                      color="red"
                      aria-label={`Remove reason ${r.code || i + 1}`}
                      onClick={() =>
                        set(
                          'rejectionReasons',
                          d.rejectionReasons.filter((_, j) => j !== i),
                        )
                      }
                    >
                      <IconTrash size={14} />
                    </ActionIcon>
                  </Table.Td>
                </Table.Tr>
              );
            })}
          </Table.Tbody>
        </Table>
        {issues.find((i) => i.path === 'rejectionReasons') && (
          <Text size="xs" c="red">
            {issues.find((i) => i.path === 'rejectionReasons')?.message}
          </Text>
        )}
        <Button
          size="xs"
          variant="subtle"
          mt={4}
          leftSection={<IconPlus size={14} />}
          onClick={() => set('rejectionReasons', [...d.rejectionReasons, { code: '', label: '', dealerMessage: '' }])}
        >
          Add a reason
        </Button>
      </Paper>

      <Paper withBorder p="sm">
        <Switch
          label="Desktop notification when a new credit hold arrives (for credit controllers and managers)"
          checked={d.notifications.enabled}
          onChange={(e) => set('notifications', { enabled: e.currentTarget.checked })}
        />
      </Paper>

      {error && (
        <Alert color={error.kind === 'validation' ? 'yellow' : 'red'} role="alert">
          {error.kind === 'validation' && issues.length > 0 ? 'Nothing was saved: correct the fields marked in red.' : error.message}
        </Alert>
      )}
      <Group>
        <Button onClick={() => void save()} loading={busy} disabled={changed.length === 0}>
          Save credit settings
        </Button>
        <Button variant="default" disabled={changed.length === 0 || busy} onClick={() => setDraft(original)}>
          Undo changes
        </Button>
        <Text size="xs" c="dimmed">
          {changed.length > 0
            ? `Unsaved: ${changed.join(', ')}`
            : savedAt
              ? `Saved at ${formatTime(savedAt)}; every change is in the audit log.`
              : 'Every change is written to the audit log.'}
        </Text>
      </Group>
    </Stack>
  );
}
