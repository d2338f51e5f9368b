/**
 * The organisation as it stood when full logging was switched on (LOGGING_START): people,
 * customers, contacts, audits, findings and orders created since 2023. These rows are inserted
 * before the triggers exist, exactly as an organisation that enables logging on an existing
 * database has rows with no history. Some of them carry legacy log rows from the old logging
 * version: who/when/cue only, every snapshot column NULL.
 */
import { addWorkingDays, dayOf, formatUtc, isoDate, LOGGING_START, workingDayFrom } from './calendar';
import { appendLine, type Lifecycles } from './lifecycles';
import { money, toPence } from './records';
import type { CustomerStatus, TableName } from './schema';
import { AUDIT_SUMMARIES, FINDING_FOLLOW_UPS, STAFF, type StaffMember, type StaffRole } from './vocabulary';
import type { CustomerState, PersonState, World } from './world';

/** The key account: Customer ID 1, with the longest log (its balance is synchronised nightly). */
export const KEY_ACCOUNT_NAME = 'Albion Foods Group plc';

interface LegacyRow {
  at: number;
  seq: number;
  table: TableName;
  id: number;
  by: PersonState;
  cue: 'Added' | 'Modified';
}

export function bootstrap(w: World, life: Lifecycles): void {
  const start = dayOf(LOGGING_START);
  const firstDay = dayOf('2023-01-09');
  const lastDay = start - 3;
  w.today = start - 1;
  const rng = w.rng;
  const legacy: LegacyRow[] = [];

  /** Some records created in 2023 get 1–3 rows of the old logging version (forced for the key account). */
  const maybeLegacy = (table: TableName, id: number, createdDay: number, by: () => PersonState, force = false): void => {
    if (createdDay >= dayOf('2024-01-01') || !(force || rng.chance(0.35))) return;
    const count = force ? 3 : rng.int(1, 3);
    const added = force || rng.chance(0.6);
    for (let i = 0; i < count; i += 1) {
      // People worked on working days then too (Review would rightly call a Saturday's entry off-hours).
      const day = i === 0 && added ? workingDayFrom(createdDay) : workingDayFrom(rng.int(createdDay + 1, start - 4));
      legacy.push({
        at: w.officeTime(day),
        seq: legacy.length,
        table,
        id,
        by: by(),
        cue: i === 0 && added ? 'Added' : 'Modified',
      });
    }
  };

  // ---- people ------------------------------------------------------------------------------------
  const logins = new Set<string>();
  for (const member of STAFF) {
    w.addPerson(w.factory.person(member), member.role);
    logins.add(member.login);
  }
  // Bigger organisations (--scale above 1) employ proportionally more people.
  const extraRoles: StaffRole[] = ['sales', 'auditor', 'finance', 'support', 'sales', 'auditor', 'compliance', 'sales'];
  const departments: Record<string, string> = {
    sales: 'Sales',
    auditor: 'Audit',
    finance: 'Finance',
    support: 'Customer Support',
    compliance: 'Compliance',
  };
  const titles: Record<string, string> = {
    sales: 'Account Manager',
    auditor: 'Auditor',
    finance: 'Accounts Assistant',
    support: 'Support Agent',
    compliance: 'Compliance Analyst',
  };
  const extra = w.scale > 1 ? Math.round((w.scale - 1) * 8) : 0;
  for (let i = 0; i < extra; i += 1) {
    const role = extraRoles[i % extraRoles.length] as StaffRole;
    const first = w.factory.firstName();
    const last = w.factory.lastName();
    const base = `${first.charAt(0)}${last}`.normalize('NFD').replace(/[^A-Za-z]/g, '').toLowerCase();
    let login = base;
    for (let n = 2; logins.has(login); n += 1) login = `${base}${n}`;
    logins.add(login);
    const member: StaffMember = { name: `${first} ${last}`, login, department: departments[role] ?? 'Operations', jobTitle: titles[role] ?? 'Analyst', role };
    w.addPerson(w.factory.person(member), role);
  }
  for (const person of w.rng.sample(humans(w), 6)) {
    maybeLegacy('Person', person.id, workingDayFrom(rng.int(firstDay, dayOf('2023-12-01'))), () => w.first('admin'), true);
  }

  // ---- customers and contacts -----------------------------------------------------------------------
  const keyManager = [...w.people.values()].find((p) => p.row.Login === 'jpatel') ?? w.anyone('sales');
  const key = life.createCustomer({
    status: 'Active',
    manager: keyManager,
    contacts: 0,
    createdDay: firstDay,
    adjust: () => ({
      Name: KEY_ACCOUNT_NAME,
      Email: 'accounts.payable@albionfoods.co.uk',
      Phone: '020 7946 0101',
      AddressLine1: 'Albion House, 1 Wharf Street',
      City: 'London',
      PostCode: 'SE1 9PG',
      Country: 'United Kingdom',
      CreditLimit: 250_000,
      Balance: 48_250,
      TaxNumber: 'GB 284 1170 36',
      BankAccount: 'GB47 NWBK 6016 1331 9268 19',
      Notes: 'Key account — 14 sites across the UK.\nQuarterly review with the finance director; invoices consolidated monthly.',
    }),
  });
  key.key = true;
  w.keyAccount = key;
  for (let i = 0; i < 8; i += 1) w.addContact(key, w.factory.contact(key.id, key.row, i === 0));
  maybeLegacy('Customer', key.id, firstDay, () => keyManager, true);

  const customerCount = Math.max(10, Math.round(120 * w.scale));
  const createdDays = Array.from({ length: customerCount - 1 }, () => workingDayFrom(rng.int(firstDay + 1, lastDay - 5))).sort((a, b) => a - b);
  const customers: { customer: CustomerState; created: number }[] = [{ customer: key, created: firstDay }];
  for (const created of createdDays) {
    const status = rng.weighted<CustomerStatus>([['Active', 68], ['Prospect', 10], ['On hold', 5], ['Closed', 17]]);
    const manager = w.anyone('sales');
    const contactCount = rng.weighted<number>([[1, 3], [2, 4], [3, 2], [4, 1]]);
    const customer = life.createCustomer({
      status,
      manager,
      contacts: contactCount,
      createdDay: created,
      adjust: (row) => {
        const limit = toPence(row.CreditLimit ?? 0);
        if (status === 'Active') return { Balance: money(limit * rng.float(0, 0.6)) };
        if (status === 'On hold') return { Balance: money(limit * rng.float(1.05, 1.3)) };
        return {};
      },
    });
    customers.push({ customer, created });
    maybeLegacy('Customer', customer.id, created, () => manager);
    for (const contactId of customer.contacts) {
      maybeLegacy('Contact', contactId, Math.min(lastDay, workingDayFrom(created + rng.int(0, 30))), () => w.anyone(rng.chance(0.7) ? 'sales' : 'support'));
    }
    if (status === 'Prospect') life.planProspect(customer, 0.2);
  }

  // ---- audits and findings ---------------------------------------------------------------------------
  for (const { customer, created } of customers) {
    const status = customer.row.Status;
    if (status === 'Prospect') continue;
    const historical = customer.key ? 3 : rng.chance(status === 'Closed' ? 0.3 : 0.55) ? 1 : 0;
    for (let i = 0; i < historical; i += 1) {
      const from = created + 20;
      const to = dayOf('2024-03-15');
      if (from >= to) break;
      const startDay = workingDayFrom(rng.int(from, to));
      const audit = life.createAuditRow(customer, startDay, 'Closed');
      const findings = rng.weighted<number>([[0, 2], [1, 3], [2, 3], [3, 2], [4, 1]]);
      const end = dayOf(audit.row.PlannedEnd ?? isoDate(startDay));
      for (let f = 0; f < findings; f += 1) {
        const closedOn = Math.min(lastDay, end + rng.int(10, 80));
        const finding = life.createFindingRow(audit, end, { Status: 'Closed', ClosedOn: isoDate(closedOn) });
        if (rng.chance(0.5)) {
          w.updateFinding(finding, { Description: appendLine(finding.row.Description, `${isoDate(closedOn)}: ${rng.pick(FINDING_FOLLOW_UPS)}`) });
        }
        maybeLegacy('Finding', finding.id, end, () => life.leadOf(audit));
      }
      // No triggers exist yet, so these updates leave no log rows: they complete the row as it was.
      w.updateAudit(audit, { Score: life.scoreFor(audit), Summary: rng.pick(AUDIT_SUMMARIES) });
      maybeLegacy('Audit', audit.id, startDay - 20, () => w.anyone(rng.chance(0.5) ? 'compliance' : 'auditor'));
    }
    if (status !== 'Active' && status !== 'On hold') continue;
    const roll = rng.next();
    if (customer.key || roll < 0.2) {
      // Planned before logging started, happening after.
      const audit = life.createAuditRow(customer, addWorkingDays(start, rng.int(1, 60)), 'Planned');
      life.planAudit(audit, true);
    } else if (roll < 0.27) {
      // Reported this spring, findings still being worked on.
      const startDay = workingDayFrom(rng.int(dayOf('2024-02-26'), dayOf('2024-04-10')));
      const audit = life.createAuditRow(customer, startDay, 'Reported');
      const end = dayOf(audit.row.PlannedEnd ?? isoDate(startDay));
      const count = rng.int(1, 4);
      for (let f = 0; f < count; f += 1) {
        const remediating = rng.chance(0.5);
        const finding = life.createFindingRow(audit, end, { Status: remediating ? 'Remediating' : 'Open', ClosedOn: null });
        life.planFinding(finding, false);
      }
      w.updateAudit(audit, { Score: life.scoreFor(audit), Summary: rng.pick(AUDIT_SUMMARIES) });
    } else if (roll < 0.3) {
      // On site right now: started in the last days of April, ending in early May.
      const startDay = workingDayFrom(rng.int(dayOf('2024-04-24'), dayOf('2024-04-29')));
      const audit = life.createAuditRow(customer, startDay, 'In progress', addWorkingDays(start, rng.int(0, 2)));
      life.runAudit(audit, start);
    }
  }

  // ---- service orders ----------------------------------------------------------------------------------
  for (const { customer, created } of customers) {
    const status = customer.row.Status;
    if (status === 'Prospect') continue;
    const past = customer.key ? 6 : rng.weighted<number>([[0, 3], [1, 3], [2, 2], [3, 1]]);
    for (let i = 0; i < past; i += 1) {
      const day = workingDayFrom(rng.int(created + 5, dayOf('2024-02-15')));
      if (day >= lastDay) break;
      const order = life.createOrderRow(customer, day, 'Closed');
      maybeLegacy('Service Order', order.id, day, () => w.managerOf(customer));
    }
    if ((status === 'Active' && rng.chance(0.25)) || customer.key) {
      const day = workingDayFrom(rng.int(dayOf('2024-03-25'), lastDay));
      const orderStatus = rng.weighted<'Draft' | 'Confirmed' | 'In progress' | 'Invoiced'>([
        ['Draft', 1],
        ['Confirmed', 2],
        ['In progress', 2],
        ['Invoiced', 2],
      ]);
      const order = life.createOrderRow(customer, day, orderStatus);
      life.planOrder(order, orderStatus === 'Draft');
    }
  }

  // ---- legacy log rows, oldest first (as the old logging version wrote them) -------------------------------
  legacy.sort((a, b) => a.at - b.at || a.seq - b.seq);
  for (const row of legacy) w.legacyLog(row.table, row.id, row.by, formatUtc(row.at), row.cue);
}

function humans(w: World): PersonState[] {
  return [...w.people.values()].filter((p) => !['automation', 'import', 'portal'].includes(p.role));
}
