// Admin: the staff list, adding people, changing their roles, deactivating and reactivating accounts; and a
// tab per feature for its settings.
// Validation errors come from the backend (the contract's zod schemas) and are shown on the fields.
import { Alert, Badge, Button, Checkbox, Group, Modal, PasswordInput, Stack, Table, Tabs, Text, TextInput, Title } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { useState, type FormEvent } from 'react';
import type { StaffView } from '../../../shared/api/contract';
import type { ApiError } from '../../../shared/api/errors';
import { roleLabels, roles, type Role } from '../../../shared/roles';
import { toApiError, useApiQuery, useDeskApi } from '../../api/hooks';
import { fieldErrors, formatDateTime, formatTime, formLevelMessage } from '../../app/format';
import { CreditPolicySettings } from '../credit-holds/CreditPolicySettings';
import { StatusPolicySettings } from '../dealer-status/StatusPolicySettings';
import { QueueSettings } from '../orders/QueueSettings';
import { PhoneOrderSettings } from '../phone-order/PhoneOrderSettings';

function RolePicker({ value, onChange, error }: { value: Role[]; onChange: (roles: Role[]) => void; error?: string | undefined }) {
  return (
    <Checkbox.Group label="Roles" value={value} onChange={(next) => onChange(next as Role[])} error={error} withAsterisk>
      <Stack gap={6} mt={6}>
        {roles.map((role) => (
          <Checkbox key={role} value={role} label={roleLabels[role]} />
        ))}
      </Stack>
    </Checkbox.Group>
  );
}

function AddStaffModal({ opened, onClose, onCreated }: { opened: boolean; onClose: () => void; onCreated: (staff: StaffView) => void }) {
  const api = useDeskApi();
  const [username, setUsername] = useState('');
  const [displayName, setDisplayName] = useState('');
  const [password, setPassword] = useState('');
  const [chosenRoles, setChosenRoles] = useState<Role[]>([]);
  const [error, setError] = useState<ApiError | null>(null);
  const [busy, setBusy] = useState(false);
  const fields = fieldErrors(error);
  const formMessage = formLevelMessage(error, ['username', 'displayName', 'password', 'roles']);

  function reset() {
    setUsername('');
    setDisplayName('');
    setPassword('');
    setChosenRoles([]);
    setError(null);
  }

  async function submit(event: FormEvent) {
    event.preventDefault();
    setBusy(true);
    setError(null);
    try {
      const staff = await api.call('staff.create', { username, displayName, password, roles: chosenRoles });
      reset();
      onCreated(staff);
    } catch (err) {
      setError(toApiError(err));
    } finally {
      setBusy(false);
    }
  }

  return (
    <Modal opened={opened} onClose={onClose} title="Add staff" size="md">
      <form onSubmit={submit} aria-label="Add staff">
        <Stack gap="sm">
          <TextInput
            label="User name"
            data-autofocus
            value={username}
            onChange={(e) => setUsername(e.currentTarget.value)}
            error={fields.username}
            withAsterisk
          />
          <TextInput
            label="Full name"
            value={displayName}
            onChange={(e) => setDisplayName(e.currentTarget.value)}
            error={fields.displayName}
            withAsterisk
          />
          <PasswordInput
            label="Initial password"
            description="At least 10 characters; give it to the person in private."
            value={password}
            onChange={(e) => setPassword(e.currentTarget.value)}
            error={fields.password}
            autoComplete="new-password"
            withAsterisk
          />
          <RolePicker value={chosenRoles} onChange={setChosenRoles} error={fields.roles} />
          {formMessage && (
            <Alert color="red" role="alert">
              {formMessage}
            </Alert>
          )}
          <Group justify="flex-end">
            <Button variant="default" onClick={onClose}>
              Cancel
            </Button>
            <Button type="submit" loading={busy}>
              Add staff
            </Button>
          </Group>
        </Stack>
      </form>
    </Modal>
  );
}

function EditRolesModal({ staff, onClose, onSaved }: { staff: StaffView; onClose: () => void; onSaved: (staff: StaffView) => void }) {
  const api = useDeskApi();
  const [chosenRoles, setChosenRoles] = useState<Role[]>(staff.roles);
  const [error, setError] = useState<ApiError | null>(null);
  const [busy, setBusy] = useState(false);
  const fields = fieldErrors(error);
  const formMessage = formLevelMessage(error, ['roles']);

  async function submit(event: FormEvent) {
    event.preventDefault();
    setBusy(true);
    setError(null);
    try {
      onSaved(await api.call('staff.setRoles', { staffId: staff.id, roles: chosenRoles }));
    } catch (err) {
      setError(toApiError(err));
    } finally {
      setBusy(false);
    }
  }

  return (
    <Modal opened onClose={onClose} title={`Roles of ${staff.displayName}`} size="sm">
      <form onSubmit={submit} aria-label="Change roles">
        <Stack gap="sm">
          <RolePicker value={chosenRoles} onChange={setChosenRoles} error={fields.roles} />
          {formMessage && (
            <Alert color="red" role="alert">
              {formMessage}
            </Alert>
          )}
          <Group justify="flex-end">
            <Button variant="default" onClick={onClose}>
              Cancel
            </Button>
            <Button type="submit" loading={busy}>
              Save roles
            </Button>
          </Group>
        </Stack>
      </form>
    </Modal>
  );
}

function ConfirmActiveModal({ staff, onClose, onDone }: { staff: StaffView; onClose: () => void; onDone: (staff: StaffView) => void }) {
  const api = useDeskApi();
  const [error, setError] = useState<ApiError | null>(null);
  const [busy, setBusy] = useState(false);
  const deactivating = staff.active;

  async function confirm() {
    setBusy(true);
    setError(null);
    try {
      onDone(await api.call('staff.setActive', { staffId: staff.id, active: !deactivating }));
    } catch (err) {
      setError(toApiError(err));
    } finally {
      setBusy(false);
    }
  }

  return (
    <Modal opened onClose={onClose} title={deactivating ? 'Deactivate account' : 'Reactivate account'} size="sm">
      <Stack gap="sm">
        <Text size="sm">
          {deactivating
            ? `${staff.displayName} (${staff.username}) will be signed out and can no longer sign in. Their past actions stay in the audit log.`
            : `${staff.displayName} (${staff.username}) will be able to sign in again with their existing password.`}
        </Text>
        {error && (
          <Alert color="red" role="alert">
            {error.message}
          </Alert>
        )}
        <Group justify="flex-end">
          <Button variant="default" onClick={onClose}>
            Cancel
          </Button>
          <Button color={deactivating ? 'red' : 'blue'} onClick={confirm} loading={busy} data-autofocus>
            {deactivating ? 'Deactivate' : 'Reactivate'}
          </Button>
        </Group>
      </Stack>
    </Modal>
  );
}

/** `currentStaffId`: the signed-in admin, who is not offered deactivating themselves (the desk would lose its admin). */
function StaffAdmin({ currentStaffId }: { currentStaffId: string }) {
  const staffQuery = useApiQuery('staff.list', {});
  const [adding, setAdding] = useState(false);
  const [editing, setEditing] = useState<StaffView | null>(null);
  const [toggling, setToggling] = useState<StaffView | null>(null);

  function changed(message: string) {
    notifications.show({ message, color: 'teal' });
    staffQuery.reload();
  }

  return (
    <Stack gap="md" maw={1100}>
      <Group justify="space-between" align="baseline">
        <Title order={2}>Staff</Title>
        <Group gap="sm" align="center">
          <Text size="xs" c="dimmed">
            As of {staffQuery.asOf ? formatTime(staffQuery.asOf) : '—'}
          </Text>
          <Button size="xs" onClick={() => setAdding(true)}>
            Add staff
          </Button>
        </Group>
      </Group>
      {staffQuery.error && <Alert color="red">{staffQuery.error.message}</Alert>}
      <Table striped highlightOnHover verticalSpacing={6} fz="sm" aria-label="Staff">
        <Table.Thead>
          <Table.Tr>
            <Table.Th>Name</Table.Th>
            <Table.Th>User name</Table.Th>
            <Table.Th>Roles</Table.Th>
            <Table.Th>Status</Table.Th>
            <Table.Th>Added</Table.Th>
            <Table.Th aria-label="Actions" />
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {(staffQuery.data ?? []).map((staff) => (
            <Table.Tr key={staff.id} data-username={staff.username}>
              <Table.Td>{staff.displayName}</Table.Td>
              <Table.Td ff="monospace">{staff.username}</Table.Td>
              <Table.Td>
                <Group gap={4}>
                  {staff.roles.map((role) => (
                    <Badge key={role} size="sm" variant="light">
                      {roleLabels[role]}
                    </Badge>
                  ))}
                </Group>
              </Table.Td>
              <Table.Td>
                <Badge size="sm" variant="dot" color={staff.active ? 'teal' : 'gray'}>
                  {staff.active ? 'Active' : 'Deactivated'}
                </Badge>
              </Table.Td>
              <Table.Td>{formatDateTime(staff.createdAt)}</Table.Td>
              <Table.Td>
                <Group gap={4} justify="flex-end" wrap="nowrap">
                  <Button size="compact-xs" variant="subtle" onClick={() => setEditing(staff)}>
                    Roles
                  </Button>
                  {staff.id !== currentStaffId && (
                    <Button size="compact-xs" variant="subtle" color={staff.active ? 'red' : 'blue'} onClick={() => setToggling(staff)}>
                      {staff.active ? 'Deactivate' : 'Reactivate'}
                    </Button>
                  )}
                </Group>
              </Table.Td>
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
      {staffQuery.data?.length === 0 && (
        <Text size="sm" c="dimmed">
          No staff yet.
        </Text>
      )}
      <AddStaffModal
        opened={adding}
        onClose={() => setAdding(false)}
        onCreated={(staff) => {
          setAdding(false);
          changed(`${staff.displayName} can now sign in as ${staff.username}.`);
        }}
      />
      {editing && (
        <EditRolesModal
          staff={editing}
          onClose={() => setEditing(null)}
          onSaved={(staff) => {
            setEditing(null);
            changed(`Roles of ${staff.displayName} saved.`);
          }}
        />
      )}
      {toggling && (
        <ConfirmActiveModal
          staff={toggling}
          onClose={() => setToggling(null)}
          onDone={(staff) => {
            setToggling(null);
            changed(staff.active ? `${staff.displayName} is active again.` : `${staff.displayName} is deactivated.`);
          }}
        />
      )}
    </Stack>
  );
}

/**
 * The admin's screen: staff accounts, and each feature's settings (policies, targets, permissions) in its
 * own tab. Every tab's editor lives in its feature's folder; the backend audits and enforces each change.
 */
export function AdminScreen({ currentStaffId }: { currentStaffId: string }) {
  return (
    <Tabs defaultValue="staff" keepMounted={false}>
      <Tabs.List mb="md" aria-label="Admin sections">
        <Tabs.Tab value="staff">Staff</Tabs.Tab>
        <Tabs.Tab value="credit">Credit policy</Tabs.Tab>
        <Tabs.Tab value="dealer-status">Dealer status policy</Tabs.Tab>
        <Tabs.Tab value="queues">Order queues</Tabs.Tab>
        <Tabs.Tab value="phone-orders">Phone orders</Tabs.Tab>
      </Tabs.List>
      <Tabs.Panel value="staff">
        <StaffAdmin currentStaffId={currentStaffId} />
      </Tabs.Panel>
      <Tabs.Panel value="credit">
        <CreditPolicySettings />
      </Tabs.Panel>
      <Tabs.Panel value="dealer-status">
        <StatusPolicySettings />
      </Tabs.Panel>
      <Tabs.Panel value="queues">
        <QueueSettings />
      </Tabs.Panel>
      <Tabs.Panel value="phone-orders">
        <PhoneOrderSettings />
      </Tabs.Panel>
    </Tabs>
  );
}
