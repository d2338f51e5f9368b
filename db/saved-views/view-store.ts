/**
 * The saved views, in `saved-views.json` in the app's user-data folder beside `connections.json`,
 * which every shell shares (the desktop app, the web shell, the CLI's `--view`). Shaped as the
 * connection profiles' store (db/connections/profile-store.ts): the file is read afresh for every
 * operation and written whole, atomically, so a view saved in one window shows up in another and
 * two writers never leave half a file; a file that cannot be understood is reported in one
 * sentence and left untouched (it may hold views the user wants back), and nothing is saved until
 * it is fixed.
 *
 * Each view names its database (database-key.ts) and carries its own form version: a view written
 * by a newer version, or hand-edited into nonsense, is refused alone (shared/saved-views.ts says
 * why in one sentence) and kept in the file as it is; the others load.
 */
import path from 'node:path';
import { AuditError } from '../../shared/errors';
import {
  readStoredView,
  sameViewName,
  SAVED_VIEW_VERSION,
  type RefusedSavedView,
  type SavedView,
  type SavedViewSpec,
} from '../../shared/saved-views';
import { readFileIfExists, writeFileAtomic } from '../connections/atomic-file';

export const SAVED_VIEWS_FILE = 'saved-views.json';
/** The form of the file around the views (each view has its own version as well). */
const FILE_VERSION = 1;

/** A refused view, with its kind where that much can be read (so a plain user is not shown an admin view's). */
export type RefusedEntry = RefusedSavedView & { kind: string | null };

export interface DatabaseViews {
  /** By name. */
  views: SavedView[];
  refused: RefusedEntry[];
}

export interface SavedViewStore {
  /** The file, for messages. */
  readonly file: string;
  /** One database's views; empty when there is no file yet. Throws one sentence for a damaged file. */
  list(database: string): DatabaseViews;
  /**
   * Saves a view (already checked: shared/saved-views.ts `checkViewToSave`). A view of the same
   * name (letter case aside) is replaced only with `replace`; otherwise refused in one sentence.
   */
  save(database: string, view: SavedViewSpec & { name: string }, replace: boolean): SavedView;
  /** Renames a view (its content and time kept); refuses a name another view of the database has. */
  rename(database: string, name: string, newName: string): SavedView;
  /** Removes a view (readable or refused); false when the database has none of that name. */
  remove(database: string, name: string): boolean;
}

interface RawFile {
  views: unknown[];
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** `dir` is the user-data folder (the shells pass `userDataDir()`; tests a temporary folder). */
export function createSavedViewStore(dir: string, now: () => Date = () => new Date()): SavedViewStore {
  const file = path.join(dir, SAVED_VIEWS_FILE);

  const damaged = (why: string): AuditError =>
    new AuditError(
      'corrupt',
      `The saved views in ${file} cannot be read (${why}); fix the file or move it away. It has been left as it is, and no view is saved until then.`,
    );

  const readRaw = (): RawFile => {
    const text = readFileIfExists(file);
    if (text === null || text.trim() === '') return { views: [] };
    let data: unknown;
    try {
      data = JSON.parse(text);
    } catch {
      throw damaged('it is not valid JSON');
    }
    if (!isObject(data)) throw damaged('it is not a JSON object');
    if (data.version !== FILE_VERSION) {
      throw damaged(typeof data.version === 'number' && data.version > FILE_VERSION ? 'it was written by a newer version of the app' : 'it has no known version');
    }
    const views = data.views ?? [];
    if (!Array.isArray(views)) throw damaged('its list of views is not a list');
    return { views };
  };

  const write = (raw: RawFile): void => writeFileAtomic(file, `${JSON.stringify({ version: FILE_VERSION, views: raw.views }, null, 2)}\n`);

  const ofDatabase = (entry: unknown, database: string): entry is Record<string, unknown> => isObject(entry) && entry.database === database;
  const nameOf = (entry: Record<string, unknown>): string | null => (typeof entry.name === 'string' ? entry.name : null);
  /** The database's entry named `name`: exactly, else differing in letter case only. */
  const indexOf = (raw: RawFile, database: string, name: string): number => {
    const exact = raw.views.findIndex((e) => ofDatabase(e, database) && nameOf(e) === name);
    return exact >= 0 ? exact : raw.views.findIndex((e) => ofDatabase(e, database) && nameOf(e) !== null && sameViewName(nameOf(e)!, name));
  };
  /** What the file holds for one view: built field by field, so nothing but the checked view reaches it. */
  const stored = (database: string, view: SavedView): Record<string, unknown> => ({ database, version: SAVED_VIEW_VERSION, ...view });

  const list = (database: string): DatabaseViews => {
    const views: SavedView[] = [];
    const refused: RefusedEntry[] = [];
    for (const entry of readRaw().views) {
      if (!ofDatabase(entry, database)) continue;
      const read = readStoredView(entry);
      if ('view' in read) views.push(read.view);
      else refused.push({ ...read.refused, kind: typeof entry.kind === 'string' ? entry.kind : null });
    }
    views.sort((a, b) => a.name.localeCompare(b.name));
    return { views, refused };
  };

  return {
    file,
    list,
    save(database, view, replace) {
      const raw = readRaw();
      const at = indexOf(raw, database, view.name);
      if (at >= 0 && !replace) {
        throw new AuditError('bad-request', `A view named ${JSON.stringify(nameOf(raw.views[at] as Record<string, unknown>))} is already saved for this database; choose another name, or replace it.`);
      }
      const saved: SavedView = { ...view, savedAt: now().toISOString() };
      const views = raw.views.filter((_, i) => i !== at);
      views.push(stored(database, saved));
      write({ views });
      return saved;
    },
    rename(database, name, newName) {
      const raw = readRaw();
      const at = indexOf(raw, database, name);
      if (at < 0) throw new AuditError('not-found', `There is no saved view named ${JSON.stringify(name)} for this database; it may have been deleted meanwhile.`);
      const read = readStoredView(raw.views[at]);
      if (!('view' in read)) throw new AuditError('bad-request', read.refused.problem);
      const other = indexOf(raw, database, newName);
      if (other >= 0 && other !== at) throw new AuditError('bad-request', `A view named ${JSON.stringify(newName)} is already saved for this database; choose another name.`);
      const renamed: SavedView = { ...read.view, name: newName };
      const views = [...raw.views];
      views[at] = stored(database, renamed);
      write({ views });
      return renamed;
    },
    remove(database, name) {
      const raw = readRaw();
      const at = indexOf(raw, database, name);
      if (at < 0) return false;
      write({ views: raw.views.filter((_, i) => i !== at) });
      return true;
    },
  };
}
