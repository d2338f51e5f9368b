/**
 * Which records belong to which: the relations a record's whole story follows (its children's
 * changes in its log, restore with children, as of with children).
 *
 * The default rule, for a foreign key the schema declares from a child table's column to a parent
 * table's key: the child's records **belong** to the parent's when
 *
 * 1. both tables are logged (the app reads the child's changes from its log, and opens the parent
 *    from its own);
 * 2. the parent is not the people table: `AccountManagerID → Person` says who looks after a
 *    customer, not what the person owns, and would put every customer in a person's story;
 * 3. the column is named after the parent table (`CustomerID`, `customer_id`, `Customer` for
 *    `Customer`; `ServiceOrderID` for `Service Order`; a plural table's singular, `customer_id` for
 *    `customers`): a column named for its role (`LeadAuditorID → Person`, `BillingAddressID →
 *    Address`) is a reference, not ownership;
 * 4. the child's log keeps the column in its snapshots, so that each of its rows says which parent
 *    the child belonged to at that time;
 * 5. the child is another table (a tree of one table, `ParentCategoryID → Category`, is not
 *    followed by default).
 *
 * Settings change it per child table (`tables.<Child>.belongsTo`): `{"CustomerID": "Customer"}`
 * adds a relation the schema does not declare (replicas often lack foreign keys), `{"CountryID":
 * false}` removes one the rule would follow (a logged lookup table). A setting that cannot be
 * followed (no such table or column) is left out with its reason, never guessed at.
 */
import type { ForeignKey, Introspection } from '../engine';
import type { TableOverride } from '../settings';
import type { Catalog, LogTableInfo, Relation } from './catalog';
import { PERSON_TABLE } from './conventions';
import { resolveName } from './identifiers';

type LeftOut = Catalog['relationsLeftOut'][number];

/** The relations between the catalog's logged tables, and the references left out with why. */
export function findRelations(
  found: Pick<Introspection, 'foreignKeys'>,
  tables: readonly LogTableInfo[],
  personTable: string | null,
  /** Each table's `belongsTo` setting, as discovery found its override. */
  belongsToOf: (table: string) => TableOverride['belongsTo'],
): { relations: Relation[]; relationsLeftOut: LeftOut[] } {
  const relations: Relation[] = [];
  const leftOut: LeftOut[] = [];
  const byBase = new Map(tables.filter((t) => t.baseExists).map((t) => [t.name, t]));
  const names = tables.map((t) => t.name);
  const settled = new Set<string>();
  const key = (child: string, column: string) => `${child}\u0000${column}`;

  // The settings first: what they say about a column is the answer for it.
  for (const child of tables) {
    const belongsTo = belongsToOf(child.name);
    if (!belongsTo) continue;
    for (const [configured, parentName] of Object.entries(belongsTo)) {
      const column = resolveName(child.fieldNames, configured);
      if (column === null) {
        leftOut.push({ child: child.name, column: configured, parent: parentName === false ? '' : parentName, reason: `the settings name ${configured}, which ${child.logTable} does not keep` });
        continue;
      }
      settled.add(key(child.name, column));
      if (parentName === false) {
        leftOut.push({ child: child.name, column, parent: '', reason: 'the settings say it is not ownership' });
        continue;
      }
      const parent = resolveName(names, parentName);
      if (parent === null) {
        leftOut.push({ child: child.name, column, parent: parentName, reason: `the settings name ${parentName}, which is not a logged table` });
        continue;
      }
      relations.push({ child: child.name, column, parent, from: 'settings' });
    }
  }

  for (const fk of found.foreignKeys) {
    const child = byBase.get(fk.table);
    if (!child) continue;
    const column = resolveName(child.fieldNames, fk.column);
    if (column !== null && settled.has(key(child.name, column))) continue;
    const reason = whyNotOwnership(fk, child, column, byBase, personTable);
    if (reason) leftOut.push({ child: child.name, column: fk.column, parent: fk.references, reason });
    else relations.push({ child: child.name, column: column!, parent: fk.references, from: 'foreign key' });
  }
  return { relations, relationsLeftOut: leftOut };
}

/** Why a declared foreign key is not followed as ownership (null: it is). */
function whyNotOwnership(
  fk: ForeignKey,
  child: LogTableInfo,
  column: string | null,
  byBase: ReadonlyMap<string, LogTableInfo>,
  personTable: string | null,
): string | null {
  if (fk.references === personTable) return `it names a person (${PERSON_TABLE}): people are not owners`;
  const parent = byBase.get(fk.references);
  if (!parent) return `${fk.references} is not a logged table`;
  if (parent.name === child.name) return 'it refers to its own table (a tree of one table is not followed)';
  if (fk.referencedColumn !== null && parent.recordKey !== null && fk.referencedColumn !== parent.recordKey) {
    return `it refers to ${fk.referencedColumn}, not to ${parent.name}'s key ${parent.recordKey}`;
  }
  if (!isNamedAfter(fk.column, parent.name)) return `the column is named for its role, not after ${parent.name}`;
  if (column === null) return `${child.logTable} does not keep ${fk.column} in its snapshots`;
  return null;
}

/** Letters and digits only, lower case: how names are compared across spellings. */
const compact = (name: string): string => name.toLowerCase().replace(/[^\p{L}\p{N}]/gu, '');

/** Whether `column` is named after `table`: `<table>ID`, `<table>_id`, `<table>`, or its singular. */
export function isNamedAfter(column: string, table: string): boolean {
  const c = compact(column);
  const t = compact(table);
  const forms = new Set([t]);
  if (t.endsWith('ies')) forms.add(`${t.slice(0, -3)}y`);
  else if (t.endsWith('ses')) forms.add(t.slice(0, -2));
  else if (t.endsWith('s')) forms.add(t.slice(0, -1));
  return [...forms].some((form) => form !== '' && (c === form || c === `${form}id` || c === `${form}key` || c === `${form}no`));
}

/** The relations whose parent is `table`: its direct children. */
export function childrenOf(catalog: Pick<Catalog, 'relations'>, table: string): Relation[] {
  return catalog.relations.filter((r) => r.parent === table);
}
