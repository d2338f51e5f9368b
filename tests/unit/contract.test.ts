import { describe, expect, it } from 'vitest';
import { API_CALL_NAMES, createApiClient, dispatchApiCall, isApiCallName, type AuditApi } from '../../shared/contract';

describe('the API contract', () => {
  it('names every call once', () => {
    expect([...API_CALL_NAMES].sort()).toEqual(
      ['describeSource', 'getChangeSet', 'getEntries', 'getFieldHistory', 'getFullValue', 'getHistory', 'getRecord', 'getRecordAsOf', 'getRestoreSql', 'listActivity', 'listDeletedRecords', 'listPeople', 'listRecords', 'listTables', 'whoAmI'].sort(),
    );
    expect(isApiCallName('getHistory')).toBe(true);
    expect(isApiCallName('toString')).toBe(false);
    expect(isApiCallName('__proto__')).toBe(false);
  });

  it('builds a client whose every call goes through the transport by name', async () => {
    const sent: Array<[string, unknown]> = [];
    const client = createApiClient(async (call, request) => {
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
    await expect(dispatchApiCall(api, 'listTables', undefined)).resolves.toBe('listTables');
    expect(seen).toEqual([['listTables', {}]]);
  });
});
