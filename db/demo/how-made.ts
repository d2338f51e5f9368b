/**
 * How the demo's changes were made, as an organisation's logs record it beside who and when
 * (shared/how-made.ts): the update method (`UpdateMethod`: User, Automation, Bulk or Import) and the
 * IP address the change came from (`SourceIP`). Both follow from who acts and how: the automation
 * and import accounts are themselves the method, a person's many changes within a minute are a
 * bulk edit, everything else a user's; office staff write from the office network, the web portal
 * from its visitors' addresses, the service accounts from their servers. Worked out from the day's
 * schedule and the acting person alone, never from the simulation's random numbers, so adding it
 * changed no record of the demo.
 */
import type { PersonState } from './world';

/** What the writing session says about how its changes are made (see session.ts). */
export interface HowWritten {
  method: 'User' | 'Automation' | 'Bulk' | 'Import';
  ip: string | null;
}

/** A person's changes count as one bulk edit when at least this many fall within {@link BULK_WINDOW_SECONDS}. */
export const BULK_MIN_CHANGES = 20;
export const BULK_WINDOW_SECONDS = 60;

/** The log columns that record it, and the session setting each is read from. */
export const HOW_MADE_COLUMNS = { method: 'UpdateMethod', ip: 'SourceIP' } as const;
export type HowMadeSetting = keyof typeof HOW_MADE_COLUMNS;

/** How `person`'s change at `at` (UTC epoch seconds) is made; `bulk` when it is one of a burst. */
export function howWritten(person: PersonState, at: number, bulk: boolean): HowWritten {
  switch (person.role) {
    case 'automation':
      return { method: 'Automation', ip: '10.0.0.5' };
    case 'import':
      return { method: 'Import', ip: '10.0.0.6' };
    case 'portal':
      // The portal's visitors, from the documentation range (RFC 5737), one per second of the day.
      return { method: 'User', ip: `203.0.113.${(at % 254) + 1}` };
    default:
      return { method: bulk ? 'Bulk' : 'User', ip: `10.20.${Math.floor(person.id / 250) % 256}.${(person.id % 250) + 1}` };
  }
}

/**
 * The events of a day's schedule that are bulk edits: runs of one person's events of which at least
 * {@link BULK_MIN_CHANGES} fall within {@link BULK_WINDOW_SECONDS} of each other.
 */
export function bulkEvents<E extends { at: number; actor: PersonState }>(events: readonly E[]): Set<E> {
  const byActor = new Map<number, E[]>();
  for (const event of events) {
    const list = byActor.get(event.actor.id) ?? [];
    list.push(event);
    byActor.set(event.actor.id, list);
  }
  const bulk = new Set<E>();
  for (const list of byActor.values()) {
    if (list.length < BULK_MIN_CHANGES) continue;
    list.sort((a, b) => a.at - b.at);
    let start = 0;
    for (let end = 0; end < list.length; end++) {
      while (list[end]!.at - list[start]!.at > BULK_WINDOW_SECONDS) start += 1;
      if (end - start + 1 >= BULK_MIN_CHANGES) for (let i = start; i <= end; i++) bulk.add(list[i]!);
    }
  }
  return bulk;
}
