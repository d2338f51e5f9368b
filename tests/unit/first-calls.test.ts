/**
 * The main window's first calls (renderer/api/first-calls.ts): made at once, all four, before
 * anything waits for another; each answer handed to its first reader only; a reader that gives up
 * abandons the call.
 */
import { describe, expect, it } from 'vitest';
import type { AuditApi } from '../../shared/contract';
import { callEarly, startFirstCalls } from '../../renderer/api/first-calls';

/** An API whose calls never answer on their own: it notes each call and the signal it was given. */
function pendingApi() {
  const made: Array<{ call: string; signal: AbortSignal | undefined }> = [];
  const answers = new Map<string, (value: unknown) => void>();
  const api = new Proxy({} as AuditApi, {
    get: (_target, call: string) => (_request: unknown, options?: { signal?: AbortSignal }) => {
      made.push({ call, signal: options?.signal });
      return new Promise((resolve) => answers.set(call, resolve));
    },
  });
  return { api, made, answer: (call: string, value: unknown) => answers.get(call)!(value) };
}

describe('the first calls', () => {
  it('asks for who the user is, the database, its logged tables and its saved views at once, none waiting for another', () => {
    const { api, made } = pendingApi();
    startFirstCalls(api);
    // Nothing has answered, and all four are on their way.
    expect(made.map((m) => m.call).sort()).toEqual(['describeSource', 'listSavedViews', 'listTables', 'whoAmI']);
  });

  it('hands each answer to its first reader only; later readers ask again', async () => {
    const { api, answer } = pendingApi();
    const first = startFirstCalls(api);
    const taken = first.tables.take(new AbortController().signal);
    expect(taken).not.toBeNull();
    expect(first.tables.take(new AbortController().signal)).toBeNull();
    answer('listTables', { tables: [], relations: [] });
    await expect(taken).resolves.toEqual({ tables: [], relations: [] });
  });

  it('abandons the call when its reader gives up, before or after taking it', () => {
    const { api, made } = pendingApi();
    const early = callEarly((signal) => api.whoAmI({}, { signal }));
    const reader = new AbortController();
    early.take(reader.signal);
    expect(made[0]!.signal!.aborted).toBe(false);
    reader.abort();
    expect(made[0]!.signal!.aborted).toBe(true);

    const gone = new AbortController();
    gone.abort();
    const late = callEarly((signal) => api.describeSource({}, { signal }));
    late.take(gone.signal);
    expect(made[1]!.signal!.aborted).toBe(true);
  });
});
