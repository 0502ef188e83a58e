// The dealer-status policy editor (Admin screen, "Dealer status policy" tab): for every DMS fulfilment
// status and every derived situation, whether it is auto-published, sent to the publish queue for review,
// or kept internal, and the message template it uses; and the first-start catch-up window. The backend
// checks every template when saving (an unknown placeholder is refused then, never at publication), audits
// the change, and applies it from then on.
import {
  Alert,
  Box,
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
  if (error.kind !== 'validation') return { form: [error.message] };
  for (const issue of error.issues ?? []) {
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
    // What the backend said about this row was about the old text; the row's own check takes over.
    setError((e) =>
      e?.kind === 'validation' && e.issues ? { ...e, issues: e.issues.filter((i) => !i.path.startsWith(`rules.${key}.`)) } : e,
    );
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

  const samplePreview = (key: PolicyRuleKey) => {
    const rule = draft.rules[key];
    const status = policyDealerStatus[key] ?? 'processing';
    const shipped = ['dispatched', 'partially_dispatched', 'partially_delivered'].includes(status);
    return (
      <Box mt={6} maw={520}>
        <DealerPreview
          label="Template preview"
          orderNumber={sample.order_number}
          dealerName={sample.dealer_name}
          message={{
            status,
            message: templateProblems(rule.template).length ? '' : renderTemplate(rule.template, sample),
            eta: shipped ? '2026-03-14' : null,
            tracking:
              status === 'dispatched' || status === 'partially_dispatched'
                ? { carrier: sample.carrier, number: sample.tracking_number, url: sample.tracking_link ?? undefined }
                : null,
          }}
        />
      </Box>
    );
  };

  return (
    <Stack gap="sm" maw={1400}>
      <Group justify="space-between" align="baseline">
        <Stack gap={0}>
          <Title order={2}>Dealer status policy</Title>
          <Text size="xs" c="dimmed">
            {saved.data.updatedAt
              ? `Last saved ${formatDateTime(saved.data.updatedAt)} by ${saved.data.updatedBy ?? 'unknown'}`
              : 'The defaults apply; nobody has changed them.'}{' '}
            · Changes apply to what happens from then on · As of {saved.asOf ? formatTime(saved.asOf) : '—'}
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
      {error?.kind === 'validation' && !issues.form && (error.issues?.length ?? 0) > 0 && (
        <Alert color="red" role="alert" title="Not saved" py={8}>
          Some templates need fixing; see the rows marked below.
        </Alert>
      )}
      <Paper
        withBorder
        p="xs"
        style={{ position: 'sticky', top: 'var(--app-shell-header-height, 52px)', zIndex: 3 }}
        aria-label="Placeholders and catch-up window"
        role="region"
      >
        <Group justify="space-between" align="flex-end" wrap="nowrap" gap="md">
          <Stack gap={4}>
            <Text size="xs" c="dimmed">
              Placeholders (click one to add it to “{policyRuleLabels[focused]}”):
            </Text>
            <Group gap={4}>
              {templatePlaceholders.map((p) => (
                <Tooltip key={p} label={placeholderDescriptions[p]} openDelay={300}>
                  <UnstyledButton
                    onClick={() =>
                      setRule(focused, {
                        template: `${draft.rules[focused].template}${draft.rules[focused].template.endsWith(' ') ? '' : ' '}{${p}}`,
                      })
                    }
                    aria-label={`Add {${p}}: ${placeholderDescriptions[p]}`}
                  >
                    <Code fz="xs">{`{${p}}`}</Code>
                  </UnstyledButton>
                </Tooltip>
              ))}
            </Group>
          </Stack>
          <NumberInput
            label="First-start catch-up window (hours)"
            description="DMS changes this recent are published or queued by a new desk; older history stays as it is."
            min={0}
            max={2160}
            allowDecimal={false}
            value={draft.catchUpHours}
            onChange={(v) => setDraft((d) => (d ? { ...d, catchUpHours: typeof v === 'number' ? v : Number(v) || 0 } : d))}
            error={issues.catchUpHours?.join(' ')}
            size="xs"
            w={300}
            style={{ flexShrink: 0 }}
          />
        </Group>
      </Paper>
      <Table aria-label="Status policy" verticalSpacing={6} fz="sm" withTableBorder>
        <Table.Thead>
          <Table.Tr>
            <Table.Th w={200}>When the DMS order is…</Table.Th>
            <Table.Th w={116}>Dealer sees</Table.Th>
            <Table.Th w={268}>Publishing</Table.Th>
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
            const divider = firstSituation ? { borderTop: '2px solid var(--mantine-color-default-border)' } : undefined;
            return (
              <Table.Tr key={key} data-rule={key} bg={focused === key ? 'var(--mantine-color-default-hover)' : undefined}>
                <Table.Td style={divider} valign="top">
                  <Text size="sm" fw={500}>
                    {policyRuleLabels[key]}
                  </Text>
                  <Text size="xs" c="dimmed">
                    {isDerivedSituation(key) ? 'derived situation' : <Code fz="xs">{key}</Code>}
                  </Text>
                </Table.Td>
                <Table.Td style={divider} valign="top">
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
                <Table.Td style={divider} valign="top">
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
                <Table.Td style={divider}>
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
                  {focused === key && samplePreview(key)}
                </Table.Td>
              </Table.Tr>
            );
          })}
        </Table.Tbody>
      </Table>
    </Stack>
  );
}
