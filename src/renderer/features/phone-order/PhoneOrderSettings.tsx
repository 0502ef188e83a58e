// Admin > Phone orders: which roles may override a line's price on a phone order (default: none). The
// backend enforces it on every draft save and submit, and the change goes into the audit log.
import { Alert, Button, Checkbox, Group, Stack, Text } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { useEffect, useState } from 'react';
import { roleLabels, roles, type Role } from '../../../shared/roles';
import { toApiError, useApiQuery, useDeskApi } from '../../api/hooks';

export function PhoneOrderSettings() {
  const api = useDeskApi();
  const settings = useApiQuery('phoneOrder.settings', {});
  const [chosen, setChosen] = useState<Role[] | null>(null);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  useEffect(() => {
    if (settings.data && chosen === null) setChosen(settings.data.overrideRoles);
  }, [settings.data, chosen]);

  async function save() {
    if (!chosen) return;
    setBusy(true);
    setError(null);
    try {
      const saved = await api.call('phoneOrder.settings.set', { overrideRoles: chosen });
      setChosen(saved.overrideRoles);
      notifications.show({
        message: saved.overrideRoles.length ? 'Price overrides allowed for the chosen roles.' : 'Nobody may override prices now.',
      });
    } catch (err) {
      setError(toApiError(err).message);
    } finally {
      setBusy(false);
    }
  }

  const stored = settings.data?.overrideRoles ?? [];
  const changed = chosen !== null && (chosen.length !== stored.length || chosen.some((r) => !stored.includes(r)));
  return (
    <Stack gap="sm" maw={560}>
      <Text size="sm">
        A price override sends a line at a price other than the dealer&apos;s list price, with a mandatory reason the platform records. Only
        staff with one of these roles are offered it on the phone order screen; the desk refuses it from anyone else.
      </Text>
      <Checkbox.Group label="Roles that may override prices" value={chosen ?? []} onChange={(v) => setChosen(v as Role[])}>
        <Stack gap={6} mt={6}>
          {roles.map((role) => (
            <Checkbox key={role} value={role} label={roleLabels[role]} />
          ))}
        </Stack>
      </Checkbox.Group>
      {chosen !== null && chosen.length === 0 && (
        <Text size="xs" c="dimmed">
          None chosen: nobody may override prices (the default).
        </Text>
      )}
      {error && <Alert color="red">{error}</Alert>}
      <Group>
        <Button onClick={() => void save()} loading={busy} disabled={!changed}>
          Save
        </Button>
      </Group>
    </Stack>
  );
}
