// What a person does with the view on screen: keep their changes, save it as their own view, rename it,
// share it with roles (admins), go back to the shipped default, or delete their own.
import { Alert, Button, Checkbox, Group, Menu, Modal, Stack, Text, TextInput } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { IconChevronDown, IconDeviceFloppy, IconPencil, IconRestore, IconShare, IconTrash, IconCopy } from '@tabler/icons-react';
import { useState, type FormEvent } from 'react';
import type { StaffView } from '../../../shared/api/contract';
import type { ApiError } from '../../../shared/api/errors';
import type { OrderViewDefinition, OrderViewView } from '../../../shared/orderViews';
import { roleLabels, roles, type Role } from '../../../shared/roles';
import { toApiError, useDeskApi } from '../../api/hooks';
import { fieldErrors, formLevelMessage } from '../../app/format';

type Dialog = { kind: 'saveAs' } | { kind: 'rename' } | { kind: 'share' } | { kind: 'delete' } | null;

export function ViewMenu({
  view,
  draft,
  changed,
  staff,
  onSaved,
  onOpenView,
}: {
  view: OrderViewView;
  draft: OrderViewDefinition;
  changed: boolean;
  staff: StaffView;
  /** The view list changed (saved, renamed, shared, reset): read it again; `view` is the one to show. */
  onSaved: (view: OrderViewView | null) => Promise<void>;
  onOpenView: (id: string) => void;
}) {
  const api = useDeskApi();
  const [dialog, setDialog] = useState<Dialog>(null);
  const [busy, setBusy] = useState(false);
  const isAdmin = staff.roles.includes('admin');
  const mayChange = view.kind !== 'shared' || isAdmin;

  async function run(action: () => Promise<OrderViewView | null>, done: string) {
    setBusy(true);
    try {
      const result = await action();
      await onSaved(result);
      notifications.show({ message: done, color: 'teal' });
      setDialog(null);
    } catch (err) {
      notifications.show({ title: 'The view was not changed', message: toApiError(err).message, color: 'red' });
    } finally {
      setBusy(false);
    }
  }

  return (
    <>
      <Group gap={6} wrap="nowrap">
        {changed && mayChange && (
          <Button
            size="xs"
            variant="light"
            leftSection={<IconDeviceFloppy size={14} />}
            loading={busy}
            onClick={() =>
              void run(() => api.call('orders.views.update', { id: view.id, definition: draft }), `Saved your changes to “${view.name}”.`)
            }
          >
            Save changes
          </Button>
        )}
        <Menu position="bottom-end" width={240} withinPortal>
          <Menu.Target>
            <Button size="xs" variant="default" rightSection={<IconChevronDown size={14} />} aria-label="View actions">
              View
            </Button>
          </Menu.Target>
          <Menu.Dropdown>
            <Menu.Item leftSection={<IconCopy size={14} />} onClick={() => setDialog({ kind: 'saveAs' })}>
              Save as my view…
            </Menu.Item>
            {mayChange && (
              <Menu.Item leftSection={<IconPencil size={14} />} onClick={() => setDialog({ kind: 'rename' })}>
                Rename…
              </Menu.Item>
            )}
            {isAdmin && view.kind !== 'shipped' && (
              <Menu.Item leftSection={<IconShare size={14} />} onClick={() => setDialog({ kind: 'share' })}>
                Share with roles…
              </Menu.Item>
            )}
            {view.kind === 'shipped' && (view.changed || changed) && (
              <Menu.Item
                leftSection={<IconRestore size={14} />}
                onClick={() => void run(() => api.call('orders.views.reset', { id: view.id }), `“${view.name}” is back to its default.`)}
              >
                Reset to default
              </Menu.Item>
            )}
            {view.kind !== 'shipped' && mayChange && (
              <Menu.Item color="red" leftSection={<IconTrash size={14} />} onClick={() => setDialog({ kind: 'delete' })}>
                Delete view…
              </Menu.Item>
            )}
          </Menu.Dropdown>
        </Menu>
      </Group>

      <NameDialog
        opened={dialog?.kind === 'saveAs'}
        title="Save as my view"
        submitLabel="Save view"
        initial={`${view.name} (mine)`}
        onClose={() => setDialog(null)}
        onSubmit={async (name) => {
          const created = await api.call('orders.views.create', { name, definition: draft });
          await onSaved(created);
          onOpenView(created.id);
          notifications.show({ message: `Saved “${created.name}” as your view.`, color: 'teal' });
        }}
      />
      <NameDialog
        opened={dialog?.kind === 'rename'}
        title="Rename view"
        submitLabel="Rename"
        initial={view.name}
        onClose={() => setDialog(null)}
        onSubmit={async (name) => {
          const renamed = await api.call('orders.views.rename', { id: view.id, name });
          await onSaved(renamed);
        }}
      />
      <ShareDialog
        opened={dialog?.kind === 'share'}
        view={view}
        onClose={() => setDialog(null)}
        onSubmit={async (chosen) => {
          const shared = await api.call('orders.views.share', { id: view.id, roles: chosen });
          await onSaved(shared);
          notifications.show({
            message: chosen.length
              ? `“${view.name}” is shared with ${chosen.map((r) => roleLabels[r]).join(', ')}.`
              : `“${view.name}” is yours again.`,
            color: 'teal',
          });
        }}
      />
      <Modal opened={dialog?.kind === 'delete'} onClose={() => setDialog(null)} title="Delete view" size="sm">
        <Stack gap="sm">
          <Text size="sm">
            Delete “{view.name}”?{' '}
            {view.kind === 'shared' ? 'Everyone it is shared with loses it.' : 'Only the view goes; no order changes.'}
          </Text>
          <Group justify="flex-end">
            <Button variant="default" onClick={() => setDialog(null)}>
              Keep it
            </Button>
            <Button
              color="red"
              loading={busy}
              onClick={() =>
                void run(async () => {
                  await api.call('orders.views.delete', { id: view.id });
                  return null;
                }, `Deleted “${view.name}”.`)
              }
            >
              Delete view
            </Button>
          </Group>
        </Stack>
      </Modal>
    </>
  );
}

function NameDialog({
  opened,
  title,
  submitLabel,
  initial,
  onClose,
  onSubmit,
}: {
  opened: boolean;
  title: string;
  submitLabel: string;
  initial: string;
  onClose: () => void;
  onSubmit: (name: string) => Promise<void>;
}) {
  const [name, setName] = useState(initial);
  const [error, setError] = useState<ApiError | null>(null);
  const [busy, setBusy] = useState(false);
  const [wasOpen, setWasOpen] = useState(false);
  if (opened !== wasOpen) {
    setWasOpen(opened);
    if (opened) {
      setName(initial);
      setError(null);
    }
  }
  async function submit(event: FormEvent) {
    event.preventDefault();
    setBusy(true);
    setError(null);
    try {
      await onSubmit(name);
      onClose();
    } catch (err) {
      setError(toApiError(err));
    } finally {
      setBusy(false);
    }
  }
  const fields = fieldErrors(error);
  const formMessage = formLevelMessage(error, ['name']);
  return (
    <Modal opened={opened} onClose={onClose} title={title} size="sm">
      <form onSubmit={(e) => void submit(e)} aria-label={title}>
        <Stack gap="sm">
          <TextInput label="View name" data-autofocus value={name} onChange={(e) => setName(e.currentTarget.value)} error={fields.name} />
          {formMessage && (
            <Alert color="red" variant="light">
              {formMessage}
            </Alert>
          )}
          <Group justify="flex-end">
            <Button variant="default" onClick={onClose}>
              Cancel
            </Button>
            <Button type="submit" loading={busy}>
              {submitLabel}
            </Button>
          </Group>
        </Stack>
      </form>
    </Modal>
  );
}

function ShareDialog({
  opened,
  view,
  onClose,
  onSubmit,
}: {
  opened: boolean;
  view: OrderViewView;
  onClose: () => void;
  onSubmit: (roles: Role[]) => Promise<void>;
}) {
  const [chosen, setChosen] = useState<Role[]>(view.sharedRoles);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const [wasOpen, setWasOpen] = useState(false);
  if (opened !== wasOpen) {
    setWasOpen(opened);
    if (opened) {
      setChosen(view.sharedRoles);
      setError(null);
    }
  }
  return (
    <Modal opened={opened} onClose={onClose} title={`Share “${view.name}”`} size="sm">
      <Stack gap="sm">
        <Text size="sm" c="dimmed">
          People with these roles see the view in their navigation. Only admins change a shared view; others can save it as their own. With
          no role ticked, the view is yours again.
        </Text>
        <Checkbox.Group value={chosen} onChange={(v) => setChosen(v as Role[])} label="Roles">
          <Stack gap={6} mt={6}>
            {roles.map((role) => (
              <Checkbox key={role} value={role} label={roleLabels[role]} />
            ))}
          </Stack>
        </Checkbox.Group>
        {error && (
          <Alert color="red" variant="light">
            {error}
          </Alert>
        )}
        <Group justify="flex-end">
          <Button variant="default" onClick={onClose}>
            Cancel
          </Button>
          <Button
            loading={busy}
            onClick={() => {
              setBusy(true);
              onSubmit(chosen)
                .then(onClose, (err: unknown) => setError(toApiError(err).message))
                .finally(() => setBusy(false));
            }}
          >
            {chosen.length ? 'Share' : 'Keep to myself'}
          </Button>
        </Group>
      </Stack>
    </Modal>
  );
}
