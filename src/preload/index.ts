// The preload: exposes window.dealerDesk = { call, subscribe } to the sandboxed renderer and nothing else.
// Built as CommonJS (out/preload/index.cjs) because a sandboxed renderer cannot load an ESM preload.
import { contextBridge, ipcRenderer } from 'electron';
import type { DeskBridge } from '../shared/api/contract';
import { createDeskBridge } from './bridge';

const dealerDesk = createDeskBridge(ipcRenderer) satisfies DeskBridge;

contextBridge.exposeInMainWorld('dealerDesk', dealerDesk);

/** The exact type the renderer sees on window.dealerDesk, derived from the real object. */
export type ExposedDeskBridge = typeof dealerDesk;
