/**
 * The open replica, and swapping it for another. A new replica is opened first and swapped in
 * only when that succeeds, so a failed "Open replica…" leaves the app on the one it had.
 */
import type { AuditService } from '../db/index';
import { toErrorPayload, type AuditErrorPayload } from '../shared/errors';

export type OpenOutcome = { ok: true } | { ok: false; error: AuditErrorPayload };

export interface ReplicaHolder {
  /** The open replica, or null before one opened (or after close). */
  current(): AuditService | null;
  /** Opens `file` and, when that succeeds, closes the previous replica. Never throws. */
  open(file: string): Promise<OpenOutcome>;
  /** Closes the open replica, if any. */
  close(): Promise<void>;
}

/** Holds one replica at a time, opened with `openService` (main passes `openAuditDatabase`). */
export function createReplicaHolder(openService: (file: string) => Promise<AuditService>): ReplicaHolder {
  let current: AuditService | null = null;
  // Opens and closes run one after another, so two quick "Open replica…" cannot interleave.
  let queue: Promise<unknown> = Promise.resolve();
  const serial = <T>(task: () => Promise<T>): Promise<T> => {
    const next = queue.then(task, task);
    queue = next.catch(() => undefined);
    return next;
  };

  return {
    current: () => current,
    open: (file) =>
      serial(async (): Promise<OpenOutcome> => {
        let opened: AuditService;
        try {
          opened = await openService(file);
        } catch (error) {
          return { ok: false, error: toErrorPayload(error) };
        }
        const previous = current;
        current = opened;
        // The old replica is read-only; failing to close it cannot lose anything.
        await previous?.close().catch(() => undefined);
        return { ok: true };
      }),
    close: () =>
      serial(async () => {
        const previous = current;
        current = null;
        await previous?.close().catch(() => undefined);
      }),
  };
}
