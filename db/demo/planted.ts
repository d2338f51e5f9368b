/**
 * Cases a reviewer must find (issue 12), planted in the demo at every scale and deterministically
 * per seed: their own random numbers (`Prng.derive(seed, 'planted')`), so that planting them draws
 * nothing from the organisation's. Late in the simulation, so that what they change touches little
 * of what follows. The demo's summary lists them (db/demo/main.ts), and Review's tests check that
 * exactly these are found (tests/integration/review.test.ts).
 *
 * - a person's late-night mass deletion: Contact records deleted between 02:10 and 02:14 on
 *   Saturday 3 October 2026 (London), by a support agent, without touching their customers;
 * - an unusual bulk edit in working hours: one person overwriting the Notes of many customers
 *   within four minutes on Tuesday 13 October 2026;
 * - an off-hours change to a bank account (a masked column): Sunday 18 October 2026, 23:47.
 */
import { dayOf } from './calendar';
import type { Prng } from './prng';
import type { PersonState, World } from './world';

export interface PlantedCase {
  kind: 'mass-delete' | 'bulk-change' | 'sensitive-change';
  /** What and when, for the demo's summary ("deletes Contact records between …"). */
  description: string;
  /** The acting person's id, and what they changed: `count` grows as the simulation runs the writes. */
  by: number;
  byName: string;
  table: 'Contact' | 'Customer';
  count: number;
}

/** A person of a role who is still active on the day (the first of them, in the planted order). */
function someone(w: World, rng: Prng, role: Parameters<World['staff']>[0]): PersonState {
  const staff = w.staff(role);
  return staff.length ? rng.pick(staff) : w.first('admin');
}

/** Schedules the planted cases; the returned list fills in as they run. */
export function plantCases(w: World, rng: Prng): PlantedCase[] {
  const planted: PlantedCase[] = [];

  w.agenda(dayOf('2026-10-03'), () => {
    const by = someone(w, rng, 'support');
    const candidates = [...w.contacts.values()].filter((c) => c.row.IsPrimary === 0).map((c) => c.id);
    const chosen = rng.sample(candidates, Math.min(candidates.length, Math.max(60, Math.round(20 * w.scale))));
    const start = w.at(2, 10, rng.int(0, 20));
    const planting: PlantedCase = { kind: 'mass-delete', by: by.id, byName: by.row.Name, table: 'Contact', count: 0, description: 'deletes Contact records between 02:10 and 02:14 on Sat 3 Oct 2026 (London)' };
    planted.push(planting);
    chosen.forEach((id, i) => {
      w.queue.schedule(start + Math.floor((i * 230) / chosen.length), by, () => {
        const contact = w.contacts.get(id);
        if (!contact) return;
        w.deleteContact(contact);
        planting.count += 1;
      });
    });
  });

  w.agenda(dayOf('2026-10-13'), () => {
    const by = someone(w, rng, 'sales');
    const candidates = [...w.customers.values()].filter((c) => !c.key).map((c) => c.id);
    const chosen = rng.sample(candidates, Math.min(candidates.length, Math.max(150, Math.round(50 * w.scale))));
    const start = w.at(10, 5, rng.int(0, 30));
    const planting: PlantedCase = { kind: 'bulk-change', by: by.id, byName: by.row.Name, table: 'Customer', count: 0, description: 'overwrites the Notes of Customer records between 10:05 and 10:09 on Tue 13 Oct 2026 (London)' };
    planted.push(planting);
    chosen.forEach((id, i) => {
      w.queue.schedule(start + Math.floor((i * 230) / chosen.length), by, () => {
        const customer = w.customers.get(id);
        if (customer && w.updateCustomer(customer, { Notes: 'Account under review: do not contact.' })) planting.count += 1;
      });
    });
  });

  w.agenda(dayOf('2026-10-18'), () => {
    const by = someone(w, rng, 'finance');
    const customers = [...w.customers.values()].filter((c) => !c.key && c.row.BankAccount !== null).map((c) => c.id);
    const id = customers.length ? rng.pick(customers) : undefined;
    if (id === undefined) return;
    const account = `GB${rng.digits(2)}NWBK${rng.digits(14)}`;
    const planting: PlantedCase = { kind: 'sensitive-change', by: by.id, byName: by.row.Name, table: 'Customer', count: 0, description: `changes the BankAccount of Customer ${id} at 23:47 on Sun 18 Oct 2026 (London)` };
    planted.push(planting);
    w.queue.schedule(w.at(23, 47, 12), by, () => {
      const customer = w.customers.get(id);
      if (customer && w.updateCustomer(customer, { BankAccount: account })) planting.count += 1;
    });
  });

  return planted;
}
