// Staff sign-in. The notice explains why the person is here again (signed out, session ended).
import { Alert, Button, Center, Paper, PasswordInput, Stack, Text, TextInput, Title } from '@mantine/core';
import { useState, type FormEvent } from 'react';
import type { SignInResult } from '../../../shared/api/contract';
import type { ApiError } from '../../../shared/api/errors';
import { useDeskApi, toApiError } from '../../api/hooks';

export function SignInScreen({
  onSignedIn,
  notice,
  modeMessage,
}: {
  onSignedIn: (result: SignInResult) => void;
  notice: string | null;
  modeMessage: string;
}) {
  const api = useDeskApi();
  const [username, setUsername] = useState('');
  const [password, setPassword] = useState('');
  const [error, setError] = useState<ApiError | null>(null);
  const [busy, setBusy] = useState(false);

  async function submit(event: FormEvent) {
    event.preventDefault();
    setBusy(true);
    setError(null);
    try {
      onSignedIn(await api.call('session.signIn', { username, password }));
    } catch (err) {
      setError(toApiError(err));
      setPassword('');
    } finally {
      setBusy(false);
    }
  }

  return (
    <Center mih="100vh" p="md">
      <Paper withBorder p="xl" radius="md" w={380}>
        <form onSubmit={submit} aria-label="Sign in">
          <Stack gap="sm">
            <Title order={2}>Dealer Desk</Title>
            {modeMessage && (
              <Text size="xs" c="dimmed">
                {modeMessage}
              </Text>
            )}
            {notice && !error && (
              <Alert color="blue" variant="light">
                {notice}
              </Alert>
            )}
            <TextInput
              label="User name"
              autoFocus
              required
              value={username}
              onChange={(e) => setUsername(e.currentTarget.value)}
              autoComplete="username"
            />
            <PasswordInput
              label="Password"
              required
              value={password}
              onChange={(e) => setPassword(e.currentTarget.value)}
              autoComplete="current-password"
            />
            {error && (
              <Alert color="red" role="alert">
                {error.message}
              </Alert>
            )}
            <Button type="submit" loading={busy}>
              Sign in
            </Button>
          </Stack>
        </form>
      </Paper>
    </Center>
  );
}
