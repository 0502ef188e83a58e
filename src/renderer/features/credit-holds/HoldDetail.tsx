// One hold: what changed (since the hold, and since this person opened it), what the authority policy
// requires and the approvals recorded from any desk, the decision (Approve; Reject with a reason, a note and
// an optional message to the dealer), the exposure and the dealer's history. A decision is sent with the
// figures the person saw; until the platform confirms it the hold says "Approval sent", never "done".
import { Alert, Badge, Button, Checkbox, Group, List, NativeSelect, Skeleton, Stack, Text, Textarea, Title, Tooltip } from '@mantine/core';
import { IconAlertTriangle, IconCheck, IconPhoneCall, IconX } from '@tabler/icons-react';
import { useEffect, useMemo, useState, type FormEvent } from 'react';
import type { StaffView } from '../../../shared/api/contract';
import type { HoldDetailView } from '../../../shared/api/features/credit';
import type { ApiError } from '../../../shared/api/errors';
import { authorityTierLabels, creditApproverRoleLabels, type TierRequirement } from '../../../shared/credit/authority';
import { holdReasonLabels } from '../../../shared/credit/holds';
import { snapshotChanges, staleSummary, type ExposureSnapshot } from '../../../shared/credit/words';
import { toApiError, useApiQuery, useDeskApi } from '../../api/hooks';
import { fieldErrors, formatCompactDateTime, formatMoney, formatTime } from '../../app/format';
import { DealerHistory } from './DealerHistory';
import { ExposurePanel } from './ExposurePanel';
import { durationWords, holdSla, localDecisionWords, roleWords, slaColors, slaWords } from './holdFormat';
import type { WorkingCalendar } from '../../../shared/sla';

function requirementWords(r: TierRequirement): string {
  const role = (x: TierRequirement['roles'][number]) =>
    x === 'credit_controller' ? 'a credit controller (or manager)' : creditApproverRoleLabels[x].toLowerCase().replace(/^/, 'a ');
  if (r.approvals === 1) return `One approval by ${role(r.roles[0] ?? 'credit_controller')}`;
  return `Two approvals by different people: ${r.roles.map(role).join(', then ')}`;
}

function statusWords(detail: HoldDetailView): string {
  return detail.status.replace('_', ' ');
}

interface Props {
  orderId: string;
  staff: StaffView;
  calendar: WorkingCalendar;
  now: number;
  /** Grows when relevant replica data changed: the detail re-reads. */
  generation: number;
}

export function HoldDetail({ orderId, staff, calendar, now, generation }: Props) {
  const api = useDeskApi();
  const query = useApiQuery('credit.hold', { orderId });
  const { reload } = query;
  useEffect(() => {
    if (generation > 0) reload();
  }, [generation, reload]);
  const detail = query.data && query.data.row.orderId === orderId ? query.data : null;

  // What this person has looked at: the first figures shown, until they review newer ones.
  const [seen, setSeen] = useState<{ orderId: string; snapshot: ExposureSnapshot } | null>(null);
  const [note, setNote] = useState('');
  const [rejecting, setRejecting] = useState(false);
  const [reasonCode, setReasonCode] = useState('');
  const [rejectNote, setRejectNote] = useState('');
  const [dealerMessage, setDealerMessage] = useState('');
  const [publish, setPublish] = useState(true);
  const [busy, setBusy] = useState<'approve' | 'reject' | null>(null);
  const [error, setError] = useState<ApiError | null>(null);

  useEffect(() => {
    setNote('');
    setRejecting(false);
    setReasonCode('');
    setRejectNote('');
    setError(null);
  }, [orderId]);

  useEffect(() => {
    if (!detail) return;
    if (!seen || seen.orderId !== orderId) {
      setSeen({ orderId, snapshot: detail.snapshot });
      return;
    }
    // This person's own approval landing is not news to them.
    const others = snapshotChanges(seen.snapshot, detail.snapshot).filter((c) => !c.startsWith('approvals went'));
    const newApprovals = detail.authority.approvals.slice(seen.snapshot.approvals);
    if (
      seen.snapshot.orderVersion !== detail.snapshot.orderVersion &&
      others.length === 0 &&
      seen.snapshot.dmsAccountVersion === detail.snapshot.dmsAccountVersion &&
      newApprovals.length > 0 &&
      newApprovals.every((a) => a.staffId === staff.id)
    )
      setSeen({ orderId, snapshot: detail.snapshot });
  }, [detail, seen, orderId, staff.id]);

  const changedWhileOpen = useMemo(() => {
    if (!detail || !seen || seen.orderId !== orderId) return [];
    const s = seen.snapshot;
    const moved = s.orderVersion !== detail.snapshot.orderVersion || s.dmsAccountVersion !== detail.snapshot.dmsAccountVersion;
    const changes = snapshotChanges(s, detail.snapshot);
    const byOthers = detail.authority.approvals
      .slice(s.approvals)
      .filter((a) => a.staffId !== staff.id)
      .map((a) => `${a.name} approved it at ${formatTime(a.at)}`);
    const rest = changes.filter((c) => !c.startsWith('approvals went'));
    return moved || rest.length > 0 ? [...byOthers, ...rest] : [];
  }, [detail, seen, orderId, staff.id]);

  const reasons = detail?.rejectionReasons ?? [];
  const chosenReason = reasons.find((r) => r.code === reasonCode);
  useEffect(() => {
    setDealerMessage(chosenReason?.dealerMessageForOrder ?? '');
    setPublish(Boolean(chosenReason?.dealerMessageForOrder));
  }, [chosenReason]);

  if (query.error && !detail) {
    return (
      <Alert color="red" role="alert" title="This hold could not be loaded">
        {query.error.message}
      </Alert>
    );
  }
  if (!detail || !seen) {
    return (
      <Stack gap="xs" p="xs" aria-busy>
        <Skeleton height={24} width="60%" />
        <Skeleton height={80} />
        <Skeleton height={200} />
      </Stack>
    );
  }

  const { row, authority } = detail;
  const onHold = detail.status === 'credit_hold';
  const mine = detail.localDecisions.filter((d) => d.createdBy === staff.id);
  const myLatest = mine[0] ?? null;
  const inFlight =
    detail.localDecisions.find((d) => (d.status === 'pending' || d.status === 'in_flight') && d.what !== 'dealer_message') ?? null;
  const stopped = myLatest && (myLatest.status === 'conflict' || myLatest.status === 'failed') ? myLatest : null;
  const stale = staleSummary(row.stale, row.currency);
  const sla = holdSla(row, calendar, now);
  const iApproved = row.myPart === 'approved';
  const approveBlocked =
    !onHold || inFlight !== null || changedWhileOpen.length > 0 || iApproved || row.myPart === 'cannot' || busy !== null;
  const approveWhy = !onHold
    ? `The order is ${statusWords(detail)}.`
    : inFlight
      ? localDecisionWords(inFlight)
      : changedWhileOpen.length > 0
        ? 'Review the new figures first.'
        : iApproved
          ? 'You have approved it already.'
          : row.myPart === 'cannot'
            ? `Your approval would not count: it needs ${row.missing ?? 'someone else'}.`
            : null;
  const fields = fieldErrors(error);

  async function approve() {
    if (!seen) return;
    setBusy('approve');
    setError(null);
    try {
      await api.call('credit.approve', {
        orderId,
        seenOrderVersion: seen.snapshot.orderVersion,
        seenAccountVersion: seen.snapshot.dmsAccountVersion,
        seen: seen.snapshot,
        ...(note.trim() ? { note: note.trim() } : {}),
      });
      setNote('');
    } catch (err) {
      setError(toApiError(err));
    } finally {
      setBusy(null);
      reload();
    }
  }

  async function reject(event: FormEvent) {
    event.preventDefault();
    if (!seen) return;
    setBusy('reject');
    setError(null);
    try {
      await api.call('credit.reject', {
        orderId,
        seenOrderVersion: seen.snapshot.orderVersion,
        seenAccountVersion: seen.snapshot.dmsAccountVersion,
        seen: seen.snapshot,
        reasonCode,
        reason: rejectNote,
        dealerMessage: publish && dealerMessage.trim() ? dealerMessage.trim() : null,
      });
      setRejecting(false);
    } catch (err) {
      setError(toApiError(err));
    } finally {
      setBusy(null);
      reload();
    }
  }

  return (
    <Stack gap="sm" data-testid="hold-detail" data-order-number={row.orderNumber}>
      <Group justify="space-between" align="flex-start" wrap="nowrap">
        <div>
          <Group gap="xs">
            <Title order={3} size="h4" ff="monospace">
              {row.orderNumber}
            </Title>
            {row.dealerWaiting && (
              <Badge color="grape" variant="light" tt="none" leftSection={<IconPhoneCall size={12} />}>
                Dealer waiting on the phone
              </Badge>
            )}
            <Badge variant="light" color={onHold ? 'orange' : detail.status === 'rejected' ? 'red' : 'teal'} tt="none">
              {statusWords(detail)}
            </Badge>
          </Group>
          <Text size="sm">
            {row.dealerName ?? 'Dealer not synced yet'}{' '}
            <Text span c="dimmed" size="sm">
              {row.dealerCode} · {row.region} · {row.channel} · placed by {detail.placedBy}
            </Text>
          </Text>
          {detail.notes && (
            <Text size="xs" c="dimmed">
              Notes: {detail.notes}
            </Text>
          )}
        </div>
        <Stack gap={2} align="flex-end">
          <Text size="sm" fw={600} className="dd-holds-num">
            {formatMoney(row.total, row.currency)}
          </Text>
          <Tooltip label={`${durationWords(sla.elapsedMs)} of ${durationWords(sla.targetMs)} working time`}>
            <span className="dd-holds-tag" data-tone={slaColors[sla.state]}>
              Held {durationWords(Math.max(0, now - Date.parse(row.heldAt)))} · {slaWords[sla.state]}
            </span>
          </Tooltip>
        </Stack>
      </Group>

      {stale && (
        <Alert color="orange" variant="outline" icon={<IconAlertTriangle size={16} />} p="xs" data-testid="stale-flag">
          <Text size="sm">{stale}</Text>
          <Text size="xs" c="dimmed">
            The figures below are re-checked on today&apos;s data, with the change beside what the platform decided.
          </Text>
        </Alert>
      )}
      {changedWhileOpen.length > 0 && (
        <Alert color="yellow" variant="light" icon={<IconAlertTriangle size={16} />} p="xs" data-testid="changed-while-open">
          <Text size="sm">Changed since you opened it: {changedWhileOpen.join('; ')}.</Text>
          <Button size="xs" variant="default" mt={6} onClick={() => setSeen({ orderId, snapshot: detail.snapshot })}>
            Review the new figures
          </Button>
        </Alert>
      )}
      {error && (
        <Alert
          color={error.kind === 'conflict' ? 'orange' : 'red'}
          role="alert"
          p="xs"
          title={error.kind === 'conflict' ? 'Not sent' : undefined}
        >
          {error.message}
        </Alert>
      )}
      {stopped && (
        <Alert color="red" variant="light" role="alert" p="xs" title={localDecisionWords(stopped)}>
          {stopped.message}
        </Alert>
      )}

      <section aria-label="Authority" className="dd-holds-section">
        <Group justify="space-between" mb={4}>
          <Text fw={600} size="sm">
            Authority: {authorityTierLabels[authority.decision.tier]}
          </Text>
          <Badge variant="light" color={authority.decision.satisfied ? 'teal' : 'gray'} tt="none">
            {authority.decision.satisfied ? 'Approvals complete' : `Needs ${authority.decision.missing}`}
          </Badge>
        </Group>
        <Text size="xs">
          {requirementWords(authority.requirement)}, because {authority.decision.why.join('; ')}.
        </Text>
        <Text size="xs" c="dimmed">
          Hold reasons: {row.reasons.map((r) => holdReasonLabels[r]).join(', ') || 'none'}
        </Text>
        <Text size="xs" fw={600} mt={6}>
          Approvals recorded on the platform
        </Text>
        {authority.approvals.length === 0 ? (
          <Text size="xs" c="dimmed">
            None yet.
          </Text>
        ) : (
          <List size="xs" spacing={2} data-testid="approvals">
            {authority.approvals.map((a) => (
              <List.Item key={`${a.staffId}-${a.at}`} icon={<IconCheck size={12} color="var(--mantine-color-teal-6)" />}>
                {a.staffId === staff.id ? 'You' : a.name} · {roleWords(a.role)} · {formatCompactDateTime(a.at)}
                {a.note ? ` · “${a.note}”` : ''}
              </List.Item>
            ))}
          </List>
        )}
        {detail.localDecisions.length > 0 && (
          <>
            <Text size="xs" fw={600} mt={6}>
              From this desk
            </Text>
            <List size="xs" spacing={2} data-testid="local-decisions">
              {detail.localDecisions.map((d) => (
                <List.Item key={d.outboxId}>
                  <Text span size="xs" role={d.status === 'pending' || d.status === 'in_flight' ? 'status' : undefined}>
                    {localDecisionWords(d)}
                  </Text>
                  <Text span size="xs" c="dimmed">
                    {' '}
                    · {formatCompactDateTime(d.updatedAt)}
                    {d.message && d.status !== 'delivered' ? ` · ${d.message}` : ''}
                  </Text>
                </List.Item>
              ))}
            </List>
          </>
        )}
      </section>

      {onHold && (
        <section aria-label="Decision" className="dd-holds-section">
          {!rejecting ? (
            <Stack gap={6}>
              <Textarea
                label="Approval note (optional)"
                size="xs"
                autosize
                minRows={1}
                maxRows={3}
                value={note}
                onChange={(e) => setNote(e.currentTarget.value)}
                disabled={approveBlocked}
              />
              <Group gap="xs">
                <Tooltip label={approveWhy ?? ''} disabled={!approveWhy} multiline w={280}>
                  <Button
                    color="teal"
                    leftSection={<IconCheck size={14} />}
                    onClick={() => void approve()}
                    disabled={approveBlocked}
                    loading={busy === 'approve'}
                  >
                    Approve
                  </Button>
                </Tooltip>
                <Button
                  color="red"
                  variant="light"
                  leftSection={<IconX size={14} />}
                  onClick={() => setRejecting(true)}
                  disabled={inFlight !== null || changedWhileOpen.length > 0 || busy !== null}
                >
                  Reject
                </Button>
                {approveWhy && (
                  <Text size="xs" c="dimmed" role={inFlight ? 'status' : undefined} data-testid="decision-state">
                    {approveWhy}
                  </Text>
                )}
              </Group>
            </Stack>
          ) : (
            <form onSubmit={(e) => void reject(e)} aria-label="Reject the order">
              <Stack gap={6}>
                <NativeSelect
                  label="Reason"
                  size="xs"
                  required
                  withAsterisk={false}
                  value={reasonCode}
                  onChange={(e) => setReasonCode(e.currentTarget.value)}
                  error={fields.reasonCode}
                  data={[
                    { value: '', label: 'Pick a reason…', disabled: true },
                    ...reasons.map((r) => ({ value: r.code, label: r.label })),
                  ]}
                />
                <Textarea
                  label="Note"
                  description="Why it is rejected; kept on the platform order and in the audit log."
                  size="xs"
                  required
                  withAsterisk={false}
                  autosize
                  minRows={2}
                  value={rejectNote}
                  onChange={(e) => setRejectNote(e.currentTarget.value)}
                  error={fields.reason}
                />
                <Checkbox
                  size="xs"
                  label="Tell the dealer (published on the order once the rejection lands)"
                  checked={publish}
                  onChange={(e) => setPublish(e.currentTarget.checked)}
                  disabled={!chosenReason}
                />
                {publish && (
                  <Textarea
                    label="Message to the dealer"
                    size="xs"
                    autosize
                    minRows={2}
                    maxLength={500}
                    value={dealerMessage}
                    onChange={(e) => setDealerMessage(e.currentTarget.value)}
                  />
                )}
                <Group gap="xs">
                  <Button
                    type="submit"
                    color="red"
                    leftSection={<IconX size={14} />}
                    loading={busy === 'reject'}
                    disabled={!reasonCode || rejectNote.trim().length < 3}
                  >
                    Reject
                  </Button>
                  <Button variant="default" onClick={() => setRejecting(false)}>
                    Cancel
                  </Button>
                </Group>
              </Stack>
            </form>
          )}
        </section>
      )}
      {!onHold && (
        <Alert color="gray" variant="light" p="xs" data-testid="no-longer-held">
          This order is {statusWords(detail)}; it has left the hold queue.
        </Alert>
      )}

      <ExposurePanel detail={detail} />
      <DealerHistory detail={detail} />
    </Stack>
  );
}
