// Work typed in this window that has not reached the desk yet (a draft waiting for its debounced save).
// Signing out revokes the session, after which no save is accepted, so sign-out first flushes every
// registered piece of pending work; a screen that holds typed content registers its flush here.

type Flush = () => Promise<unknown>;

const pending = new Set<Flush>();

/** Registers a flush for as long as the caller holds typed content; returns the unregister function. */
export function registerPendingWork(flush: Flush): () => void {
  pending.add(flush);
  return () => {
    pending.delete(flush);
  };
}

/**
 * Runs every registered flush and waits for them, up to `timeoutMs` (a desk that does not answer must not
 * keep a person from signing out; the flushes keep retrying in the background until the page goes).
 */
export async function flushPendingWork(timeoutMs = 5_000): Promise<void> {
  if (pending.size === 0) return;
  let timer: ReturnType<typeof setTimeout> | undefined;
  const timeout = new Promise<void>((resolve) => {
    timer = setTimeout(resolve, timeoutMs);
  });
  try {
    await Promise.race([Promise.allSettled([...pending].map((flush) => flush())), timeout]);
  } finally {
    clearTimeout(timer);
  }
}
