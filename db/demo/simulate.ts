/**
 * The calendar simulation: every day from LOGGING_START to SIMULATION_END, what the organisation's
 * people, its nightly jobs, its web portal and its data imports do. Rates are per day and multiplied
 * by `--scale`, so the log grows linearly with the number of records. Each day is planned, then run
 * in time order; nothing about past days is kept except the records' current state.
 */
import { addWorkingDays, dayOf, isoDate, LOGGING_START, SIMULATION_END, workingDayFrom } from './calendar';
import { appendLine, type Lifecycles } from './lifecycles';
import { plantCases, type PlantedCase } from './planted';
import type { Prng } from './prng';
import { isNormalisedPhone, money, normalisePhone, toPence } from './records';
import type { ContactRow, CustomerRow, CustomerStatus, FindingSeverity } from './schema';
import {
  CONTACT_JOB_TITLES,
  CONTACT_NOTES,
  LAST_NAMES,
  MARRIED_NAMES,
  NEW_HIRES,
  NOTE_UPDATES,
  ORDER_DESCRIPTIONS,
  type StaffRole,
} from './vocabulary';
import type { ContactState, CustomerState, PersonState, World } from './world';

export interface SimulationHooks {
  /** Called after the last day of each month (the caller commits and reports progress there). */
  onMonthEnd?: (month: string) => void;
  /** The random numbers of the cases planted for Review (planted.ts); none are planted without. */
  planted?: Prng;
}

/** Simulates the organisation; returns the cases planted for Review (filled in as they ran). */
export function simulate(w: World, life: Lifecycles, hooks: SimulationHooks = {}): PlantedCase[] {
  const first = dayOf(LOGGING_START);
  const last = dayOf(SIMULATION_END);
  scheduleStaffCalendar(w, life, first);
  const planted = hooks.planted ? plantCases(w, hooks.planted) : [];
  const activity = new Activity(w, life);
  for (let day = first; day <= last; day += 1) {
    w.runDay(day, () => activity.plan());
    const month = isoDate(day).slice(0, 7);
    if (day === last || isoDate(day + 1).slice(0, 7) !== month) hooks.onMonthEnd?.(month);
  }
  return planted;
}

/** Spreads `count` steps over `seconds` from `start` (integer seconds, so several may share one). */
function spread(start: number, index: number, count: number, seconds: number): number {
  return start + Math.floor((index * seconds) / Math.max(1, count));
}

class Activity {
  constructor(
    private readonly w: World,
    private readonly life: Lifecycles,
  ) {}

  private repeat(rate: number, action: () => void): void {
    const n = this.w.rng.count(rate * this.w.scale);
    for (let i = 0; i < n; i += 1) action();
  }

  /**
   * One day's activity. Rates are expected events per day at scale 1, tuned so that the default
   * replica has about 2,000 records and 60,000 log rows; the nightly balance sync (most of the
   * log, as in a real finance integration) is sized in {@link nightlyJobs}.
   */
  plan(): void {
    const w = this.w;
    this.nightlyJobs();
    if (w.isWorkingDay()) {
      this.imports();
      this.repeat(0.12, () => this.newCustomer());
      this.repeat(6, () => this.editCustomer());
      this.repeat(6, () => this.editContact());
      this.repeat(0.2, () => this.addContact());
      this.repeat(0.1, () => this.deleteContact());
      this.repeat(0.05, () => this.switchPrimary());
      this.repeat(0.2, () => this.newAudit());
      this.repeat(0.2, () => this.newOrder());
      this.repeat(0.8, () => this.editFinding());
      this.repeat(1.2, () => this.editOrder());
      this.repeat(0.5, () => this.editAudit());
      this.repeat(0.4, () => this.adjustBalance());
      this.repeat(0.008, () => this.churn());
      this.repeat(0.01, () => this.purgeClosedCustomer());
      this.keyAccountDay();
      this.staffHousekeeping();
    }
    this.repeat(1.5, () => this.portalContactUpdate());
    this.repeat(0.25, () => this.portalCustomerUpdate());
    this.repeat(0.03, () => this.portalSignUp());
  }

  // ---- picking records -------------------------------------------------------------------------------

  private customer(weights: readonly (readonly [CustomerStatus, number])[]): CustomerState | undefined {
    const w = this.w;
    const available = weights.filter(([s]) => w.customerPools[s].size > 0);
    if (available.length === 0) return undefined;
    const status = w.rng.weighted(available);
    const id = w.customerPools[status].pick(w.rng);
    return id === undefined ? undefined : w.customers.get(id);
  }

  private activeCustomer(): CustomerState | undefined {
    return this.customer([['Active', 1]]);
  }

  private contact(): ContactState | undefined {
    const id = this.w.contactPool.pick(this.w.rng);
    return id === undefined ? undefined : this.w.contacts.get(id);
  }

  private salesOrSupport(customer: CustomerState): PersonState {
    return this.w.rng.chance(0.7) ? this.w.managerOf(customer) : this.w.anyone('support');
  }

  // ---- customers -----------------------------------------------------------------------------------------

  private newCustomer(): void {
    const w = this.w;
    const manager = w.anyone('sales');
    w.queue.schedule(w.officeTime(), manager, () => {
      const prospect = w.rng.chance(0.6);
      const customer = this.life.createCustomer({
        status: prospect ? 'Prospect' : 'Active',
        manager,
        contacts: w.rng.weighted<number>([[1, 4], [2, 4], [3, 2]]),
      });
      if (prospect) this.life.planProspect(customer, 0.15);
      else {
        w.agendaWorking(w.today + w.rng.int(3, 15), () => this.life.draftOrderTask(customer));
        w.agendaWorking(w.today + w.rng.int(5, 30), () => this.life.newAuditTask(customer));
      }
    });
  }

  private editCustomer(): void {
    const w = this.w;
    const customer = this.customer([['Active', 70], ['On hold', 8], ['Prospect', 15], ['Closed', 7]]);
    if (!customer) return;
    const kind = w.rng.weighted<string>([
      ['phone', 2], ['email', 2], ['address', 1], ['notes', 3], ['credit', customer.row.Status === 'Prospect' ? 0 : 1],
      ['bank', 0.5], ['tax', 0.4], ['rename', 0.1], ['manager', 0.3], ['hold', customer.row.Status === 'Prospect' ? 0 : 0.3],
    ]);
    this.scheduleCustomerEdit(customer, kind);
  }

  private scheduleCustomerEdit(customer: CustomerState, kind: string): void {
    const w = this.w;
    const finance = ['credit', 'bank', 'tax', 'hold'].includes(kind);
    const by = kind === 'manager' ? w.first('director') : finance ? w.anyone('finance') : this.salesOrSupport(customer);
    w.queue.schedule(w.officeTime(), by, () => {
      if (!w.customers.has(customer.id)) return;
      const changes = this.customerChange(customer, kind);
      w.updateCustomer(customer, changes);
      if (changes.Phone && !isNormalisedPhone(changes.Phone)) w.untidyPhones.push({ table: 'Customer', id: customer.id });
    });
  }

  private customerChange(customer: CustomerState, kind: string): Partial<CustomerRow> {
    const w = this.w;
    const f = w.factory;
    const row = customer.row;
    const city = f.cityNamed(row.City ?? 'London');
    const today = isoDate(w.today);
    switch (kind) {
      case 'phone': {
        const phone = f.phone(city);
        return { Phone: w.rng.chance(0.12) ? f.untidyPhone(phone) : phone };
      }
      case 'email': {
        const domain = row.Email?.split('@')[1] ?? f.domainFor(row.Name, row.Country);
        return { Email: `${w.rng.pick(['accounts', 'finance', 'invoices', 'office', 'quality', 'admin'])}@${domain}` };
      }
      case 'address': {
        // An office move: usually in the same city, sometimes elsewhere (then the number changes too).
        const moveCity = w.rng.chance(0.8) ? city : f.city();
        return { ...f.address(moveCity), Phone: moveCity === city ? row.Phone : f.phone(moveCity) };
      }
      case 'notes': {
        // Never the same remark twice in a row.
        const remark = w.rng.pick(NOTE_UPDATES.filter((n) => !row.Notes?.endsWith(n)));
        return { Notes: w.rng.chance(0.15) ? remark : appendLine(row.Notes, `${today}: ${remark}`) };
      }
      case 'credit': {
        const limit = row.CreditLimit ?? 5_000;
        return { CreditLimit: Math.max(1_000, Math.round((limit * w.rng.pick([0.5, 0.8, 1.25, 1.5, 2])) / 500) * 500) };
      }
      case 'bank':
        return { BankAccount: f.bankAccount(row.Country) };
      case 'tax':
        return { TaxNumber: row.TaxNumber ?? f.taxNumber(row.Country) };
      case 'rename':
        // A reorganisation: "Hartley Logistics Ltd" becomes "Hartley Logistics Group Ltd".
        if (customer.key || row.Name.includes(' Group ') || !/ (Ltd|Limited)$/.test(row.Name)) return {};
        return { Name: row.Name.replace(/ (Ltd|Limited)$/, ' Group Ltd') };
      case 'manager':
        return { AccountManagerID: w.anyone('sales').id };
      case 'hold':
        if (row.Status === 'On hold') return { Status: 'Active', Notes: appendLine(row.Notes, `${today}: hold lifted by credit control.`) };
        if (row.Status === 'Active') return { Status: 'On hold', Notes: appendLine(row.Notes, `${today}: on hold — disputed invoices.`) };
        return {};
      default:
        return {};
    }
  }

  private adjustBalance(): void {
    const w = this.w;
    const customer = this.customer([['Active', 8], ['On hold', 2]]);
    if (!customer) return;
    w.queue.schedule(w.officeTime(), w.anyone('finance'), () => {
      if (!w.customers.has(customer.id)) return;
      // A credit note or a manually allocated payment.
      const balance = toPence(customer.row.Balance);
      const delta = -Math.round(Math.max(0, balance) * w.rng.float(0.05, 0.5)) || -w.rng.int(50, 500) * 100;
      w.updateCustomer(customer, { Balance: money(balance + delta) });
    });
  }

  private churn(): void {
    const w = this.w;
    const customer = this.activeCustomer();
    if (!customer || customer.key) return;
    w.queue.schedule(w.officeTime(), w.managerOf(customer), () => {
      if (!w.customers.has(customer.id) || customer.row.Status !== 'Active') return;
      w.updateCustomer(customer, {
        Status: 'Closed',
        Notes: appendLine(customer.row.Notes, `${isoDate(w.today)}: contract not renewed.`),
      });
    });
  }

  /** Data retention: closed customers with nothing attached are deleted by the administrator. */
  private purgeClosedCustomer(): void {
    const w = this.w;
    const customer = this.customer([['Closed', 1]]);
    if (!customer || !w.canDeleteCustomer(customer)) return;
    w.queue.schedule(w.officeTime(), w.first('admin'), () => {
      if (w.customers.has(customer.id) && w.canDeleteCustomer(customer)) w.deleteCustomer(customer);
    });
  }

  /** The key account is busy: finance posts to it most days and its team edits it now and then. */
  private keyAccountDay(): void {
    const w = this.w;
    const key = w.keyAccount;
    if (!key || !w.customers.has(key.id)) return;
    if (w.rng.chance(0.55)) {
      w.queue.schedule(w.officeTime(), w.anyone('finance'), () => {
        const balance = toPence(key.row.Balance);
        const delta = w.rng.chance(0.5) ? w.rng.int(200, 4_000) * 100 : -Math.round(balance * w.rng.float(0.02, 0.15));
        w.updateCustomer(key, { Balance: money(balance + delta) });
      });
    }
    if (w.rng.chance(0.06)) this.scheduleCustomerEdit(key, w.rng.pick(['notes', 'notes', 'phone', 'email', 'credit']));
    if (w.rng.chance(0.04) && key.contacts.length > 0) {
      const contact = w.contacts.get(w.rng.pick(key.contacts));
      if (contact) this.scheduleContactEdit(contact, this.w.managerOf(key), true);
    }
  }

  // ---- contacts --------------------------------------------------------------------------------------------

  private editContact(): void {
    const w = this.w;
    const contact = this.contact();
    if (!contact) return;
    const customer = w.customers.get(contact.row.CustomerID);
    if (!customer) return;
    // Most edits happen in the customer's window: the customer is saved with it, unchanged.
    this.scheduleContactEdit(contact, this.salesOrSupport(customer), w.rng.chance(0.6));
  }

  private scheduleContactEdit(contact: ContactState, by: PersonState, viaCustomer: boolean): void {
    const w = this.w;
    w.queue.schedule(w.officeTime(), by, () => {
      if (!w.contacts.has(contact.id)) return;
      const changes = this.contactChange(contact, w.rng.chance(0.1));
      if (!w.updateContact(contact, changes)) return;
      if (viaCustomer) w.touch('Customer', contact.row.CustomerID);
    });
  }

  private contactChange(contact: ContactState, untidy: boolean): Partial<ContactRow> {
    const w = this.w;
    const f = w.factory;
    const row = contact.row;
    const customer = w.customers.get(row.CustomerID);
    const city = f.cityNamed(customer?.row.City ?? 'London');
    const kind = w.rng.weighted<string>([['phone', 2], ['mobile', 1.5], ['email', 2], ['job', 1.5], ['notes', 1], ['surname', 0.15]]);
    const tidy = (phone: string): string => {
      if (!untidy) return phone;
      w.untidyPhones.push({ table: 'Contact', id: contact.id });
      return f.untidyPhone(phone);
    };
    switch (kind) {
      case 'phone':
        return { Phone: tidy(f.phone(city)) };
      case 'mobile':
        return { Mobile: w.rng.chance(0.1) ? null : tidy(f.mobile()) };
      case 'email': {
        const domain = row.Email?.split('@')[1] ?? customer?.row.Email?.split('@')[1] ?? 'example.co.uk';
        return { Email: f.personalEmail(row.FirstName, row.LastName, domain) };
      }
      case 'job':
        return { JobTitle: w.rng.pick(CONTACT_JOB_TITLES) };
      case 'notes':
        return { Notes: w.rng.chance(0.2) ? null : w.rng.pick(CONTACT_NOTES) };
      default: {
        const last = w.rng.pick(LAST_NAMES);
        const domain = row.Email?.split('@')[1];
        return { LastName: last, Email: domain ? f.personalEmail(row.FirstName, last, domain) : row.Email };
      }
    }
  }

  private addContact(): void {
    const w = this.w;
    const customer = this.activeCustomer();
    if (!customer) return;
    w.queue.schedule(w.officeTime(), this.salesOrSupport(customer), () => {
      if (!w.customers.has(customer.id)) return;
      w.addContact(customer, w.factory.contact(customer.id, customer.row, customer.contacts.length === 0));
      w.touch('Customer', customer.id);
    });
  }

  private deleteContact(): void {
    const w = this.w;
    const contact = this.contact();
    if (!contact || contact.row.IsPrimary === 1) return;
    const customer = w.customers.get(contact.row.CustomerID);
    if (!customer) return;
    w.queue.schedule(w.officeTime(), this.salesOrSupport(customer), () => {
      if (!w.contacts.has(contact.id) || !w.customers.has(customer.id)) return;
      w.deleteContact(contact);
      w.touch('Customer', customer.id);
    });
  }

  /** A new main contact: two contacts change and the customer is saved with them. */
  private switchPrimary(): void {
    const w = this.w;
    const customer = this.activeCustomer();
    if (!customer || customer.contacts.length < 2) return;
    w.queue.schedule(w.officeTime(), w.managerOf(customer), () => {
      if (!w.customers.has(customer.id) || customer.contacts.length < 2) return;
      const current = customer.contacts.map((id) => w.contacts.get(id)).filter((c): c is ContactState => !!c);
      const next = w.rng.pick(current.filter((c) => c.row.IsPrimary === 0));
      for (const c of current) if (c.row.IsPrimary === 1) w.updateContact(c, { IsPrimary: 0 });
      w.updateContact(next, { IsPrimary: 1 });
      customer.contacts = [next.id, ...customer.contacts.filter((id) => id !== next.id)];
      w.touch('Customer', customer.id);
    });
  }

  // ---- audits, findings, orders ------------------------------------------------------------------------------

  private newAudit(): void {
    const key = this.w.keyAccount;
    const customer = key && this.w.rng.chance(0.05) ? key : this.activeCustomer();
    if (customer) this.life.newAuditTask(customer);
  }

  private newOrder(): void {
    const key = this.w.keyAccount;
    const customer = key && this.w.rng.chance(0.08) ? key : this.activeCustomer();
    if (customer) this.life.draftOrderTask(customer);
  }

  private editFinding(): void {
    const w = this.w;
    const pool = w.rng.chance(0.5) ? w.findingPools.Open : w.findingPools.Remediating;
    const id = pool.pick(w.rng);
    const finding = id === undefined ? undefined : w.findings.get(id);
    const audit = finding ? w.audits.get(finding.row.AuditID) : undefined;
    if (!finding || !audit) return;
    w.queue.schedule(w.officeTime(), this.life.leadOf(audit), () => {
      if (!w.findings.has(finding.id) || finding.row.Status === 'Closed' || !w.audits.has(audit.id)) return;
      const severities: FindingSeverity[] = ['Low', 'Medium', 'High', 'Critical'];
      const changed = w.rng.chance(0.5)
        ? w.updateFinding(finding, { Severity: w.rng.pick(severities.filter((s) => s !== finding.row.Severity)) })
        : w.updateFinding(finding, { Description: appendLine(finding.row.Description, 'Clarified scope after the closing meeting.') });
      if (changed) w.touch('Audit', audit.id);
    });
  }

  private editOrder(): void {
    const w = this.w;
    const status = w.rng.weighted<'Draft' | 'Confirmed' | 'In progress'>([['Draft', 1], ['Confirmed', 2], ['In progress', 2]]);
    const id = w.orderPools[status].pick(w.rng);
    const order = id === undefined ? undefined : w.orders.get(id);
    const customer = order ? w.customers.get(order.row.CustomerID) : undefined;
    if (!order || !customer) return;
    w.queue.schedule(w.officeTime(), w.managerOf(customer), () => {
      if (!w.orders.has(order.id) || order.row.Status !== status) return;
      const kind = w.rng.weighted<string>([['description', 2], ['amount', 2], ['due', 1.5]]);
      if (kind === 'description') w.updateOrder(order, { Description: w.rng.pick(ORDER_DESCRIPTIONS) });
      else if (kind === 'amount') w.updateOrder(order, { Amount: money(toPence(order.row.Amount) * w.rng.float(0.9, 1.15)) });
      else if (order.row['Due Date']) w.updateOrder(order, { 'Due Date': isoDate(dayOf(order.row['Due Date']) + w.rng.int(3, 21)) });
    });
  }

  private editAudit(): void {
    const w = this.w;
    const status = w.rng.weighted<'Planned' | 'In progress' | 'Reported'>([['Planned', 3], ['In progress', 1], ['Reported', 1]]);
    const id = w.auditPools[status].pick(w.rng);
    const audit = id === undefined ? undefined : w.audits.get(id);
    if (!audit) return;
    const by = status === 'Reported' ? this.life.leadOf(audit) : w.anyone('compliance');
    w.queue.schedule(w.officeTime(), by, () => {
      if (!w.audits.has(audit.id) || audit.row.Status !== status) return;
      if (status === 'Reported') {
        w.updateAudit(audit, { Summary: appendLine(audit.row.Summary, 'Report reissued with corrected site list.') });
      } else if (status === 'Planned' && w.rng.chance(0.5)) {
        // Another lead auditor takes the audit over.
        w.updateAudit(audit, { LeadAuditorID: w.anyone('auditor').id });
      } else if (audit.row.PlannedEnd) {
        w.updateAudit(audit, { PlannedEnd: isoDate(addWorkingDays(dayOf(audit.row.PlannedEnd), 1)) });
      }
    });
  }

  // ---- the web portal ------------------------------------------------------------------------------------------

  private portalContactUpdate(): void {
    const w = this.w;
    const contact = this.contact();
    if (!contact) return;
    w.queue.schedule(w.portalTime(), w.first('portal'), () => {
      if (!w.contacts.has(contact.id)) return;
      // People type phone numbers as they like; the nightly job tidies them.
      w.updateContact(contact, this.contactChange(contact, w.rng.chance(0.4)));
    });
  }

  private portalCustomerUpdate(): void {
    const w = this.w;
    const customer = this.customer([['Active', 8], ['On hold', 1], ['Prospect', 1]]);
    if (!customer) return;
    w.queue.schedule(w.portalTime(), w.first('portal'), () => {
      if (!w.customers.has(customer.id)) return;
      const changes = this.customerChange(customer, w.rng.pick(['address', 'email', 'phone']));
      if (changes.Phone && w.rng.chance(0.4)) changes.Phone = w.factory.untidyPhone(changes.Phone);
      w.updateCustomer(customer, changes);
      if (changes.Phone && !isNormalisedPhone(changes.Phone)) w.untidyPhones.push({ table: 'Customer', id: customer.id });
    });
  }

  private portalSignUp(): void {
    const w = this.w;
    w.queue.schedule(w.portalTime(), w.first('portal'), () => {
      const customer = this.life.createCustomer({ status: 'Prospect', manager: null, contacts: 1 });
      this.life.planProspect(customer, 0.3);
      // The sales director assigns an account manager on the next working day.
      w.agendaWorking(w.today + 1, () =>
        w.queue.schedule(w.officeTime(), w.first('director'), () => {
          if (w.customers.has(customer.id) && customer.row.AccountManagerID === null) {
            w.updateCustomer(customer, { AccountManagerID: w.anyone('sales').id });
          }
        }),
      );
    });
  }

  // ---- imports and nightly jobs ------------------------------------------------------------------------------------

  /**
   * Every other month a list of prospects is imported: all rows in the same second. The automation
   * account normalises their phone numbers straight away, in that same second, so these records
   * have two log entries with the same ByTime.
   */
  private imports(): void {
    const w = this.w;
    const date = isoDate(w.today);
    const month = Number(date.slice(5, 7));
    if (month % 2 !== 0 || workingDayFrom(dayOf(`${date.slice(0, 7)}-01`)) !== w.today) return;
    const at = w.at(7, 15, 0);
    const imported: CustomerState[] = [];
    w.queue.schedule(at, w.first('import'), () => {
      const count = Math.max(1, w.rng.count(7 * w.scale));
      for (let i = 0; i < count; i += 1) {
        const customer = this.life.createCustomer({
          status: 'Prospect',
          manager: w.anyone('sales'),
          contacts: w.rng.int(1, 2),
          untidy: true,
        });
        imported.push(customer);
        this.life.planProspect(customer, 0.3);
      }
    });
    w.queue.schedule(at, w.first('automation'), () => {
      for (const customer of imported) {
        if (!w.customers.has(customer.id)) continue;
        this.normaliseCustomerPhone(customer);
        for (const id of customer.contacts) {
          const contact = w.contacts.get(id);
          if (contact) this.normaliseContactPhones(contact);
        }
      }
    });
  }

  private normaliseCustomerPhone(customer: CustomerState): void {
    if (customer.row.Phone !== null) this.w.updateCustomer(customer, { Phone: normalisePhone(customer.row.Phone) });
  }

  private normaliseContactPhones(contact: ContactState): void {
    const row = contact.row;
    this.w.updateContact(contact, {
      Phone: row.Phone === null ? null : normalisePhone(row.Phone),
      Mobile: row.Mobile === null ? null : normalisePhone(row.Mobile),
    });
  }

  /**
   * The automation account's night: the finance system's balances are synchronised (the key account
   * every night), credit control puts customers over their limit on hold, and yesterday's untidy
   * phone numbers are normalised.
   */
  private nightlyJobs(): void {
    const w = this.w;
    const bot = w.first('automation');
    const due: CustomerState[] = [];
    const key = w.keyAccount;
    if (key) due.push(key);
    for (const id of w.balanceQueue) {
      const customer = w.customers.get(id);
      if (customer && customer !== key) due.push(customer);
    }
    w.balanceQueue.clear();
    const pending = new Set(due.map((c) => c.id));
    const open = w.customerPools.Active.size + w.customerPools['On hold'].size;
    const extra = w.rng.count(open * 0.36);
    for (let i = 0; i < extra; i += 1) {
      const customer = this.customer([['Active', 9], ['On hold', 1]]);
      if (customer && !pending.has(customer.id)) {
        pending.add(customer.id);
        due.push(customer);
      }
    }
    const start = w.at(2, 0, 0);
    due.forEach((customer, i) => {
      w.queue.schedule(spread(start, i, due.length, 2_400), bot, () => this.syncBalance(customer));
    });

    const untidy = w.untidyPhones;
    w.untidyPhones = [];
    const tidyStart = w.at(2, 41, 0);
    untidy.forEach((entry, i) => {
      w.queue.schedule(spread(tidyStart, i, untidy.length, 600), bot, () => {
        if (entry.table === 'Customer') {
          const customer = w.customers.get(entry.id);
          if (customer) this.normaliseCustomerPhone(customer);
        } else {
          const contact = w.contacts.get(entry.id);
          if (contact) this.normaliseContactPhones(contact);
        }
      });
    });
  }

  private syncBalance(customer: CustomerState): void {
    const w = this.w;
    if (!w.customers.has(customer.id)) return;
    const balance = toPence(customer.row.Balance);
    let delta = customer.pendingPence;
    customer.pendingPence = 0;
    if (customer.key) {
      delta += w.rng.chance(0.5) ? w.rng.int(800, 9_500) * 100 : -Math.round(balance * w.rng.float(0.05, 0.25));
    } else if (delta === 0) {
      const limit = toPence(customer.row.CreditLimit ?? 5_000);
      delta = balance > 0 && w.rng.chance(0.55)
        ? -Math.min(balance, Math.round(balance * w.rng.pick([1, 1, 0.5, 0.3])))
        : Math.round(limit * w.rng.float(0.02, 0.25));
    }
    if (delta === 0) delta = w.rng.int(1, 500) * 100;
    w.updateCustomer(customer, { Balance: money(balance + delta) });
    // Credit control runs on the fresh balance in the same second.
    const limit = customer.row.CreditLimit;
    if (limit === null || customer.key) return;
    if (customer.row.Status === 'Active' && customer.row.Balance > limit) {
      w.updateCustomer(customer, { Status: 'On hold' });
    } else if (customer.row.Status === 'On hold' && customer.row.Balance <= limit * 0.8) {
      w.updateCustomer(customer, { Status: 'Active' });
    }
  }

  // ---- people ------------------------------------------------------------------------------------------------

  /** Password resets (mostly self-service, sometimes by the administrator) and the odd promotion. */
  private staffHousekeeping(): void {
    const w = this.w;
    const people = humans(w);
    const resets = w.rng.count(people.length / 60);
    for (let i = 0; i < resets; i += 1) {
      const person = w.rng.pick(people);
      const by = w.rng.chance(0.75) ? person : w.first('admin');
      w.queue.schedule(w.officeTime(), by, () => w.updatePerson(person, { PasswordHash: w.factory.passwordHash() }));
    }
  }
}

function humans(w: World): PersonState[] {
  const service: StaffRole[] = ['automation', 'import', 'portal'];
  return [...w.people.values()].filter((p) => p.row.Active === 1 && !service.includes(p.role));
}

function byLogin(w: World, login: string): PersonState {
  const person = [...w.people.values()].find((p) => p.row.Login === login);
  if (!person) throw new Error(`The demo organisation has no ${login}.`);
  return person;
}

/**
 * Dated staff events: hires, leavers (with the bulk reassignment of their customers), a marriage
 * name change, a department move, and the bulk reviews finance and compliance do twice a year.
 */
function scheduleStaffCalendar(w: World, life: Lifecycles, first: number): void {
  const admin = (): PersonState => w.first('admin');
  const on = (date: string, task: () => void): void => w.agendaWorking(dayOf(date), task);

  for (const hire of NEW_HIRES) {
    w.agendaWorking(first + hire.afterDays, () =>
      w.queue.schedule(w.at(9, w.rng.int(0, 40), w.rng.int(0, 59)), admin(), () => {
        w.addPerson(w.factory.person(hire), hire.role);
      }),
    );
  }

  on('2024-11-04', () => {
    const tom = byLogin(w, 'tgallagher');
    w.queue.schedule(w.officeTime(), admin(), () => w.updatePerson(tom, { JobTitle: 'Senior Credit Controller' }));
  });

  // A marriage: from now on her changes are logged under the new name (ByName differs over time).
  on('2025-06-16', () => {
    const emma = byLogin(w, 'eclarke');
    const surname = w.rng.pick(MARRIED_NAMES);
    w.queue.schedule(w.at(9, 5, w.rng.int(0, 59)), admin(), () =>
      w.updatePerson(emma, { Name: `Emma ${surname}`, Email: w.factory.staffEmail(`Emma ${surname}`) }),
    );
  });

  on('2025-09-01', () => {
    const grace = byLogin(w, 'gkim');
    w.queue.schedule(w.at(9, 12, w.rng.int(0, 59)), admin(), () => {
      w.updatePerson(grace, { Department: 'Compliance', JobTitle: 'Compliance Analyst' });
      grace.role = 'compliance';
    });
  });

  leaver(w, life, '2025-02-28', 'sturner');
  leaver(w, life, '2026-01-30', 'lmurphy');

  for (const date of ['2024-10-15', '2025-04-15', '2025-10-15', '2026-04-15']) {
    on(date, () => creditReview(w));
  }
  for (const date of ['2024-12-18', '2025-12-17']) {
    on(date, () => christmasExtensions(w));
  }
}

/**
 * Someone leaves: the administrator deactivates their account at the end of the day, and the next
 * working morning the sales director reassigns all their customers in one bulk edit (well within a
 * minute), while compliance hands their findings to the lead auditors.
 */
function leaver(w: World, life: Lifecycles, date: string, login: string): void {
  w.agendaWorking(dayOf(date), () => {
    const person = byLogin(w, login);
    w.queue.schedule(w.at(17, w.rng.int(30, 55), w.rng.int(0, 59)), w.first('admin'), () => w.updatePerson(person, { Active: 0 }));
    w.agendaWorking(w.today + 1, () => {
      const customers = [...w.customers.values()].filter((c) => c.row.AccountManagerID === person.id);
      const director = w.first('director');
      const start = w.at(9, 30, w.rng.int(0, 5));
      customers.forEach((customer, i) => {
        w.queue.schedule(spread(start, i, customers.length, 50), director, () => {
          if (!w.customers.has(customer.id)) return;
          const sales = w.staff('sales');
          w.updateCustomer(customer, { AccountManagerID: (sales[i % sales.length] ?? w.anyone('sales')).id });
        });
      });
      const findings = [...w.findings.values()].filter((f) => f.row.OwnerID === person.id && f.row.Status !== 'Closed');
      const compliance = w.first('compliance');
      const fStart = w.at(10, 15, w.rng.int(0, 30));
      findings.forEach((finding, i) => {
        w.queue.schedule(spread(fStart, i, findings.length, 50), compliance, () => {
          const audit = w.audits.get(finding.row.AuditID);
          if (!w.findings.has(finding.id) || !audit) return;
          w.updateFinding(finding, { OwnerID: life.leadOf(audit).id });
          w.touch('Audit', audit.id);
        });
      });
    });
  });
}

/** Twice a year finance reviews credit limits in one sitting: many customers within a minute. */
function creditReview(w: World): void {
  const active = w.customerPools.Active.values().filter((id) => id !== w.keyAccount?.id);
  const count = Math.min(active.length, Math.max(25, Math.round(30 * Math.sqrt(w.scale))));
  const chosen = w.rng.sample(active, count);
  const manager = byLogin(w, 'pshah');
  const start = w.at(11, w.rng.int(0, 20), 0);
  chosen.forEach((id, i) => {
    w.queue.schedule(spread(start, i, chosen.length, 55), manager, () => {
      const customer = w.customers.get(id);
      if (!customer) return;
      const limit = customer.row.CreditLimit ?? 5_000;
      const factor = toPence(customer.row.Balance) > limit * 80 ? 1.5 : w.rng.pick([0.8, 1.1, 1.2, 1.25]);
      w.updateCustomer(customer, { CreditLimit: Math.max(1_000, Math.round((limit * factor) / 500) * 500) });
    });
  });
}

/** Before Christmas compliance extends every open finding due over the holidays by three weeks. */
function christmasExtensions(w: World): void {
  const horizon = isoDate(w.today + 21);
  const today = isoDate(w.today);
  const findings = [...w.findingPools.Open.values(), ...w.findingPools.Remediating.values()]
    .map((id) => w.findings.get(id))
    .filter((f): f is NonNullable<typeof f> => !!f && f.row.DueDate !== null && f.row.DueDate >= today && f.row.DueDate <= horizon);
  const by = w.first('compliance');
  const start = w.at(15, w.rng.int(0, 30), 0);
  findings.forEach((finding, i) => {
    w.queue.schedule(spread(start, i, findings.length, 55), by, () => {
      const audit = w.audits.get(finding.row.AuditID);
      if (!w.findings.has(finding.id) || !audit || finding.row.DueDate === null) return;
      w.updateFinding(finding, { DueDate: isoDate(dayOf(finding.row.DueDate) + 21) });
      w.touch('Audit', audit.id);
    });
  });
}
