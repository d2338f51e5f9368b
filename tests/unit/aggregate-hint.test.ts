import { describe, expect, it } from 'vitest';
import { aggregateHint } from '../../renderer/audit/aggregate-hint';
import type { IndexHint } from '../../shared/domain';

const hint = (read: IndexHint['read'], statements: string): IndexHint => ({ read, reason: `${read} is slow`, statements });

describe('the aggregate index note above Review and Insights', () => {
  it('says nothing when every log has it, whatever other index is missing', () => {
    expect(aggregateHint([{ logTable: 'A_log', indexHints: [hint('people', 'CREATE INDEX p;'), hint('search', 'CREATE INDEX s;')] }], 'Review')).toBeNull();
    expect(aggregateHint([], 'Review')).toBeNull();
  });

  it('names each log lacking it once, in one sentence, with every statement to copy', () => {
    const tables = [
      { logTable: 'Customer_log', indexHints: [hint('review', 'CREATE INDEX "Customer_log_by_time_person_cue" ON "Customer_log" ("ByTime", "ID", "ByID", "ChangeCue");')] },
      { logTable: 'Person_log', indexHints: [hint('people', 'CREATE INDEX p;')] },
      { logTable: 'Contact_log', indexHints: [hint('review', 'CREATE INDEX c;')] },
      { logTable: 'Audit_log', indexHints: [hint('review', 'CREATE INDEX a;')] },
    ];
    expect(aggregateHint(tables, 'Insights')).toEqual({
      reason: 'Insights reads every entry of the period from Customer_log, Contact_log and Audit_log: their time indexes lack the person or the change cue, so a long period can be slow.',
      statements: 'CREATE INDEX "Customer_log_by_time_person_cue" ON "Customer_log" ("ByTime", "ID", "ByID", "ChangeCue");\nCREATE INDEX c;\nCREATE INDEX a;',
      copy: 'Copy statements',
    });
    expect(aggregateHint(tables.slice(0, 1), 'Review')?.reason).toBe(
      'Review reads every entry of the period from Customer_log: its time index lacks the person or the change cue, so a long period can be slow.',
    );
  });
});
