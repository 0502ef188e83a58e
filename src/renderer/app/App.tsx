// The session state machine: loading -> first-run setup | sign-in | the signed-in shell, and back to
// sign-in when the backend says the session ended.
import { Alert, Button, Center, Loader, Stack, Text } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { useCallback, useEffect, useRef, useState } from 'react';
import type { SessionView, SignInResult, StaffView } from '../../shared/api/contract';
import type { ApiError } from '../../shared/api/errors';
import { toApiError, useDeskApi, usePushEvent } from '../api/hooks';
import { SetupScreen } from '../features/session/SetupScreen';
import { SignInScreen } from '../features/session/SignInScreen';
import { flushPendingWork } from './pendingWork';
import { Shell } from './Shell';

type Phase =
  | { kind: 'loading' }
  | { kind: 'failed'; error: ApiError }
  | { kind: 'setup'; session: SessionView }
  | { kind: 'signIn'; session: SessionView; notice: string | null }
  | { kind: 'signedIn'; session: SessionView; staff: StaffView };

export function App() {
  const api = useDeskApi();
  const [phase, setPhase] = useState<Phase>({ kind: 'loading' });

  const load = useCallback(
    async (notice: string | null = null) => {
      try {
        const session = await api.call('session.get', {});
        if (!session.setupDone) setPhase({ kind: 'setup', session });
        else if (session.staff) setPhase({ kind: 'signedIn', session, staff: session.staff });
        else {
          api.session.set(null);
          setPhase({ kind: 'signIn', session, notice });
        }
      } catch (err) {
        setPhase({ kind: 'failed', error: toApiError(err) });
      }
    },
    [api],
  );

  useEffect(() => {
    void load();
  }, [load]);

  const endSession = useCallback((notice: string) => void load(notice), [load]);
  useEffect(() => api.onUnauthenticated(() => endSession('Your session has ended. Sign in again to carry on.')), [api, endSession]);
  // The event may concern another tab's session: re-reading ours moves this tab to sign-in only if it ended.
  usePushEvent('session.ended', ({ reason }) => endSession(reason));

  // The mode banner can change while the desk runs (demo servers starting, then synced): re-read it when the
  // sync status moves, at most every 5 s, and touch the state only when it changed.
  const lastModeRead = useRef(0);
  usePushEvent('sync.status', () => {
    const now = Date.now();
    if (now - lastModeRead.current < 5_000) return;
    lastModeRead.current = now;
    void api.call('session.get', {}).then(
      ({ mode, modeMessage }) =>
        setPhase((current) =>
          'session' in current && (current.session.mode !== mode || current.session.modeMessage !== modeMessage)
            ? { ...current, session: { ...current.session, mode, modeMessage } }
            : current,
        ),
      () => undefined,
    );
  });

  const signedIn = useCallback(
    (result: SignInResult) => {
      api.session.set(result.sessionToken);
      // Re-read the session so the mode banner and staff view come from the backend, not from the form.
      void load();
    },
    [api, load],
  );

  const signOut = useCallback(async () => {
    // What was typed a moment ago (a draft's debounced save) reaches the desk while the session still holds.
    await flushPendingWork();
    try {
      await api.call('session.signOut', {});
    } catch {
      // Signing out locally must always work, even when the backend is unreachable.
    }
    api.session.set(null);
    // One person's toasts (results, errors) are not for whoever signs in next on this screen.
    notifications.clean();
    window.location.hash = '';
    void load('You are signed out.');
  }, [api, load]);

  switch (phase.kind) {
    case 'loading':
      return (
        <Center mih="100vh">
          <Loader size="sm" />
        </Center>
      );
    case 'failed':
      return (
        <Center mih="100vh" p="md">
          <Stack maw={420}>
            <Alert color="red" title="Dealer Desk could not start this screen">
              {phase.error.message}
            </Alert>
            <Button onClick={() => void load()}>Try again</Button>
          </Stack>
        </Center>
      );
    case 'setup':
      return <SetupScreen onDone={signedIn} />;
    case 'signIn':
      return <SignInScreen onSignedIn={signedIn} notice={phase.notice} modeMessage={phase.session.modeMessage} />;
    case 'signedIn':
      return <Shell staff={phase.staff} session={phase.session} onSignOut={() => void signOut()} />;
    default:
      return <Text>Unknown state</Text>;
  }
}
