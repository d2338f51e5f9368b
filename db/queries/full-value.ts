/**
 * One whole value, where pages carry a cut one: read through the same code as the page that
 * showed it (`getRecord` for a record's own values, `getEntries` for a log entry's), with long
 * values kept whole, so it is masked exactly as the page was and is the value the page cut.
 */
import type { GetFullValueRequest, GetFullValueResponse } from '../../shared/contract';
import type { FieldValue } from '../../shared/domain';
import { AuditError } from '../../shared/errors';
import { fieldOf } from './activity-filter';
import { requireTable, type QueryContext } from './context';
import { getEntries } from './entries';
import { getRecord } from './records';

const PARTS = ['snapshot', 'old', 'new'] as const;

export async function getFullValue(ctx: QueryContext, req: GetFullValueRequest): Promise<GetFullValueResponse> {
  const info = requireTable(ctx, req.table);
  if (typeof req.field !== 'string' || req.field === '') throw new AuditError('bad-request', 'Say which field\'s value to give.');
  const of = req.of ?? 'snapshot';
  if (!PARTS.includes(of)) throw new AuditError('bad-request', 'Say which value of the entry to give: snapshot, old or new.');
  const hasLogId = req.logId !== undefined && req.logId !== null;
  if (!hasLogId && of !== 'snapshot') throw new AuditError('bad-request', 'An old or new value belongs to a log entry: say which (a log id).');
  // Hidden fields are left out of pages altogether; say why rather than that there is no such field.
  const logField = fieldOf(info, req.field);
  if (info.sensitivityOf(logField ?? req.field) === 'hidden') throw new AuditError('forbidden', `${logField ?? req.field} is never shown.`);

  if (!hasLogId) {
    const { record } = await getRecord(ctx, { table: req.table, id: req.id }, { wholeValues: true });
    return { value: valueOf(record.values, req.field, `${info.name} ${String(record.id)}`) };
  }
  const [entry] = (await getEntries(ctx, { table: req.table, id: req.id, logIds: [req.logId!], wholeValues: true })).entries;
  if (!entry) throw new AuditError('not-found', `${info.name} ${String(req.id)} has no log entry ${String(req.logId)}.`);
  const what = `Log entry ${String(entry.logId)} of ${info.name} ${String(entry.recordId)}`;
  if (of === 'snapshot') return { value: valueOf(entry.snapshot, req.field, what) };
  const change = entry.changes.find((c) => c.field === (logField ?? req.field));
  if (!change) throw new AuditError('not-found', `${what} did not change ${req.field}.`);
  return { value: of === 'old' ? change.old : change.new };
}

/** The value of `field` among `values`: by its exact name, else by the name ignoring case (as tables are named). */
function valueOf(values: Record<string, FieldValue>, field: string, what: string): FieldValue {
  const own = (name: string) => Object.prototype.hasOwnProperty.call(values, name);
  const lower = field.toLowerCase();
  const name = own(field) ? field : Object.keys(values).find((key) => key.toLowerCase() === lower);
  if (name === undefined) throw new AuditError('not-found', `${what} has no field named "${field}".`);
  return values[name]!;
}
