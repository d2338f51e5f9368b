/**
 * Queries built with kysely once and then only re-run with new values. Building and compiling a
 * query costs about as much as reading a small page from SQLite; the reads a user repeats most
 * (a history page, then the next) have a handful of shapes per table, so each shape is compiled
 * once, with every value left as a named slot, and later calls fill the slots in.
 */
import { CompiledQuery, type Compilable } from 'kysely';
import type { Engine } from '../engine';

/** A value still to come: stands in a query for the value of that name. */
class Slot {
  constructor(readonly name: string) {}
}

interface Template {
  sql: string;
  /** The slot name of each parameter, in order. */
  slots: string[];
}

const templates = new WeakMap<Engine, Map<string, Template>>();

/** Caps the templates one database keeps (shapes are few; this only bounds a pathological caller). */
const MAX_TEMPLATES = 500;

/**
 * Runs the query `build` makes, compiled once per `key` and engine. `build` receives `slot(name)`
 * and must use it for every value (never a literal value: that would be compiled in for good);
 * `values` gives each slot's value for this call. `key` must name everything else the query
 * depends on (table, which conditions it has).
 */
export async function runCompiled<Row>(
  engine: Engine,
  key: string,
  build: (slot: (name: string) => unknown) => Compilable<Row>,
  values: Readonly<Record<string, unknown>>,
): Promise<Row[]> {
  let cache = templates.get(engine);
  if (!cache) {
    cache = new Map();
    templates.set(engine, cache);
  }
  let template = cache.get(key);
  if (!template) {
    const compiled = build((name) => new Slot(name)).compile();
    const slots = compiled.parameters.map((parameter) => {
      if (!(parameter instanceof Slot)) throw new Error(`A value of the query "${key}" is not a slot.`);
      return parameter.name;
    });
    template = { sql: compiled.sql, slots };
    if (cache.size >= MAX_TEMPLATES) cache.clear();
    cache.set(key, template);
  }
  const parameters = new Array<unknown>(template.slots.length);
  for (let i = 0; i < parameters.length; i++) {
    const name = template.slots[i]!;
    if (!(name in values)) throw new Error(`The query "${key}" needs a value for ${name}.`);
    parameters[i] = values[name];
  }
  const result = await engine.db.executeQuery<Row>(CompiledQuery.raw(template.sql, parameters));
  return result.rows;
}
