/**
 * The database the app reads now, and switching to another. The new one is opened first and
 * swapped in only when that succeeded, so a failed "Connect" or "Open replica…" leaves the app on
 * the database it had. Opens and closes run one after another, so two quick switches cannot
 * interleave.
 */
import type { AuditService } from '../audit-service';
import { toErrorPayload, type AuditErrorPayload } from '../../shared/errors';

export type OpenOutcome = { ok: true } | { ok: false; error: AuditErrorPayload; cause: unknown };

export interface Opened<Info> {
  service: AuditService;
  /** What the holder's user wants to know about it (how to describe it, which profile). */
  info: Info;
}

export interface CurrentDatabase<Info> {
  /** The open database, or null before one opened (or after close). */
  current(): Opened<Info> | null;
  /** Opens with `open` and, when that succeeds, closes the previous database. Never throws. */
  open(open: () => Promise<AuditService>, info: Info): Promise<OpenOutcome>;
  /** Closes the open database, if any. */
  close(): Promise<void>;
}

export function createCurrentDatabase<Info>(): CurrentDatabase<Info> {
  let current: Opened<Info> | null = null;
  let queue: Promise<unknown> = Promise.resolve();
  const serial = <T>(task: () => Promise<T>): Promise<T> => {
    const next = queue.then(task, task);
    queue = next.catch(() => undefined);
    return next;
  };

  return {
    current: () => current,
    open: (open, info) =>
      serial(async (): Promise<OpenOutcome> => {
        let service: AuditService;
        try {
          service = await open();
        } catch (error) {
          return { ok: false, error: toErrorPayload(error), cause: error };
        }
        const previous = current;
        current = { service, info };
        // The old database is only read; failing to close it cannot lose anything.
        await previous?.service.close().catch(() => undefined);
        return { ok: true };
      }),
    close: () =>
      serial(async () => {
        const previous = current;
        current = null;
        await previous?.service.close().catch(() => undefined);
      }),
  };
}
