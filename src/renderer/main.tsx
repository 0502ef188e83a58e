// Renderer entry: Mantine providers (theme persisted in localStorage), notifications, the typed API, the app.
import '@mantine/core/styles.css';
import '@mantine/notifications/styles.css';
import '@mantine/spotlight/styles.css';
import { localStorageColorSchemeManager, MantineProvider } from '@mantine/core';
import { Notifications } from '@mantine/notifications';
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { browserSessionStore, createDeskApi, pickBridge } from './api/client';
import { ApiContext } from './api/hooks';
import { App } from './app/App';
import { deskTheme } from './app/theme';

const api = createDeskApi(pickBridge(), browserSessionStore());
const colorSchemeManager = localStorageColorSchemeManager({ key: 'dealerDesk.colorScheme' });

const root = document.getElementById('root');
if (!root) throw new Error('index.html lacks #root');
createRoot(root).render(
  <StrictMode>
    <MantineProvider theme={deskTheme} colorSchemeManager={colorSchemeManager} defaultColorScheme="light">
      <Notifications position="bottom-right" limit={4} />
      <ApiContext.Provider value={api}>
        <App />
      </ApiContext.Provider>
    </MantineProvider>
  </StrictMode>,
);
