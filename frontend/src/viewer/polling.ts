// Polling for what has no websocket (Map Runs): read now, then again `intervalMs` after each answer for as long
// as `again` says so. The next read is scheduled only once the previous one has answered, so a slow server never
// has two reads of the same thing in flight. Timers are injectable: tests/viewer/polling.test.ts.

export interface PollTimers {
  setTimeout: (callback: () => void, ms: number) => unknown;
  clearTimeout: (handle: unknown) => void;
}

export interface PollOptions<T> {
  load: () => Promise<T>;
  onResult: (result: T) => void;
  /** Read again after this result? */
  again: (result: T) => boolean;
  onError?: (error: unknown) => void;
  /** Read again after this failure? By default yes: a network blip must not end the polling. */
  retry?: (error: unknown) => boolean;
  intervalMs: number;
  timers?: PollTimers;
}

const browserTimers: PollTimers = {
  setTimeout: (callback, ms) => window.setTimeout(callback, ms),
  clearTimeout: (handle) => window.clearTimeout(handle as number),
};

/** Starts polling at once; the returned function stops it (no callback is called after it). */
export function startPolling<T>({
  load, onResult, again, onError, retry = () => true, intervalMs, timers = browserTimers,
}: PollOptions<T>): () => void {
  let stopped = false;
  let timer: unknown = null;
  const schedule = () => {
    timer = timers.setTimeout(() => {
      timer = null;
      read();
    }, intervalMs);
  };
  const read = () => {
    load().then(
      (result) => {
        if (stopped) return;
        onResult(result);
        if (again(result)) schedule();
      },
      (error: unknown) => {
        if (stopped) return;
        onError?.(error);
        if (retry(error)) schedule();
      },
    );
  };
  read();
  return () => {
    stopped = true;
    if (timer !== null) timers.clearTimeout(timer);
  };
}
