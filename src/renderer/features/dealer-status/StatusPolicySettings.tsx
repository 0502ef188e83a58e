// The dealer-status policy editor (Admin screen, "Dealer status policy" tab): for every DMS fulfilment
// status and every derived situation, whether it is auto-published, sent to the publish queue for review,
// or kept internal, and the message template it uses; and the first-start catch-up window. The backend
// checks every template when saving (an unknown placeholder is refused then, never at publication), audits
// the change, and applies it from then on.
import {
  Alert,
  Badge,
  Button,
  Code,
  Group,
  NumberInput,
  Paper,
  SegmentedControl,
  Stack,
  Table,
  Text,
  Textarea,
  Title,
  Tooltip,
  UnstyledButton,
} from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { useEffect, useMemo, useState } from 'react';
import type { ApiError } from '../../../shared/api/errors';
import {
  dealerDate,
  isDerivedSituation,
  placeholderDescriptions,
  policyDealerStatus,
  policyRuleKeys,
  policyRuleLabels,
  publishModeLabels,
  publishModes,
  renderTemplate,
  templatePlaceholders,
  templateProblems,
  trackingLink,
  type DealerStatusPolicy,
  type PolicyRuleKey,
  type PublishMode,
} from '../../../shared/dealerStatus';
import { toApiError, useApiQuery, useDeskApi } from '../../api/hooks';
import { formatDateTime, formatTime } from '../../app/format';
import { DealerPreview } from './DealerPreview';
import { DealerStatusChip } from './DealerStatusChip';

const modeColors: Record<PublishMode, string> = { auto: 'teal', review: 'orange', internal: 'gray' };

/** A made-up order to show what a template reads like. */
const sample = {
  order_number: 'SO-2026-004512',
  dealer_name: 'Patil Hardware',
  eta: dealerDate('2026-03-14'),
  expected_dispatch_date: dealerDate('2026-03-11'),
  carrier: 'Gati',
  tracking_number: '700123456',
  tracking_link: trackingLink('Gati', '700123456'),
  backordered_items: 'SWT-6A-WHT × 12, CAB-1.5-90M × 4',
  delivered_items: 'CEM-OPC-50 × 100',
};

/** Issue paths from the backend ("rules.backordered.template") by row. */
function issuesByRow(error: ApiError | null): Partial<Record<PolicyRuleKey | 'catchUpHours' | 'form', string[]>> {
  const out: Partial<Record<PolicyRuleKey | 'catchUpHours' | 'form', string[]>> = {};
  if (!error) return out;
  if (error.kind !== 'validation' || !error.issues?.length) return { form: [error.message] };
  for (const issue of error.issues) {
    const [head, key] = issue.path.split('.');
    const row =
      head === 'rules' && key && (policyRuleKeys as readonly string[]).includes(key)
        ? (key as PolicyRuleKey)
        : head === 'catchUpHours'
          ? 'catchUpHours'
          : 'form';
    (out[row] ??= []).push(issue.message);
  }
  return out;
}

export function StatusPolicySettings() {
  const api = useDeskApi();
  const saved = useApiQuery('dealerStatus.policy', {});
  const [draft, setDraft] = useState<DealerStatusPolicy | null>(null);
  const [focused, setFocused] = useState<PolicyRuleKey>('backordered');
  const [error, setError] = useState<ApiError | null>(null);
  const [busy, setBusy] = useState(false);
  useEffect(() => {
    if (saved.data && draft === null) setDraft(saved.data.policy);
  }, [saved.data, draft]);

  const dirty = useMemo(() => !!draft && !!saved.data && JSON.stringify(draft) !== JSON.stringify(saved.data.policy), [draft, saved.data]);
  const issues = issuesByRow(error);

  function setRule(key: PolicyRuleKey, patch: Partial<DealerStatusPolicy['rules'][PolicyRuleKey]>) {
    setDraft((d) => (d ? { ...d, rules: { ...d.rules, [key]: { ...d.rules[key], ...patch } } } : d));
  }

  async function save() {
    if (!draft) return;
    setBusy(true);
    setError(null);
    try {
      const view = await api.call('dealerStatus.setPolicy', draft);
      setDraft(view.policy);
      saved.reload();
      notifications.show({ color: 'teal', message: 'Dealer status policy saved. It applies to what happens from now on.' });
    } catch (err) {
      setError(toApiError(err));
    } finally {
      setBusy(false);
    }
  }

  if (!draft || !saved.data)
    return saved.error ? <Alert color="red">{saved.error.message}</Alert> : <Text size="sm">Loading the policy…</Text>;

  const focusedRule = draft.rules[focused];
  const focusedStatus = policyDealerStatus[focused] ?? 'processing';
  return (
    <Stack gap="sm" maw={1400}>
      <Group justify="space-between" align="baseline">
        <Stack gap={0}>
          <Title order={2}>Dealer status policy</Title>
          <Text size="xs" c="dimmed">
            {saved.data.updatedAt
              ? `Last saved ${formatDateTime(saved.data.updatedAt)} by ${saved.data.updatedBy ?? 'unknown'}`
              : 'The defaults apply; nobody has changed them.'}{' '}
            · As of {saved.asOf ? formatTime(saved.asOf) : '—'}
          </Text>
        </Stack>
        <Group gap="sm">
          <Button variant="default" size="xs" onClick={() => setDraft(saved.data!.defaults)}>
            Defaults
          </Button>
          <Button variant="default" size="xs" disabled={!dirty} onClick={() => setDraft(saved.data!.policy)}>
            Undo changes
          </Button>
          <Button size="xs" onClick={() => void save()} loading={busy} disabled={!dirty}>
            Save policy
          </Button>
        </Group>
      </Group>
      {issues.form && (
        <Alert color="red" role="alert" title="Not saved">
          {issues.form.join(' ')}
        </Alert>
      )}
      {error?.kind === 'validation' && !issues.form && (
        <Alert color="red" role="alert" title="Not saved">
          Some templates need fixing; see the rows marked below.
        </Alert>
      )}
      <div style={{ display: 'grid', gridTemplateColumns: 'minmax(0, 1fr) 340px', gap: 'var(--mantine-spacing-md)', alignItems: 'start' }}>
        <Table aria-label="Status policy" verticalSpacing={6} fz="sm" withTableBorder>
          <Table.Thead>
            <Table.Tr>
              <Table.Th w={210}>When the DMS order is…</Table.Th>
              <Table.Th w={120}>Dealer sees</Table.Th>
              <Table.Th w={270}>Publishing</Table.Th>
              <Table.Th>Message template</Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {policyRuleKeys.map((key, index) => {
              const rule = draft.rules[key];
              const status = policyDealerStatus[key];
              const local = templateProblems(rule.template);
              const rowIssues = issues[key] ?? [];
              const firstSituation = isDerivedSituation(key) && !isDerivedSituation(policyRuleKeys[index - 1] ?? '');
              return (
                <Table.Tr key={key} data-rule={key} bg={focused === key ? 'var(--mantine-color-default-hover)' : undefined}>
                  <Table.Td style={firstSituation ? { borderTop: '2px solid var(--mantine-color-default-border)' } : undefined}>
                    <Text size="sm" fw={500}>
                      {policyRuleLabels[key]}
                    </Text>
                    <Text size="xs" c="dimmed">
                      {isDerivedSituation(key) ? 'derived situation' : <Code fz="xs">{key}</Code>}
                    </Text>
                  </Table.Td>
                  <Table.Td>
                    {status ? (
                      <DealerStatusChip status={status} size="xs" />
                    ) : (
                      <Tooltip label="The dealer keeps the status they were told; the message explains the delay.">
                        <Text size="xs" c="dimmed">
                          what they were told
                        </Text>
                      </Tooltip>
                    )}
                  </Table.Td>
                  <Table.Td>
                    <SegmentedControl
                      size="xs"
                      fullWidth
                      color={modeColors[rule.mode]}
                      value={rule.mode}
                      onChange={(mode) => setRule(key, { mode: mode as PublishMode })}
                      data={publishModes.map((m) => ({ value: m, label: publishModeLabels[m] }))}
                      aria-label={`Publishing for ${policyRuleLabels[key]}`}
                    />
                  </Table.Td>
                  <Table.Td>
                    <Textarea
                      aria-label={`Template for ${policyRuleLabels[key]}`}
                      autosize
                      minRows={1}
                      maxRows={4}
                      size="xs"
                      value={rule.template}
                      onFocus={() => setFocused(key)}
                      onChange={(e) => setRule(key, { template: e.currentTarget.value })}
                      error={rowIssues.length ? rowIssues.join(' ') : local.length ? local.join(' ') : undefined}
                      styles={{ input: { opacity: rule.mode === 'internal' ? 0.65 : 1 } }}
                    />
                  </Table.Td>
                </Table.Tr>
              );
            })}
          </Table.Tbody>
        </Table>
        <Stack gap="sm" style={{ position: 'sticky', top: 70 }}>
          <Paper withBorder p="sm">
            <Text size="sm" fw={600}>
              {policyRuleLabels[focused]}{' '}
              <Badge size="xs" variant="light" color={modeColors[focusedRule.mode]} tt="none">
                {publishModeLabels[focusedRule.mode]}
              </Badge>
            </Text>
            <Text size="xs" c="dimmed" mb={6}>
              With a made-up order, as the dealer would read it:
            </Text>
            <DealerPreview
              label="Template preview"
              orderNumber={sample.order_number}
              dealerName={sample.dealer_name}
              message={{
                status: focusedStatus,
                message: templateProblems(focusedRule.template).length ? '' : renderTemplate(focusedRule.template, sample),
                eta: ['dispatched', 'partially_dispatched', 'partially_delivered'].includes(focusedStatus) ? '2026-03-14' : null,
                tracking: ['dispatched', 'partially_dispatched'].includes(focusedStatus)
                  ? { carrier: sample.carrier, number: sample.tracking_number, url: sample.tracking_link ?? undefined }
                  : null,
              }}
            />
          </Paper>
          <Paper withBorder p="sm">
            <Text size="sm" fw={600} mb={4}>
              Placeholders
            </Text>
            <Stack gap={2}>
              {templatePlaceholders.map((p) => (
                <UnstyledButton
                  key={p}
                  onClick={() =>
                    setRule(focused, { template: `${focusedRule.template}${focusedRule.template.endsWith(' ') ? '' : ' '}{${p}}` })
                  }
                  title={`Add {${p}} to “${policyRuleLabels[focused]}”`}
                >
                  <Text size="xs">
                    <Code fz="xs">{`{${p}}`}</Code> {placeholderDescriptions[p]}
                  </Text>
                </UnstyledButton>
              ))}
            </Stack>
          </Paper>
          <Paper withBorder p="sm">
            <NumberInput
              label="First-start catch-up window (hours)"
              description="When a desk syncs for the first time, DMS changes this recent are published (or queued) by the policy; older history stays as it is. Lateness older than this is not raised either."
              min={0}
              max={2160}
              allowDecimal={false}
              value={draft.catchUpHours}
              onChange={(v) => setDraft((d) => (d ? { ...d, catchUpHours: typeof v === 'number' ? v : Number(v) || 0 } : d))}
              error={issues.catchUpHours?.join(' ')}
              size="xs"
            />
          </Paper>
        </Stack>
      </div>
    </Stack>
  );
}
