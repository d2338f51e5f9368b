/**
 * The `ChangeCue` column as stored is free text: installations and their customisations spell it
 * differently (`Added`, `INSERT`, `updated `...). This maps the spellings seen in the wild onto the
 * five cues the application reasons about, and keeps the stored text so nothing is lost.
 */
import type { ChangeCue } from './domain';

/**
 * Spellings by cue, lower case with separators removed. Single-letter codes (`I`/`U`/`D`) are left
 * out on purpose: `U` means "updated" in some systems and "unchanged" in others, and a wrong guess
 * is worse than `Other` (which is treated like `Modified` anyway).
 */
const SPELLINGS: Readonly<Record<Exclude<ChangeCue, 'Other'>, readonly string[]>> = {
  Added: ['add', 'added', 'insert', 'inserted', 'create', 'created', 'new'],
  Modified: ['modify', 'modified', 'update', 'updated', 'change', 'changed', 'edit', 'edited'],
  Deleted: ['delete', 'deleted', 'remove', 'removed'],
  Unchanged: ['unchanged', 'nochange', 'nochanges', 'notchanged'],
};

/** The cues a log spells out, in the order people pick them (what a cue picker offers). */
export const NAMED_CHANGE_CUES = Object.keys(SPELLINGS) as ReadonlyArray<Exclude<ChangeCue, 'Other'>>;

/** Every cue the application reasons about, `Other` (whatever matches no named cue) last: what a filter may ask for. */
export const CHANGE_CUES: readonly ChangeCue[] = [...NAMED_CHANGE_CUES, 'Other'];

/** The cue a person typed (`deleted`, `Deleted`), matched ignoring case; null when it names none. */
export function cueNamed(text: string): ChangeCue | null {
  const wanted = text.trim().toLowerCase();
  return CHANGE_CUES.find((cue) => cue.toLowerCase() === wanted) ?? null;
}

const CUE_BY_SPELLING: ReadonlyMap<string, ChangeCue> = new Map(
  Object.entries(SPELLINGS).flatMap(([cue, words]) => words.map((w) => [w, cue as ChangeCue] as const)),
);

/**
 * The stored spellings (lower case, separators removed) that read as `cue`: what a query matches
 * a normalised cue column against. `Other` has none (it is whatever matches no cue).
 */
export function cueSpellings(cue: Exclude<ChangeCue, 'Other'>): readonly string[] {
  return SPELLINGS[cue];
}

/**
 * Reads a stored change cue. Matching ignores case, surrounding whitespace and inner separators
 * (`No Change`, `no_change`); null and unknown cues become `Other`. `text` is the stored value as a
 * string (null for null), so the UI can still show exactly what the log says.
 */
export function normalizeChangeCue(raw: unknown): { cue: ChangeCue; text: string | null } {
  if (raw === null || raw === undefined) return { cue: 'Other', text: null };
  const text = typeof raw === 'string' ? raw : String(raw);
  const key = text.trim().toLowerCase().replace(/[\s_-]+/g, '');
  return { cue: CUE_BY_SPELLING.get(key) ?? 'Other', text };
}
