/**
 * What the main window waits for before it can show anything: who the user is, which database is
 * open, its logged tables and the views saved for it (the sidebar lists them above the tables). They are asked for as the page's script starts, all at once, before
 * React renders anything: asked for by the components that show them, they went out only after
 * the first render had been committed (a third of a second and more on a slow machine), so the
 * answers' round trip came after it instead of during it. The first reader of each takes the
 * answer on its way; every later read (retry, another database) asks again.
 */
import type { AuditApi, DescribeSourceResponse, ListSavedViewsResponse, ListTablesResponse, WhoAmIResponse } from '../../shared/contract';

/** A call made ahead of its reader, handed to the first reader only. */
export interface EarlyCall<T> {
  /**
   * The call's answer on its way, the first time only (then null, and the reader asks itself).
   * Aborting `signal` abandons the call, as aborting the reader's own call would.
   */
  take(signal: AbortSignal): Promise<T> | null;
}

/** Makes `call` now, for whoever takes it first. */
export function callEarly<T>(call: (signal: AbortSignal) => Promise<T>): EarlyCall<T> {
  const controller = new AbortController();
  let pending: Promise<T> | null = call(controller.signal);
  // Not taken (or taken and abandoned), a failure is nobody's to report.
  pending.catch(() => undefined);
  return {
    take(signal) {
      const taken = pending;
      pending = null;
      if (taken) {
        if (signal.aborted) controller.abort();
        else signal.addEventListener('abort', () => controller.abort(), { once: true });
      }
      return taken;
    },
  };
}

/** The main window's first calls (see above). */
export interface FirstCalls {
  me: EarlyCall<WhoAmIResponse>;
  source: EarlyCall<DescribeSourceResponse>;
  tables: EarlyCall<ListTablesResponse>;
  savedViews: EarlyCall<ListSavedViewsResponse>;
}

/** Starts the main window's first calls, all at once. */
export function startFirstCalls(api: AuditApi): FirstCalls {
  return {
    me: callEarly((signal) => api.whoAmI({}, { signal })),
    source: callEarly((signal) => api.describeSource({}, { signal })),
    tables: callEarly((signal) => api.listTables({}, { signal })),
    savedViews: callEarly((signal) => api.listSavedViews({}, { signal })),
  };
}
