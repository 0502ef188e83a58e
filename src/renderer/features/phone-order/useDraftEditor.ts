// One draft being typed: its content held here, saved to the desk as the clerk types (debounced, one save
// in flight at a time, always the latest content, each save quoting the revision it builds on), and flushed
// before a submit or when the clerk switches drafts. Nothing typed waits longer than the debounce to reach
// the database, so a crash of the desk loses at most the last fraction of a second.
import { useCallback, useEffect, useRef, useState } from 'react';
import type { DraftLine, DraftView } from '../../../shared/api/features/phoneOrder';
import type { ApiError } from '../../../shared/api/errors';
import { toApiError, useDeskApi } from '../../api/hooks';
import { registerPendingWork } from '../../app/pendingWork';

export interface DraftContent {
  lines: DraftLine[];
  notes: string;
  dealerWaiting: boolean;
  requestedDeliveryDate: string | null;
}

export type SaveState = { kind: 'saved'; at: string } | { kind: 'saving' } | { kind: 'error'; error: ApiError };

const SAVE_DEBOUNCE_MS = 300;
const SAVE_RETRY_MS = 2000;

export function contentOf(draft: DraftView): DraftContent {
  return {
    lines: draft.lines,
    notes: draft.notes ?? '',
    dealerWaiting: draft.dealerWaiting,
    requestedDeliveryDate: draft.requestedDeliveryDate,
  };
}

export function useDraftEditor(draft: DraftView) {
  const api = useDeskApi();
  const [content, setContentState] = useState<DraftContent>(() => contentOf(draft));
  const [saveState, setSaveState] = useState<SaveState>({ kind: 'saved', at: draft.updatedAt });
  const revision = useRef(draft.revision);
  const latest = useRef(content);
  const dirty = useRef(false);
  const timer = useRef<ReturnType<typeof setTimeout> | null>(null);
  const running = useRef<Promise<void> | null>(null);
  const mounted = useRef(true);

  const run = useCallback((): Promise<void> => {
    if (running.current) return running.current;
    const loop = async () => {
      while (dirty.current) {
        dirty.current = false;
        const c = latest.current;
        try {
          const saved = await api.call('phoneOrder.draft.save', {
            draftId: draft.id,
            revision: revision.current,
            lines: c.lines,
            notes: c.notes.trim() ? c.notes : null,
            dealerWaiting: c.dealerWaiting,
            requestedDeliveryDate: c.requestedDeliveryDate,
          });
          revision.current = saved.revision;
          if (mounted.current && !dirty.current) setSaveState({ kind: 'saved', at: saved.updatedAt });
        } catch (err) {
          const error = toApiError(err);
          if (mounted.current) setSaveState({ kind: 'error', error });
          // The desk did not answer (restarting, busy): keep the content pending and try again, so what was
          // typed reaches the database without another keystroke. A refusal (stale revision, invalid) waits
          // for the clerk instead.
          if (error.kind === 'unavailable' || error.kind === 'internal') {
            dirty.current = true;
            if (!timer.current)
              timer.current = setTimeout(() => {
                timer.current = null;
                void run();
              }, SAVE_RETRY_MS);
          }
          return;
        }
      }
    };
    running.current = loop().finally(() => {
      running.current = null;
    });
    return running.current;
  }, [api, draft.id]);

  const setContent = useCallback(
    (update: (c: DraftContent) => DraftContent) => {
      setContentState((c) => {
        const next = update(c);
        latest.current = next;
        return next;
      });
      dirty.current = true;
      setSaveState({ kind: 'saving' });
      if (timer.current) clearTimeout(timer.current);
      timer.current = setTimeout(() => {
        timer.current = null;
        void run();
      }, SAVE_DEBOUNCE_MS);
    },
    [run],
  );

  /** Saves whatever is pending now; resolves with the revision the next command must quote. */
  const flush = useCallback(async (): Promise<number> => {
    if (timer.current) {
      clearTimeout(timer.current);
      timer.current = null;
    }
    await run();
    if (running.current) await running.current;
    return revision.current;
  }, [run]);

  // Signing out waits for this save: after sign-out the desk refuses it, and the typing would be lost.
  useEffect(() => registerPendingWork(flush), [flush]);

  // Leaving the draft (another tab, another screen) still saves what was typed.
  useEffect(() => {
    mounted.current = true;
    return () => {
      mounted.current = false;
      if (timer.current) {
        clearTimeout(timer.current);
        timer.current = null;
        void run();
      }
    };
  }, [run]);

  return { content, setContent, saveState, flush, latest, revision };
}
