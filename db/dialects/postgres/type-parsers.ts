/**
 * How PostgreSQL values arrive in JavaScript. node-postgres' defaults lose information a log
 * reader needs: 8-byte integers would be strings (the SQLite path gives BigInt, and values.ts
 * narrows both the same way), and `timestamp without time zone` and `date` would be read in the
 * local zone. `ByTime` is UTC by definition, so timestamps without a zone are read as UTC.
 */
import pg from 'pg';

const OID = { int8: 20, date: 1082, timestamp: 1114 } as const;

function utcTimestamp(text: string): Date | string {
  const date = new Date(`${text.replace(' ', 'T')}Z`);
  // 'infinity', BC dates and the like stay as the server wrote them.
  return Number.isNaN(date.getTime()) ? text : date;
}

function int8(text: string): bigint | string {
  return /^-?\d+$/.test(text) ? BigInt(text) : text;
}

export const typeParsers: pg.CustomTypesConfig = {
  getTypeParser: ((oid: number, format?: 'text' | 'binary') => {
    if (format === undefined || format === 'text') {
      if (oid === OID.int8) return int8;
      if (oid === OID.timestamp) return utcTimestamp;
      if (oid === OID.date) return (text: string) => text;
    }
    return pg.types.getTypeParser(oid, format ?? 'text');
  }) as pg.CustomTypesConfig['getTypeParser'],
};
