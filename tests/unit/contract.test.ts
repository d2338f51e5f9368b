import { describe, expect, it } from 'vitest';
import { API_CALL_NAMES, AUDIT_CONTRACT, type AuditApi } from '../../shared/contract';
import { CONNECTIONS_CONTRACT } from '../../shared/connections-contract';
import { abandonedError, defineContract, whileWanted, type CallOptions } from '../../shared/contract-kit';
import { DESKTOP_EXPORT_CONTRACT } from '../../shared/export-contract';
import { SHELL_GLOBAL } from '../../shared/shell-events';

describe('the API contract', () => {
  it('names every call once', () => {
    expect([...API_CALL_NAMES].sort()).toEqual(
      ['describeSource', 'getChangeSet', 'getEntries', 'getFieldHistory', 'getFullValue', 'getHistory', 'getInsights', 'getRelatedHistory', 'getRecord', 'getRecordAsOf', 'getRestoreSql', 'getReview', 'listActivity', 'listDeletedRecords', 'listPeople', 'listRecords', 'listTables', 'whoAmI', 'listHowMadeValues', 'getLogHealth', 'listSavedViews', 'saveView', 'renameView', 'deleteView'].sort(),
    );
    expect(AUDIT_CONTRACT.isCall('getHistory')).toBe(true);
    expect(AUDIT_CONTRACT.isCall('toString')).toBe(false);
    expect(AUDIT_CONTRACT.isCall('__proto__')).toBe(false);
  });

  it('builds a client whose every call goes through the transport by name', async () => {
    const sent: Array<[string, unknown]> = [];
    const client = AUDIT_CONTRACT.client(async (call, request) => {
      sent.push([call, request]);
      return { echoed: call };
    });
    await expect(client.getHistory({ table: 'Customer', id: 1 })).resolves.toEqual({ echoed: 'getHistory' });
    await client.whoAmI({});
    expect(sent).toEqual([['getHistory', { table: 'Customer', id: 1 }], ['whoAmI', {}]]);
    expect(Object.keys(client).sort()).toEqual([...API_CALL_NAMES].sort());
  });

  it('dispatches a named call to an implementation, with an empty request for none', async () => {
    const seen: unknown[] = [];
    const api = Object.fromEntries(
      API_CALL_NAMES.map((name) => [name, async (req: unknown) => (seen.push([name, req]), name)]),
    ) as unknown as AuditApi;
    await expect(AUDIT_CONTRACT.dispatch(api, 'listTables', undefined)).resolves.toBe('listTables');
    expect(seen).toEqual([['listTables', {}]]);
  });
});

describe('defineContract', () => {
  interface EchoApi {
    echo(req: { text: string }, options?: CallOptions): Promise<{ text: string }>;
  }
  const ECHO = defineContract<EchoApi>({ calls: { echo: true }, channel: 'test:echo', httpPath: '/echo/', global: 'echo' });

  it('keeps the declaration, and passes the options on both ways', async () => {
    expect(ECHO).toMatchObject({ channel: 'test:echo', httpPath: '/echo/', global: 'echo', names: ['echo'] });
    const signal = new AbortController().signal;
    const seen: unknown[] = [];
    const client = ECHO.client(async (call, request, options) => (seen.push(call, request, options?.signal === signal), request));
    await client.echo({ text: 'hi' }, { signal });
    expect(seen).toEqual(['echo', { text: 'hi' }, true]);
    const implementation: EchoApi = { echo: async (req, options) => ({ text: `${req.text}${options?.signal === signal ? ' (signal)' : ''}` }) };
    await expect(ECHO.dispatch(implementation, 'echo', { text: 'x' }, { signal })).resolves.toEqual({ text: 'x (signal)' });
    expect(Object.isFrozen(ECHO)).toBe(true);
  });

  it('gives every contract its own channel, path and global, and the shell bridge a global of its own', () => {
    const contracts = [AUDIT_CONTRACT, CONNECTIONS_CONTRACT, DESKTOP_EXPORT_CONTRACT];
    expect(new Set(contracts.map((c) => c.channel)).size).toBe(3);
    expect(new Set([...contracts.map((c) => c.global), SHELL_GLOBAL]).size).toBe(4);
    expect(contracts.map((c) => c.httpPath)).toEqual(['/api/', '/api/connections/', undefined]);
  });
});

describe('whileWanted', () => {
  it('rejects at once as cancelled when the caller aborts, and tells the other side', async () => {
    const controller = new AbortController();
    let told = 0;
    const never = new Promise<string>(() => undefined);
    const call = whileWanted(controller.signal, () => never, () => void (told += 1));
    controller.abort();
    await expect(call).rejects.toMatchObject({ code: 'cancelled', message: abandonedError().message });
    expect(told).toBe(1);
    await expect(whileWanted(controller.signal, async () => 'late', () => void (told += 1))).rejects.toMatchObject({ code: 'cancelled' });
    expect(told).toBe(1);
    await expect(whileWanted(undefined, async () => 'done', () => void (told += 1))).resolves.toBe('done');
  });
});
