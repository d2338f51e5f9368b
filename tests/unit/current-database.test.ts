/** The current database: a new one is swapped in only once it opened; switches never interleave. */
import { describe, expect, it, vi } from 'vitest';
import { createCurrentDatabase } from '../../db/connections/index';
import type { AuditService } from '../../db/index';
import { AuditError } from '../../shared/errors';

function fakeService(name: string) {
  return { name, close: vi.fn(async () => undefined) } as unknown as AuditService & { name: string; close: ReturnType<typeof vi.fn> };
}

describe('createCurrentDatabase', () => {
  it('swaps in a database only once it opened, closing the previous one', async () => {
    const first = fakeService('first');
    const second = fakeService('second');
    const holder = createCurrentDatabase<string>();
    expect(holder.current()).toBeNull();

    expect(await holder.open(async () => first, 'first')).toEqual({ ok: true });
    expect(holder.current()).toEqual({ service: first, info: 'first' });

    const failure = new AuditError('auth-failed', 'The server refused the password for user auditor.');
    const outcome = await holder.open(async () => {
      throw failure;
    }, 'broken');
    expect(outcome).toEqual({ ok: false, error: { code: 'auth-failed', message: failure.message }, cause: failure });
    expect(holder.current()).toEqual({ service: first, info: 'first' });
    expect(first.close).not.toHaveBeenCalled();

    expect(await holder.open(async () => second, 'second')).toEqual({ ok: true });
    expect(holder.current()?.service).toBe(second);
    expect(first.close).toHaveBeenCalledOnce();

    await holder.close();
    expect(holder.current()).toBeNull();
    expect(second.close).toHaveBeenCalledOnce();
  });

  it('runs opens one after another, so the last one asked for wins', async () => {
    const a = fakeService('a');
    const b = fakeService('b');
    let release: () => void = () => undefined;
    const slow = new Promise<void>((resolve) => (release = resolve));
    const holder = createCurrentDatabase<string>();
    const first = holder.open(async () => {
      await slow;
      return a;
    }, 'a');
    const second = holder.open(async () => b, 'b');
    release();
    await Promise.all([first, second]);
    expect(holder.current()?.service).toBe(b);
    expect(a.close).toHaveBeenCalledOnce();
  });
});
