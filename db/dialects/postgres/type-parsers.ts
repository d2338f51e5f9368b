/**
 * How PostgreSQL values arrive in JavaScript. node-postgres' defaults lose information a log
 * reader needs: 8-byte integers would be strings (the SQLite path gives BigInt, and values.ts
 * narrows both the same way), `date` would be read in the local zone, and timestamps would become
 * JavaScript dates, which keep milliseconds only and go back to the server in this machine's zone
 * (a `timestamp` column, UTC by the model, would then be compared hours off). Timestamps are kept
 * as the server wrote them instead (the session runs in UTC with ISO dates; see open-postgres.ts),
 * microseconds included; time-codec.ts reads them.
 */
import pg from 'pg';
import { StoredTimestamp } from '../../time-codec';

const OID = { int8: 20, date: 1082, timestamp: 1114, timestamptz: 1184, timestampArray: 1115, timestamptzArray: 1185 } as const;

function int8(text: string): bigint | string {
  return /^-?\d+$/.test(text) ? BigInt(text) : text;
}

const asText = (text: string): string => text;

export const typeParsers: pg.CustomTypesConfig = {
  getTypeParser: ((oid: number, format?: 'text' | 'binary') => {
    if (format === undefined || format === 'text') {
      if (oid === OID.int8) return int8;
      if (oid === OID.timestamp) return (text: string) => new StoredTimestamp(text, false);
      if (oid === OID.timestamptz) return (text: string) => new StoredTimestamp(text, true);
      if (oid === OID.date || oid === OID.timestampArray || oid === OID.timestamptzArray) return asText;
    }
    return pg.types.getTypeParser(oid, format ?? 'text');
  }) as pg.CustomTypesConfig['getTypeParser'],
};
