/**
 * What the first paint loads: the modules renderer/main.tsx reaches through static imports end up
 * in the chunks the page loads before it can show the logged tables. The rarely used dialogs
 * (Connections, Export) and the date inputs (whose library computes every time zone's offset as it
 * loads) must be reached only through `import()`, so that they are chunks of their own.
 */
import fs from 'node:fs';
import path from 'node:path';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';

const ROOT = path.resolve(__dirname, '../..');
const ENTRY = path.join(ROOT, 'renderer', 'main.tsx');

/** The specifiers a module imports for their values (type-only imports vanish from the bundle). */
function staticValueImports(file: string): string[] {
  const source = ts.createSourceFile(file, fs.readFileSync(file, 'utf8'), ts.ScriptTarget.Latest, false, ts.ScriptKind.TSX);
  const specifiers: string[] = [];
  for (const statement of source.statements) {
    if (ts.isImportDeclaration(statement)) {
      const clause = statement.importClause;
      if (clause?.isTypeOnly) continue;
      const bindings = clause?.namedBindings;
      const onlyTypes = clause && !clause.name && bindings && ts.isNamedImports(bindings) && bindings.elements.length > 0 && bindings.elements.every((e) => e.isTypeOnly);
      if (onlyTypes) continue;
      specifiers.push((statement.moduleSpecifier as ts.StringLiteral).text);
    } else if (ts.isExportDeclaration(statement) && statement.moduleSpecifier && !statement.isTypeOnly) {
      specifiers.push((statement.moduleSpecifier as ts.StringLiteral).text);
    }
  }
  return specifiers;
}

function resolveLocal(from: string, specifier: string): string | null {
  const base = path.resolve(path.dirname(from), specifier);
  for (const candidate of [base, `${base}.ts`, `${base}.tsx`, path.join(base, 'index.ts'), path.join(base, 'index.tsx')]) {
    if (fs.existsSync(candidate) && fs.statSync(candidate).isFile()) return candidate;
  }
  return null;
}

/** The project files and the packages the entry reaches through static value imports. */
function firstPaintGraph(): { files: Set<string>; packages: Set<string> } {
  const files = new Set<string>();
  const packages = new Set<string>();
  const pending = [ENTRY];
  while (pending.length > 0) {
    const file = pending.pop()!;
    if (files.has(file)) continue;
    files.add(file);
    for (const specifier of staticValueImports(file)) {
      if (specifier.startsWith('.')) {
        const resolved = resolveLocal(file, specifier);
        if (resolved && /\.tsx?$/.test(resolved)) pending.push(resolved);
      } else if (!specifier.endsWith('.css')) {
        packages.add(specifier.startsWith('@') ? specifier.split('/').slice(0, 2).join('/') : specifier.split('/')[0]!);
      }
    }
  }
  return { files: new Set([...files].map((f) => path.relative(ROOT, f).split(path.sep).join('/'))), packages };
}

describe('the first paint', () => {
  const { files, packages } = firstPaintGraph();

  it('reaches the main window through static imports (the walk itself works)', () => {
    expect(files).toContain('renderer/app/App.tsx');
    expect(files).toContain('renderer/app/TableList.tsx');
    expect(packages).toContain('@blueprintjs/core');
  });

  it.each([
    'renderer/connections/ConnectionsDialog.tsx',
    'renderer/export/ExportDialog.tsx',
    'renderer/common/DayRangeInput.tsx',
    'renderer/properties/AsOfView.tsx',
    'renderer/insights/InsightsView.tsx',
    'renderer/audit/LogTimeline.tsx',
  ])(
    'does not load %s: it is a chunk of its own, loaded when first shown',
    (file) => {
      expect(fs.existsSync(path.join(ROOT, file))).toBe(true);
      expect(files).not.toContain(file);
    },
  );

  it('does not load the date library, which computes every time zone as it loads', () => {
    expect(packages).not.toContain('@blueprintjs/datetime');
  });

  it('does not load the charting library: Insights is a chunk of its own', () => {
    expect(packages).not.toContain('echarts');
  });
});
