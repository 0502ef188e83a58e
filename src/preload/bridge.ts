// The bridge object the preload exposes, built over any ipcRenderer-like transport so a Node test can
// exercise it without Electron.
import type { DeskBridge } from '../shared/api/contract';
import { deskChannels, type DeskCallMessage, type DeskEventMessage } from './channels';

/** The two ipcRenderer methods the bridge needs (structurally satisfied by Electron's ipcRenderer). */
export interface BridgeTransport {
  invoke(channel: string, message: DeskCallMessage): Promise<unknown>;
  on(channel: string, listener: (event: unknown, message: unknown) => void): unknown;
  removeListener(channel: string, listener: (event: unknown, message: unknown) => void): unknown;
}

function isDeskEventMessage(message: unknown): message is DeskEventMessage {
  return typeof message === 'object' && message !== null && typeof (message as { event?: unknown }).event === 'string';
}

export function createDeskBridge(transport: BridgeTransport) {
  return {
    call(procedure: string, input: unknown, sessionToken: string | null): Promise<unknown> {
      return transport.invoke(deskChannels.call, { procedure, input, session: sessionToken });
    },
    subscribe(event: string, listener: (payload: unknown) => void): () => void {
      // One ipcRenderer listener per subscription, filtered by event name; the IPC event object itself
      // (which carries `sender`) never reaches the page.
      const onMessage = (_ipcEvent: unknown, message: unknown) => {
        if (isDeskEventMessage(message) && message.event === event) listener(message.payload);
      };
      transport.on(deskChannels.event, onMessage);
      let subscribed = true;
      return () => {
        if (!subscribed) return;
        subscribed = false;
        transport.removeListener(deskChannels.event, onMessage);
      };
    },
  } satisfies DeskBridge;
}
