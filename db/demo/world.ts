/**
 * The simulated organisation: what exists right now (people, customers, contacts, audits, findings,
 * service orders), the operations its application performs on them, and the clock that orders
 * those operations. Every operation writes through {@link AuditedWriter}; the triggers log it.
 *
 * Only compact per-record state is kept (the current row and a few links); events are planned one
 * day at a time, so memory grows with the number of records, never with the number of log rows.
 */
import { clock, isWorkingDay, londonToUtc, workingDayFrom } from './calendar';
import type { Prng } from './prng';
import { RecordFactory, type Standard } from './records';
import type {
  AuditRow,
  AuditStatus,
  ContactRow,
  CustomerRow,
  CustomerStatus,
  FindingRow,
  FindingStatus,
  OrderStatus,
  PersonRow,
  ServiceOrderRow,
  TableName,
  TableRows,
} from './schema';
import { AUDIT_STATUSES, CUSTOMER_STATUSES, FINDING_STATUSES, ORDER_STATUSES } from './schema';
import { bulkEvents, howWritten } from './how-made';
import type { Actor, AuditSession, AuditedWriter } from './session';
import type { StaffRole } from './vocabulary';

/** A set of ids that supports O(1) add, delete and random pick (for "some active customer"). */
export class IdPool {
  private readonly ids: number[] = [];
  private readonly index = new Map<number, number>();

  get size(): number {
    return this.ids.length;
  }

  add(id: number): void {
    if (this.index.has(id)) return;
    this.index.set(id, this.ids.length);
    this.ids.push(id);
  }

  delete(id: number): void {
    const at = this.index.get(id);
    if (at === undefined) return;
    const last = this.ids.pop() as number;
    if (last !== id) {
      this.ids[at] = last;
      this.index.set(last, at);
    }
    this.index.delete(id);
  }

  has(id: number): boolean {
    return this.index.has(id);
  }

  pick(rng: Prng): number | undefined {
    return this.ids.length === 0 ? undefined : this.ids[Math.floor(rng.next() * this.ids.length)];
  }

  values(): readonly number[] {
    return this.ids;
  }
}

function poolsFor<S extends string>(statuses: readonly S[]): Record<S, IdPool> {
  return Object.fromEntries(statuses.map((s) => [s, new IdPool()])) as Record<S, IdPool>;
}

export interface PersonState {
  id: number;
  row: PersonRow;
  role: StaffRole;
}

export interface CustomerState {
  id: number;
  row: CustomerRow;
  /** Live contact ids, primary first when there is one. */
  contacts: number[];
  /** Live audits and service orders: a customer that has any is never deleted. */
  audits: number;
  orders: number;
  /** The key account (Customer 1): its balance is synchronised every night. */
  key: boolean;
  /** Invoiced or paid amounts not yet posted to `Balance` by the nightly finance sync. */
  pendingPence: number;
}

export interface ContactState {
  id: number;
  row: ContactRow;
}

export interface AuditState {
  id: number;
  row: AuditRow;
  standard: Standard;
  findings: number[];
  /** The next finding number within this audit (references stay unique after deletions). */
  nextFinding: number;
}

export interface FindingState {
  id: number;
  row: FindingRow;
}

export interface OrderState {
  id: number;
  row: ServiceOrderRow;
}

interface StateOf {
  Person: PersonState;
  Customer: CustomerState;
  Contact: ContactState;
  Audit: AuditState;
  Finding: FindingState;
  'Service Order': OrderState;
}

interface QueuedEvent {
  at: number;
  seq: number;
  actor: PersonState;
  run: () => void;
}

/**
 * One day's events, run in time order (ties in the order they were scheduled). A binary heap, so
 * an event may schedule follow-ups later the same day (or in the same second, for ties).
 */
export class DayQueue {
  private readonly heap: QueuedEvent[] = [];
  private seq = 0;

  schedule(at: number, actor: PersonState, run: () => void): void {
    const event = { at, seq: this.seq++, actor, run };
    const heap = this.heap;
    heap.push(event);
    let i = heap.length - 1;
    while (i > 0) {
      const parent = (i - 1) >> 1;
      if (!before(heap[i] as QueuedEvent, heap[parent] as QueuedEvent)) break;
      [heap[i], heap[parent]] = [heap[parent] as QueuedEvent, heap[i] as QueuedEvent];
      i = parent;
    }
  }

  /** The events scheduled so far (in no particular order). */
  pending(): readonly QueuedEvent[] {
    return this.heap;
  }

  pop(): QueuedEvent | undefined {
    const heap = this.heap;
    const top = heap[0];
    const last = heap.pop();
    if (top === undefined || last === undefined || heap.length === 0) return top;
    heap[0] = last;
    let i = 0;
    for (;;) {
      const l = 2 * i + 1;
      const r = l + 1;
      let m = i;
      if (l < heap.length && before(heap[l] as QueuedEvent, heap[m] as QueuedEvent)) m = l;
      if (r < heap.length && before(heap[r] as QueuedEvent, heap[m] as QueuedEvent)) m = r;
      if (m === i) break;
      [heap[i], heap[m]] = [heap[m] as QueuedEvent, heap[i] as QueuedEvent];
      i = m;
    }
    return top;
  }
}

function before(a: QueuedEvent, b: QueuedEvent): boolean {
  return a.at < b.at || (a.at === b.at && a.seq < b.seq);
}

export class World {
  readonly factory: RecordFactory;

  readonly people = new Map<number, PersonState>();
  readonly customers = new Map<number, CustomerState>();
  readonly contacts = new Map<number, ContactState>();
  readonly audits = new Map<number, AuditState>();
  readonly findings = new Map<number, FindingState>();
  readonly orders = new Map<number, OrderState>();

  readonly customerPools = poolsFor<CustomerStatus>(CUSTOMER_STATUSES);
  readonly contactPool = new IdPool();
  readonly auditPools = poolsFor<AuditStatus>(AUDIT_STATUSES);
  readonly findingPools = poolsFor<FindingStatus>(FINDING_STATUSES);
  readonly orderPools = poolsFor<OrderStatus>(ORDER_STATUSES);

  /** Phones typed in an untidy format, for tonight's normalisation job. */
  untidyPhones: { table: 'Customer' | 'Contact'; id: number }[] = [];

  /** Records deleted so far, per table. */
  readonly deleted: Record<TableName, number> = {
    Person: 0,
    Customer: 0,
    Contact: 0,
    Audit: 0,
    Finding: 0,
    'Service Order': 0,
  };

  /** The key account (Customer 1), set up by the bootstrap. */
  keyAccount: CustomerState | null = null;

  /** Customers whose balance has invoices or payments waiting for the nightly finance sync. */
  readonly balanceQueue = new Set<number>();

  /** The simulated day (days since 1970-01-01). */
  today = 0;
  /** The time of the event being run (UTC epoch seconds). */
  now = 0;
  queue = new DayQueue();
  private readonly agendaByDay = new Map<number, (() => void)[]>();
  private orderSeq = 0;
  private roleCache = new Map<StaffRole, PersonState[]>();

  constructor(
    readonly rng: Prng,
    readonly scale: number,
    private readonly writer: AuditedWriter,
    private readonly session: AuditSession | null,
  ) {
    this.factory = new RecordFactory(rng);
  }

  // ---- time ------------------------------------------------------------------------------------

  /** Runs `task` at the start of a later day (it then schedules that day's events). */
  agenda(day: number, task: () => void): void {
    const when = Math.max(day, this.today + 1);
    let tasks = this.agendaByDay.get(when);
    if (!tasks) {
      tasks = [];
      this.agendaByDay.set(when, tasks);
    }
    tasks.push(task);
  }

  /** As {@link agenda}, moved to the next working day when `day` is a weekend or bank holiday. */
  agendaWorking(day: number, task: () => void): void {
    this.agenda(workingDayFrom(Math.max(day, this.today + 1)), task);
  }

  /** Runs one simulated day: its agenda tasks, the planned activity, then every event in time order. */
  runDay(day: number, plan: () => void): void {
    this.today = day;
    this.queue = new DayQueue();
    const tasks = this.agendaByDay.get(day);
    this.agendaByDay.delete(day);
    if (tasks) for (const task of tasks) task();
    plan();
    const bulk = bulkEvents(this.queue.pending());
    for (let event = this.queue.pop(); event; event = this.queue.pop()) {
      this.now = event.at;
      this.session?.actAs(actorOf(event.actor), event.at, howWritten(event.actor, event.at, bulk.has(event)));
      event.run();
    }
  }

  /** A time during office hours today (Europe/London, mostly 09:00–17:30), as UTC epoch seconds. */
  officeTime(day = this.today): number {
    const hour = this.rng.weighted<number>([
      [8, 0.5], [9, 1], [10, 1.2], [11, 1.2], [12, 0.6], [13, 0.8], [14, 1.1], [15, 1.1], [16, 1], [17, 0.4], [18, 0.1],
    ]);
    return londonToUtc(day, clock(hour, this.rng.int(0, 59), this.rng.int(0, 59)));
  }

  /** A time the web portal is used: any day, 06:00–23:59 local, busiest in the evening. */
  portalTime(day = this.today): number {
    const hour = this.rng.weighted<number>([
      [6, 0.2], [7, 0.5], [8, 0.8], [9, 1], [10, 1], [11, 1], [12, 1.2], [13, 1], [14, 0.9], [15, 0.9], [16, 0.9],
      [17, 1], [18, 1.1], [19, 1.3], [20, 1.4], [21, 1.2], [22, 0.7], [23, 0.3],
    ]);
    return londonToUtc(day, clock(hour, this.rng.int(0, 59), this.rng.int(0, 59)));
  }

  /**
   * A moment later today than the event being run (never past local midnight), for follow-ups
   * scheduled from inside an event: scheduling earlier would log them out of time order.
   */
  later(minSeconds: number, maxSeconds: number): number {
    return Math.min(this.now + this.rng.int(minSeconds, maxSeconds), londonToUtc(this.today, clock(23, 59, 59)));
  }

  /** A local clock time today, as UTC epoch seconds. */
  at(hours: number, minutes: number, seconds = 0, day = this.today): number {
    return londonToUtc(day, clock(hours, minutes, seconds));
  }

  isWorkingDay(day = this.today): boolean {
    return isWorkingDay(day);
  }

  // ---- people ----------------------------------------------------------------------------------

  /** Active people with a role (cached: people change rarely). */
  staff(role: StaffRole): PersonState[] {
    let list = this.roleCache.get(role);
    if (!list) {
      list = [...this.people.values()].filter((p) => p.role === role && p.row.Active === 1);
      this.roleCache.set(role, list);
    }
    return list;
  }

  /** The one person of a service role (automation, import, portal) or the first of a role. */
  first(role: StaffRole): PersonState {
    const person = this.staff(role)[0];
    if (!person) throw new Error(`The demo organisation has nobody with role ${role}.`);
    return person;
  }

  anyone(role: StaffRole): PersonState {
    return this.rng.pick(this.staff(role));
  }

  person(id: number | null): PersonState | undefined {
    return id === null ? undefined : this.people.get(id);
  }

  /** The customer's account manager if still active, else any salesperson. */
  managerOf(customer: CustomerState): PersonState {
    const manager = this.person(customer.row.AccountManagerID);
    return manager && manager.row.Active === 1 ? manager : this.anyone('sales');
  }

  addPerson(row: PersonRow, role: StaffRole): PersonState {
    const id = this.writer.insert('Person', row);
    const state = { id, row: { ...row }, role };
    this.people.set(id, state);
    this.roleCache.clear();
    return state;
  }

  updatePerson(person: PersonState, changes: Partial<PersonRow>): void {
    this.apply('Person', person, changes);
    this.roleCache.clear();
  }

  // ---- generic writes ----------------------------------------------------------------------------

  /** Writes the columns that really change (an edit that changes nothing is not saved). */
  private apply<T extends TableName>(table: T, state: StateOf[T] & { row: TableRows[T] }, changes: Partial<TableRows[T]>): boolean {
    const row = state.row as unknown as Record<string, unknown>;
    const real: Record<string, unknown> = {};
    let any = false;
    for (const [key, value] of Object.entries(changes as Record<string, unknown>)) {
      if (row[key] !== value) {
        real[key] = value;
        any = true;
      }
    }
    if (!any) return false;
    this.writer.update(table, state.id, real as Partial<TableRows[T]>);
    Object.assign(row, real);
    return true;
  }

  /**
   * Applies changes to a record kept in per-status pools (the simulation picks records to work on
   * by status), moving it to its new status's pool when the status changed.
   */
  private applyPooled<T extends 'Customer' | 'Audit' | 'Finding' | 'Service Order'>(
    table: T,
    state: StateOf[T] & { row: TableRows[T] },
    changes: Partial<TableRows[T]>,
    pools: Record<TableRows[T]['Status'], IdPool>,
  ): boolean {
    const before: TableRows[T]['Status'] = state.row.Status;
    const changed = this.apply(table, state, changes);
    if (state.row.Status !== before) {
      pools[before].delete(state.id);
      pools[state.row.Status as TableRows[T]['Status']].add(state.id);
    }
    return changed;
  }

  /** Saves a parent unchanged alongside a changed child (logged as `Unchanged`). */
  touch(table: 'Customer' | 'Audit', id: number): void {
    this.writer.touch(table, id);
  }

  // ---- customers and contacts ----------------------------------------------------------------------

  addCustomer(row: CustomerRow, key = false): CustomerState {
    const id = this.writer.insert('Customer', row);
    const state: CustomerState = { id, row: { ...row }, contacts: [], audits: 0, orders: 0, key, pendingPence: 0 };
    this.customers.set(id, state);
    this.customerPools[row.Status].add(id);
    return state;
  }

  updateCustomer(customer: CustomerState, changes: Partial<CustomerRow>): boolean {
    return this.applyPooled('Customer', customer, changes, this.customerPools);
  }

  /** Whether the application allows deleting the customer (nothing but contacts hangs off it). */
  canDeleteCustomer(customer: CustomerState): boolean {
    return customer.audits === 0 && customer.orders === 0 && !customer.key;
  }

  /** Deletes a customer the way the application does: its contacts first, then the customer. */
  deleteCustomer(customer: CustomerState): void {
    for (const contactId of [...customer.contacts]) {
      const contact = this.contacts.get(contactId);
      if (contact) this.deleteContact(contact);
    }
    this.writer.remove('Customer', customer.id);
    this.customers.delete(customer.id);
    this.customerPools[customer.row.Status].delete(customer.id);
    this.deleted.Customer += 1;
  }

  addContact(customer: CustomerState, row: ContactRow): ContactState {
    const id = this.writer.insert('Contact', row);
    const state = { id, row: { ...row } };
    this.contacts.set(id, state);
    this.contactPool.add(id);
    if (row.IsPrimary === 1) customer.contacts.unshift(id);
    else customer.contacts.push(id);
    return state;
  }

  updateContact(contact: ContactState, changes: Partial<ContactRow>): boolean {
    return this.apply('Contact', contact, changes);
  }

  deleteContact(contact: ContactState): void {
    this.writer.remove('Contact', contact.id);
    this.contacts.delete(contact.id);
    this.contactPool.delete(contact.id);
    const customer = this.customers.get(contact.row.CustomerID);
    if (customer) customer.contacts = customer.contacts.filter((id) => id !== contact.id);
    this.deleted.Contact += 1;
  }

  // ---- audits and findings ------------------------------------------------------------------------

  addAudit(customer: CustomerState, row: AuditRow, standard: Standard): AuditState {
    const id = this.writer.insert('Audit', row);
    const state: AuditState = { id, row: { ...row }, standard, findings: [], nextFinding: 1 };
    this.audits.set(id, state);
    this.auditPools[row.Status].add(id);
    customer.audits += 1;
    return state;
  }

  updateAudit(audit: AuditState, changes: Partial<AuditRow>): boolean {
    return this.applyPooled('Audit', audit, changes, this.auditPools);
  }

  /** Deletes an audit that has no findings (a cancelled plan). */
  deleteAudit(audit: AuditState): void {
    for (const findingId of [...audit.findings]) {
      const finding = this.findings.get(findingId);
      if (finding) this.deleteFinding(finding);
    }
    this.writer.remove('Audit', audit.id);
    this.audits.delete(audit.id);
    this.auditPools[audit.row.Status].delete(audit.id);
    const customer = this.customers.get(audit.row.CustomerID);
    if (customer) customer.audits -= 1;
    this.deleted.Audit += 1;
  }

  findingReference(audit: AuditState): string {
    const n = audit.nextFinding++;
    return `AUD-${String(audit.id).padStart(6, '0')}-F${String(n).padStart(2, '0')}`;
  }

  addFinding(audit: AuditState, row: FindingRow): FindingState {
    const id = this.writer.insert('Finding', row);
    const state = { id, row: { ...row } };
    this.findings.set(id, state);
    this.findingPools[row.Status].add(id);
    audit.findings.push(id);
    return state;
  }

  updateFinding(finding: FindingState, changes: Partial<FindingRow>): boolean {
    return this.applyPooled('Finding', finding, changes, this.findingPools);
  }

  deleteFinding(finding: FindingState): void {
    this.writer.remove('Finding', finding.id);
    this.findings.delete(finding.id);
    this.findingPools[finding.row.Status].delete(finding.id);
    const audit = this.audits.get(finding.row.AuditID);
    if (audit) audit.findings = audit.findings.filter((id) => id !== finding.id);
    this.deleted.Finding += 1;
  }

  /** Whether every finding of the audit is closed (true when it has none). */
  allFindingsClosed(audit: AuditState): boolean {
    return audit.findings.every((id) => this.findings.get(id)?.row.Status === 'Closed');
  }

  // ---- service orders -----------------------------------------------------------------------------

  nextOrderNumber(day: string): string {
    this.orderSeq += 1;
    return `SO-${day.slice(0, 4)}-${String(this.orderSeq).padStart(6, '0')}`;
  }

  addOrder(customer: CustomerState, row: ServiceOrderRow): OrderState {
    const id = this.writer.insert('Service Order', row);
    const state = { id, row: { ...row } };
    this.orders.set(id, state);
    this.orderPools[row.Status].add(id);
    customer.orders += 1;
    return state;
  }

  updateOrder(order: OrderState, changes: Partial<ServiceOrderRow>): boolean {
    return this.applyPooled('Service Order', order, changes, this.orderPools);
  }

  deleteOrder(order: OrderState): void {
    this.writer.remove('Service Order', order.id);
    this.orders.delete(order.id);
    this.orderPools[order.row.Status].delete(order.id);
    const customer = this.customers.get(order.row.CustomerID);
    if (customer) customer.orders -= 1;
    this.deleted['Service Order'] += 1;
  }

  // ---- legacy rows ----------------------------------------------------------------------------------

  /** A row of the old logging version, written directly into the log (see bootstrap.ts). */
  legacyLog(table: TableName, parentId: number, by: PersonState, byTime: string, cue: 'Added' | 'Modified'): void {
    this.writer.insertLegacyLog(table, parentId, actorOf(by), byTime, cue);
  }
}

/** The actor as the session sees it: the person's id and their name as it is today. */
export function actorOf(person: PersonState): Actor {
  return { id: person.id, name: person.row.Name };
}
