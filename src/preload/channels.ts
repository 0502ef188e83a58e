// IPC channel names shared by the preload and the Electron main side; no one else uses raw channels.
export const deskChannels = {
  /** renderer -> main, invoke: { procedure, input, session } -> ApiResult */
  call: 'desk:call',
  /** main -> renderer: { event, payload } for every push event */
  event: 'desk:event',
} as const;

/** What the preload sends on `desk:call`. */
export interface DeskCallMessage {
  procedure: string;
  input: unknown;
  session: string | null;
}

/** What main sends on `desk:event`. */
export interface DeskEventMessage {
  event: string;
  payload: unknown;
}
