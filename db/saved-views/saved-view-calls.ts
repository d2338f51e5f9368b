/**
 * The saved-view calls of the contract for one open database: its views (view-store.ts, under the
 * database's key), what the user may see and save of them, and what a view may hold. A plain user
 * sees, saves, renames and deletes record-log views only: Activity, Review and Insights are admin
 * views, and so are their saved views. A view is checked before it is written (shared/saved-views.ts)
 * and against this database: the tables it names are logged here, and no filter by a part of how
 * a change was made that this user sees masked (an IP address) can be saved, as it would put a
 * value the user may not see in clear into the file. A view holds no titles or values of records,
 * only the filter's own names, ids and days.
 */
import type { AuditApi, ListSavedViewsResponse } from '../../shared/contract';
import type { Role } from '../../shared/domain';
import { AuditError } from '../../shared/errors';
import { checkViewToSave, isValidViewName, sameViewName, VIEW_KIND_LABELS, VIEW_NAME_RULE, type SavedViewKind, type SavedViewSpec } from '../../shared/saved-views';
import { requireAdmin } from '../roles';
import { requireTable, type QueryContext } from '../queries/context';
import { checkHowMadeFilter, howMadeColumnsOf } from '../queries/how-made-filter';
import type { SavedViewStore } from './view-store';

/** Where the open database's views are kept: the store, and the database's key in it (database-key.ts). */
export interface SavedViewsBinding {
  store: SavedViewStore;
  database: string;
}

/** The sentence where no store was given (a tool that opened a database without a user-data folder). */
export const VIEWS_NOT_KEPT = 'Saved views are not kept where this database was opened from.';

type SavedViewApi = Pick<AuditApi, 'listSavedViews' | 'saveView' | 'renameView' | 'deleteView'>;

function requireObject(req: unknown): asserts req is Record<string, unknown> {
  if (req === null || typeof req !== 'object' || Array.isArray(req)) throw new AuditError('bad-request', 'A request must be an object of named arguments.');
}

function nameIn(req: Record<string, unknown>, key: string): string {
  const name = req[key];
  if (typeof name !== 'string' || name === '') throw new AuditError('bad-request', 'Say which saved view (its name).');
  return name;
}

export function savedViewCalls(ctx: QueryContext, role: Role, binding: SavedViewsBinding | undefined): SavedViewApi {
  const mayUse = (kind: string | null): boolean => role !== 'user' || kind === 'log';
  const requireStore = (): SavedViewsBinding => {
    if (!binding) throw new AuditError('cannot-open', VIEWS_NOT_KEPT);
    return binding;
  };

  /** The kind of the database's view named `name` (readable or refused), if any; undefined: none. */
  const kindOf = (b: SavedViewsBinding, name: string): string | null | undefined => {
    const { views, refused } = b.store.list(b.database);
    const view = views.find((v) => v.name === name) ?? views.find((v) => sameViewName(v.name, name));
    if (view) return view.kind;
    const bad = refused.find((r) => r.name !== null && (r.name === name || sameViewName(r.name, name)));
    return bad ? bad.kind : undefined;
  };

  /** A view the user may not see is, for them, not there; one they may see is found. */
  const requireVisible = (b: SavedViewsBinding, name: string): void => {
    const kind = kindOf(b, name);
    if (kind === undefined || !mayUse(kind)) throw new AuditError('not-found', `There is no saved view named ${JSON.stringify(name)} for this database.`);
  };

  /** The view fits this database: its tables are logged here, and it filters by nothing the user sees masked. */
  const checkAgainstDatabase = (spec: SavedViewSpec): void => {
    const tableNames = spec.kind === 'log' ? [spec.record.table, ...(spec.filter.tables ?? [])] : spec.kind === 'review' ? [] : (spec.filter.tables ?? []);
    for (const name of tableNames) requireTable(ctx, name);
    if (spec.kind === 'review') return;
    const match = checkHowMadeFilter(spec.filter.made);
    if (match.length === 0) return;
    const reveal = ctx.settings.revealSensitive === true;
    // Activity and Insights read every chosen log (all, when none is chosen); a record's log its own.
    const chosen = spec.kind === 'log' ? [spec.record.table] : (spec.filter.tables ?? []);
    const infos = chosen.length > 0 ? chosen.map((t) => requireTable(ctx, t)) : ctx.catalog.tables;
    for (const info of infos) howMadeColumnsOf(info, match, reveal);
  };

  return {
    async listSavedViews(): Promise<ListSavedViewsResponse> {
      if (!binding) return { views: [], refused: [], problem: VIEWS_NOT_KEPT, kept: false };
      let listed;
      try {
        listed = binding.store.list(binding.database);
      } catch (error) {
        if (error instanceof AuditError) return { views: [], refused: [], problem: error.message };
        throw error;
      }
      return {
        views: listed.views.filter((v) => mayUse(v.kind)),
        // A view whose kind cannot be read may be anyone's: admins see why it is refused.
        refused: listed.refused.filter((r) => mayUse(r.kind)).map((r) => ({ name: r.name, problem: r.problem })),
      };
    },

    async saveView(req) {
      requireObject(req);
      const b = requireStore();
      if (req.replace !== undefined && typeof req.replace !== 'boolean') throw new AuditError('bad-request', '"replace" must be true or false.');
      const view = checkViewToSave(req.name, req.view);
      if (!mayUse(view.kind)) requireAdmin(role, `A saved ${VIEW_KIND_LABELS[view.kind as SavedViewKind]} view`);
      checkAgainstDatabase(view);
      // A name taken by a view this user cannot see (an admin's) is not theirs to replace.
      const taken = kindOf(b, view.name);
      if (taken !== undefined && !mayUse(taken)) throw new AuditError('bad-request', `A view named ${JSON.stringify(view.name)} is already saved for this database; choose another name.`);
      return { view: b.store.save(b.database, view, req.replace === true) };
    },

    async renameView(req) {
      requireObject(req);
      const b = requireStore();
      const name = nameIn(req, 'name');
      if (!isValidViewName(req.newName)) throw new AuditError('bad-request', VIEW_NAME_RULE);
      requireVisible(b, name);
      const taken = kindOf(b, req.newName);
      if (taken !== undefined && !mayUse(taken) && !sameViewName(name, req.newName)) {
        throw new AuditError('bad-request', `A view named ${JSON.stringify(req.newName)} is already saved for this database; choose another name.`);
      }
      return { view: b.store.rename(b.database, name, req.newName) };
    },

    async deleteView(req) {
      requireObject(req);
      const b = requireStore();
      const name = nameIn(req, 'name');
      requireVisible(b, name);
      if (!b.store.remove(b.database, name)) throw new AuditError('not-found', `There is no saved view named ${JSON.stringify(name)} for this database.`);
      return {};
    },
  };
}

