// First run: create the admin account (shown while `session.get` says setupDone=false).
import { Alert, Button, Center, Paper, PasswordInput, Stack, Text, TextInput, Title } from '@mantine/core';
import { useState, type FormEvent } from 'react';
import type { SignInResult } from '../../../shared/api/contract';
import type { ApiError } from '../../../shared/api/errors';
import { useDeskApi, toApiError } from '../../api/hooks';
import { fieldErrors, formLevelMessage } from '../../app/format';

export function SetupScreen({ onDone }: { onDone: (result: SignInResult) => void }) {
  const api = useDeskApi();
  const [username, setUsername] = useState('');
  const [displayName, setDisplayName] = useState('');
  const [password, setPassword] = useState('');
  const [confirm, setConfirm] = useState('');
  const [error, setError] = useState<ApiError | null>(null);
  const [busy, setBusy] = useState(false);
  const fields = fieldErrors(error);
  const mismatch = confirm.length > 0 && confirm !== password;

  async function submit(event: FormEvent) {
    event.preventDefault();
    if (password !== confirm) return;
    setBusy(true);
    setError(null);
    try {
      onDone(await api.call('session.setupAdmin', { username, displayName, password }));
    } catch (err) {
      setError(toApiError(err));
    } finally {
      setBusy(false);
    }
  }

  return (
    <Center mih="100vh" p="md">
      <Paper withBorder p="xl" radius="md" w={420}>
        <form onSubmit={submit} aria-label="Create the admin account">
          <Stack gap="sm">
            <Title order={2}>Set up Dealer Desk</Title>
            <Text size="sm" c="dimmed">
              This desk has no staff accounts yet. Create the administrator: they add everyone else and set their roles.
            </Text>
            <TextInput
              label="User name"
              autoFocus
              required
              value={username}
              onChange={(e) => setUsername(e.currentTarget.value)}
              error={fields.username}
              autoComplete="username"
            />
            <TextInput
              label="Full name"
              required
              value={displayName}
              onChange={(e) => setDisplayName(e.currentTarget.value)}
              error={fields.displayName}
            />
            <PasswordInput
              label="Password"
              description="At least 10 characters."
              required
              value={password}
              onChange={(e) => setPassword(e.currentTarget.value)}
              error={fields.password}
              autoComplete="new-password"
            />
            <PasswordInput
              label="Repeat password"
              required
              value={confirm}
              onChange={(e) => setConfirm(e.currentTarget.value)}
              error={mismatch ? 'The two passwords differ.' : undefined}
              autoComplete="new-password"
            />
            {formLevelMessage(error, ['username', 'displayName', 'password']) && (
              <Alert color="red" role="alert">
                {formLevelMessage(error, ['username', 'displayName', 'password'])}
              </Alert>
            )}
            <Button type="submit" loading={busy} disabled={mismatch}>
              Create admin and sign in
            </Button>
          </Stack>
        </form>
      </Paper>
    </Center>
  );
}
