/**
 * How records move through their lives: prospects convert or go stale, audits are planned, run,
 * reported and closed, findings are remediated, service orders are confirmed, delivered, invoiced
 * and paid. Each step is an agenda task on a future day that schedules one event (a save by a
 * plausible person at a plausible time); every event re-checks the record first, because another
 * event may have deleted or changed it in the meantime.
 */
import { addWorkingDays, dayOf, isoDate } from './calendar';
import { money, toPence } from './records';
import type { AuditStatus, CustomerRow, CustomerStatus, FindingRow, OrderStatus } from './schema';
import { AUDIT_SUMMARIES, FINDING_FOLLOW_UPS } from './vocabulary';
import type { AuditState, CustomerState, FindingState, OrderState, PersonState, World } from './world';

/** Appends a dated line to free text, keeping it to a sensible length (oldest lines go first). */
export function appendLine(text: string | null, line: string): string {
  const lines = text ? [...text.split('\n'), line] : [line];
  while (lines.length > 1 && lines.join('\n').length > 240) lines.shift();
  return lines.join('\n');
}

export class Lifecycles {
  constructor(private readonly w: World) {}

  // ---- customers --------------------------------------------------------------------------------------

  /**
   * Creates a customer with its first contacts in one save (the same second). `untidy` phones are
   * as an import feed delivers them; the caller arranges their normalisation.
   */
  createCustomer(options: {
    status: CustomerStatus;
    manager: PersonState | null;
    contacts: number;
    untidy?: boolean;
    createdDay?: number;
    /** Values to set before the insert (derived from the generated row). */
    adjust?: (row: CustomerRow) => Partial<CustomerRow>;
  }): CustomerState {
    const w = this.w;
    const row = w.factory.customer({
      status: options.status,
      accountManagerId: options.manager?.id ?? null,
      createdDay: options.createdDay ?? w.today,
    });
    if (options.adjust) Object.assign(row, options.adjust(row));
    if (options.untidy && row.Phone) row.Phone = w.factory.untidyPhone(row.Phone);
    const customer = w.addCustomer(row);
    for (let i = 0; i < options.contacts; i += 1) {
      const contact = w.factory.contact(customer.id, customer.row, i === 0);
      if (options.untidy && contact.Phone) contact.Phone = w.factory.untidyPhone(contact.Phone);
      if (options.untidy && contact.Mobile) contact.Mobile = w.factory.untidyPhone(contact.Mobile);
      w.addContact(customer, contact);
    }
    return customer;
  }

  /** A prospect converts, goes stale (closed by automation), or is deleted (duplicate, no interest). */
  planProspect(customer: CustomerState, deleteShare: number): void {
    const w = this.w;
    const roll = w.rng.next();
    if (roll < deleteShare) {
      w.agendaWorking(w.today + w.rng.int(2, 150), () => {
        const by = w.rng.chance(0.8) ? w.managerOf(customer) : w.first('admin');
        w.queue.schedule(w.officeTime(), by, () => {
          if (!w.customers.has(customer.id) || customer.row.Status === 'Active' || customer.row.Status === 'On hold') return;
          if (w.canDeleteCustomer(customer)) w.deleteCustomer(customer);
        });
      });
    } else if (roll < deleteShare + 0.55) {
      w.agendaWorking(w.today + w.rng.int(10, 90), () => {
        w.queue.schedule(w.officeTime(), w.managerOf(customer), () => this.convertProspect(customer));
      });
    } else {
      // Stale prospects are closed by the nightly housekeeping job.
      w.agenda(w.today + 270, () => {
        w.queue.schedule(w.at(2, 45, w.rng.int(0, 59)), w.first('automation'), () => {
          if (!w.customers.has(customer.id) || customer.row.Status !== 'Prospect') return;
          w.updateCustomer(customer, {
            Status: 'Closed',
            Notes: appendLine(customer.row.Notes, `${isoDate(w.today)}: closed automatically after nine months without activity.`),
          });
        });
      });
    }
  }

  private convertProspect(customer: CustomerState): void {
    const w = this.w;
    if (!w.customers.has(customer.id) || customer.row.Status !== 'Prospect') return;
    w.updateCustomer(customer, {
      Status: 'Active',
      CreditLimit: customer.row.CreditLimit ?? w.factory.creditLimit(),
      TaxNumber: customer.row.TaxNumber ?? w.factory.taxNumber(customer.row.Country),
      Notes: w.rng.chance(0.4) ? appendLine(customer.row.Notes, `${isoDate(w.today)}: contract signed.`) : customer.row.Notes,
    });
    w.agendaWorking(w.today + w.rng.int(3, 20), () => this.draftOrderTask(customer));
    if (w.rng.chance(0.75)) w.agendaWorking(w.today + w.rng.int(5, 30), () => this.newAuditTask(customer));
  }

  // ---- audits -------------------------------------------------------------------------------------

  /** Agenda task: someone in compliance (or a lead auditor) plans an audit for the customer. */
  newAuditTask(customer: CustomerState): void {
    const w = this.w;
    const planner = w.rng.chance(0.6) ? w.anyone('compliance') : w.anyone('auditor');
    w.queue.schedule(w.officeTime(), planner, () => {
      if (!w.customers.has(customer.id) || customer.row.Status === 'Closed') return;
      this.createAudit(customer, addWorkingDays(w.today, w.rng.int(10, 60)));
    });
  }

  createAudit(customer: CustomerState, startDay: number): AuditState {
    const audit = this.createAuditRow(customer, startDay);
    this.planAudit(audit, true);
    return audit;
  }

  /** Inserts an audit without planning its future (bootstrap sets up the status it has already reached). */
  createAuditRow(customer: CustomerState, startDay: number, status: AuditStatus = 'Planned', endDay?: number): AuditState {
    const w = this.w;
    const end = endDay ?? addWorkingDays(startDay, w.rng.int(0, 3));
    const standard = w.factory.standard();
    const row = w.factory.audit({
      customerId: customer.id,
      leadAuditorId: w.anyone('auditor').id,
      startDay,
      endDay: end,
      standard,
    });
    row.Status = status;
    return w.addAudit(customer, row, standard);
  }

  /** Inserts a finding raised on `day`, with any values the caller needs already set. */
  createFindingRow(audit: AuditState, day: number, overrides: Partial<FindingRow> = {}): FindingState {
    const w = this.w;
    const row = w.factory.finding({
      auditId: audit.id,
      reference: w.findingReference(audit),
      standard: audit.standard,
      day,
      ownerId: w.rng.chance(0.5) ? this.leadOf(audit).id : this.managerForAudit(audit).id,
    });
    return w.addFinding(audit, { ...row, ...overrides });
  }

  /** An audit's score: fewer and milder findings score higher. */
  scoreFor(audit: AuditState): number {
    const w = this.w;
    let score = 96;
    for (const id of audit.findings) {
      const severity = w.findings.get(id)?.row.Severity;
      score -= severity === 'Critical' ? 12 : severity === 'High' ? 6 : severity === 'Medium' ? 3 : 1.5;
    }
    score = Math.max(35, Math.min(100, score + w.rng.float(-4, 3.5)));
    return Math.round(score * 10) / 10;
  }

  leadOf(audit: AuditState): PersonState {
    const lead = this.w.person(audit.row.LeadAuditorID);
    return lead && lead.row.Active === 1 ? lead : this.w.anyone('auditor');
  }

  /** A planned audit is cancelled (deleted), rescheduled, or starts on its planned day. */
  planAudit(audit: AuditState, mayChange: boolean): void {
    const w = this.w;
    const start = dayOf(audit.row.PlannedStart ?? isoDate(w.today + 1));
    const roll = w.rng.next();
    if (mayChange && roll < 0.05) {
      w.agendaWorking(start - w.rng.int(3, 10), () => {
        w.queue.schedule(w.officeTime(), w.anyone('compliance'), () => {
          if (w.audits.has(audit.id) && audit.row.Status === 'Planned' && audit.findings.length === 0) w.deleteAudit(audit);
        });
      });
    } else if (mayChange && roll < 0.17) {
      w.agendaWorking(start - w.rng.int(2, 10), () => {
        w.queue.schedule(w.officeTime(), this.leadOf(audit), () => {
          if (!w.audits.has(audit.id) || audit.row.Status !== 'Planned') return;
          const length = dayOf(audit.row.PlannedEnd ?? audit.row.PlannedStart ?? isoDate(start)) - start;
          const newStart = addWorkingDays(Math.max(start, w.today + 1), w.rng.int(5, 25));
          w.updateAudit(audit, {
            PlannedStart: isoDate(newStart),
            PlannedEnd: isoDate(addWorkingDays(newStart + Math.max(0, length), 0)),
          });
          this.planAudit(audit, false);
        });
      });
    } else {
      const plannedStart = audit.row.PlannedStart;
      w.agendaWorking(start, () => {
        w.queue.schedule(w.at(8, w.rng.int(0, 59), w.rng.int(0, 59)), this.leadOf(audit), () => {
          if (!w.audits.has(audit.id) || audit.row.Status !== 'Planned' || audit.row.PlannedStart !== plannedStart) return;
          w.updateAudit(audit, { Status: 'In progress' });
          this.runAudit(audit);
        });
      });
    }
  }

  /**
   * While an audit is in progress the lead auditor raises findings (from `firstDay` on, which is
   * today unless the audit started before logging began); after it comes the report.
   */
  runAudit(audit: AuditState, firstDay = this.w.today): void {
    const w = this.w;
    const end = Math.max(firstDay, dayOf(audit.row.PlannedEnd ?? isoDate(firstDay)));
    const count = w.rng.weighted<number>([[0, 2], [1, 2.5], [2, 2.5], [3, 1.5], [4, 1], [6, 0.5]]);
    for (let i = 0; i < count; i += 1) {
      const day = Math.min(end, addWorkingDays(firstDay, w.rng.int(0, Math.max(0, end - firstDay))));
      const raise = (): void => {
        if (!w.audits.has(audit.id) || audit.row.Status !== 'In progress') return;
        const finding = this.createFindingRow(audit, w.today);
        // The finding is saved from the audit's window: the audit is saved with it, unchanged.
        w.touch('Audit', audit.id);
        this.planFinding(finding, true);
      };
      if (day <= w.today) w.queue.schedule(w.later(1_800, 6 * 3_600), this.leadOf(audit), raise);
      else w.agenda(day, () => w.queue.schedule(w.officeTime(), this.leadOf(audit), raise));
    }
    w.agendaWorking(end + w.rng.int(2, 12), () => {
      w.queue.schedule(w.officeTime(), this.leadOf(audit), () => this.reportAudit(audit));
    });
  }

  private managerForAudit(audit: AuditState): PersonState {
    const customer = this.w.customers.get(audit.row.CustomerID);
    return customer ? this.w.managerOf(customer) : this.w.anyone('sales');
  }

  reportAudit(audit: AuditState): void {
    const w = this.w;
    if (!w.audits.has(audit.id) || audit.row.Status !== 'In progress') return;
    w.updateAudit(audit, { Status: 'Reported', Score: this.scoreFor(audit), Summary: w.rng.pick(AUDIT_SUMMARIES) });
    if (w.allFindingsClosed(audit)) this.planAuditClosure(audit);
  }

  /** Closed by compliance soon, or by the nightly housekeeping job once it is 45 days overdue. */
  planAuditClosure(audit: AuditState): void {
    const w = this.w;
    const close = (): void => {
      if (w.audits.has(audit.id) && audit.row.Status === 'Reported' && w.allFindingsClosed(audit)) {
        w.updateAudit(audit, { Status: 'Closed' });
      }
    };
    if (w.rng.chance(0.65)) {
      w.agendaWorking(w.today + w.rng.int(1, 10), () => w.queue.schedule(w.officeTime(), w.anyone('compliance'), close));
    } else {
      w.agenda(w.today + 45, () => w.queue.schedule(w.at(2, 50, w.rng.int(0, 59)), w.first('automation'), close));
    }
  }

  // ---- findings -------------------------------------------------------------------------------------

  ownerOf(finding: FindingState): PersonState {
    const owner = this.w.person(finding.row.OwnerID);
    if (owner && owner.row.Active === 1) return owner;
    const audit = this.w.audits.get(finding.row.AuditID);
    return audit ? this.leadOf(audit) : this.w.anyone('auditor');
  }

  /** Open → Remediating → Closed (with ClosedOn), each saved from the audit's window. */
  planFinding(finding: FindingState, mayBeDeleted: boolean): void {
    const w = this.w;
    const audit = (): AuditState | undefined => w.audits.get(finding.row.AuditID);
    if (finding.row.Status === 'Open') {
      if (mayBeDeleted && w.rng.chance(0.04)) {
        // Raised in error: the lead auditor deletes it from the audit.
        w.agendaWorking(w.today + w.rng.int(1, 5), () => {
          const parent = audit();
          if (!parent) return;
          w.queue.schedule(w.officeTime(), this.leadOf(parent), () => {
            if (!w.findings.has(finding.id) || finding.row.Status !== 'Open') return;
            w.deleteFinding(finding);
            if (w.audits.has(parent.id)) w.touch('Audit', parent.id);
          });
        });
        return;
      }
      w.agendaWorking(w.today + w.rng.int(2, 20), () => {
        w.queue.schedule(w.officeTime(), this.ownerOf(finding), () => {
          const parent = audit();
          if (!w.findings.has(finding.id) || finding.row.Status !== 'Open' || !parent) return;
          w.updateFinding(finding, {
            Status: 'Remediating',
            Description: w.rng.chance(0.5)
              ? appendLine(finding.row.Description, `${isoDate(w.today)}: ${w.rng.pick(FINDING_FOLLOW_UPS)}`)
              : finding.row.Description,
          });
          w.touch('Audit', parent.id);
          this.planFinding(finding, false);
        });
      });
    } else if (finding.row.Status === 'Remediating') {
      if (w.rng.chance(0.2) && finding.row.DueDate) {
        w.agendaWorking(dayOf(finding.row.DueDate) - w.rng.int(1, 7), () => {
          w.queue.schedule(w.officeTime(), w.anyone('compliance'), () => {
            const parent = audit();
            if (!w.findings.has(finding.id) || finding.row.Status === 'Closed' || !finding.row.DueDate || !parent) return;
            w.updateFinding(finding, { DueDate: isoDate(dayOf(finding.row.DueDate) + 30) });
            w.touch('Audit', parent.id);
          });
        });
      }
      w.agendaWorking(w.today + w.rng.int(5, 60), () => {
        const closer = w.rng.chance(0.6) ? this.ownerOf(finding) : this.leadOfFinding(finding);
        w.queue.schedule(w.officeTime(), closer, () => {
          const parent = audit();
          if (!w.findings.has(finding.id) || finding.row.Status !== 'Remediating' || !parent) return;
          w.updateFinding(finding, { Status: 'Closed', ClosedOn: isoDate(w.today) });
          w.touch('Audit', parent.id);
          if (parent.row.Status === 'Reported' && w.allFindingsClosed(parent)) this.planAuditClosure(parent);
        });
      });
    }
  }

  private leadOfFinding(finding: FindingState): PersonState {
    const audit = this.w.audits.get(finding.row.AuditID);
    return audit ? this.leadOf(audit) : this.w.anyone('auditor');
  }

  // ---- service orders -----------------------------------------------------------------------------------

  /** Agenda task: the account manager drafts a service order for the customer. */
  draftOrderTask(customer: CustomerState): void {
    const w = this.w;
    w.queue.schedule(w.officeTime(), w.managerOf(customer), () => {
      if (!w.customers.has(customer.id) || customer.row.Status === 'Closed' || customer.row.Status === 'Prospect') return;
      this.createOrder(customer);
    });
  }

  createOrder(customer: CustomerState): OrderState {
    const order = this.createOrderRow(customer, this.w.today);
    this.planOrder(order, true);
    return order;
  }

  /** Inserts an order dated `day` in the given status, without planning its future. */
  createOrderRow(customer: CustomerState, day: number, status: OrderStatus = 'Draft'): OrderState {
    const w = this.w;
    const row = w.factory.order({
      customerId: customer.id,
      customer: customer.row,
      orderNumber: w.nextOrderNumber(isoDate(day)),
      day,
      keyAccount: customer.key,
    });
    row.Status = status;
    return w.addOrder(customer, row);
  }

  private customerOf(order: OrderState): CustomerState | undefined {
    return this.w.customers.get(order.row.CustomerID);
  }

  private managerOfOrder(order: OrderState): PersonState {
    const customer = this.customerOf(order);
    return customer ? this.w.managerOf(customer) : this.w.anyone('sales');
  }

  /** Draft → Confirmed → In progress → Completed → Invoiced → Closed (paid), with the odd detour. */
  planOrder(order: OrderState, mayBeDiscarded: boolean): void {
    const w = this.w;
    const step = (day: number, by: () => PersonState, expect: string, run: () => void): void => {
      w.agendaWorking(day, () =>
        w.queue.schedule(w.officeTime(), by(), () => {
          if (w.orders.has(order.id) && order.row.Status === expect) run();
        }),
      );
    };
    switch (order.row.Status) {
      case 'Draft':
        if (mayBeDiscarded && w.rng.chance(0.08)) {
          step(w.today + w.rng.int(1, 10), () => this.managerOfOrder(order), 'Draft', () => w.deleteOrder(order));
        } else {
          step(w.today + w.rng.int(1, 7), () => this.managerOfOrder(order), 'Draft', () => {
            const revised = w.rng.chance(0.1) ? money(toPence(order.row.Amount) * w.rng.float(0.85, 1.2)) : order.row.Amount;
            w.updateOrder(order, { Status: 'Confirmed', Amount: revised });
            this.planOrder(order, false);
          });
        }
        break;
      case 'Confirmed':
        if (w.rng.chance(0.05)) {
          step(w.today + w.rng.int(3, 20), () => this.managerOfOrder(order), 'Confirmed', () => w.updateOrder(order, { Status: 'Cancelled' }));
        } else {
          const orderDay = dayOf(order.row['Order Date'] ?? isoDate(w.today));
          step(Math.max(w.today + 1, orderDay + w.rng.int(2, 10)), () => w.anyone('support'), 'Confirmed', () => {
            w.updateOrder(order, { Status: 'In progress' });
            this.planOrder(order, false);
          });
        }
        break;
      case 'In progress': {
        let due = dayOf(order.row['Due Date'] ?? isoDate(w.today + 20));
        if (w.rng.chance(0.2)) {
          const moved = due + w.rng.int(7, 30);
          step(w.today + w.rng.int(1, 5), () => this.managerOfOrder(order), 'In progress', () =>
            w.updateOrder(order, { 'Due Date': isoDate(moved) }),
          );
          due = moved;
        }
        step(Math.max(w.today + 6, due + w.rng.int(-3, 5)), () => (w.rng.chance(0.5) ? w.anyone('support') : w.anyone('auditor')), 'In progress', () => {
          w.updateOrder(order, { Status: 'Completed' });
          this.planOrder(order, false);
        });
        break;
      }
      case 'Completed':
        step(w.today + w.rng.int(1, 5), () => w.anyone('finance'), 'Completed', () => {
          w.updateOrder(order, { Status: 'Invoiced' });
          this.postToBalance(order, +1);
          this.planOrder(order, false);
        });
        break;
      case 'Invoiced':
        // Paid: the finance sync posts the payment and closes the order overnight.
        w.agenda(w.today + w.rng.int(20, 60), () =>
          w.queue.schedule(w.at(2, 20, w.rng.int(0, 59)), w.first('automation'), () => {
            if (!w.orders.has(order.id) || order.row.Status !== 'Invoiced') return;
            w.updateOrder(order, { Status: 'Closed' });
            this.postToBalance(order, -1);
          }),
        );
        break;
      default:
        break;
    }
  }

  /** Queues an invoice (+1) or its payment (−1) for the customer's next nightly balance sync. */
  private postToBalance(order: OrderState, sign: 1 | -1): void {
    const customer = this.customerOf(order);
    if (!customer) return;
    customer.pendingPence += sign * toPence(order.row.Amount);
    this.w.balanceQueue.add(customer.id);
  }
}
