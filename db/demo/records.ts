/**
 * Realistic values and whole new rows for the demo tables. Everything is drawn from the seeded
 * PRNG, so the same seed always produces the same people, companies and numbers.
 */
import { isoDate } from './calendar';
import type { Prng } from './prng';
import type {
  AuditRow,
  ContactRow,
  CustomerRow,
  CustomerStatus,
  FindingRow,
  FindingSeverity,
  PersonRow,
  ServiceOrderRow,
} from './schema';
import type { STANDARDS } from './vocabulary';
import {
  AUDIT_KINDS,
  BUSINESS_PARKS,
  CITIES,
  COMPANY_SECTORS,
  COMPANY_STEMS,
  COMPANY_SUFFIXES,
  CONTACT_JOB_TITLES,
  CONTACT_NOTES,
  CUSTOMER_NOTES,
  FINDING_TEXTS,
  FIRST_NAMES,
  LAST_NAMES,
  ORDER_DESCRIPTIONS,
  STAFF_EMAIL_DOMAIN,
  STREET_NAMES,
  type City,
  type StaffMember,
} from './vocabulary';

export type Standard = (typeof STANDARDS)[number];

/** Money as stored: a REAL with two decimals (computed in pence so no float noise creeps in). */
export function money(pence: number): number {
  return Math.round(pence) / 100;
}

export function toPence(amount: number): number {
  return Math.round(amount * 100);
}

/** ASCII-only lower-case text for e-mail addresses and domains (é → e, ’ dropped). */
export function asciiSlug(text: string, separator = ''): string {
  const slug = text
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .replace(/ø/gi, 'o')
    .replace(/ł/gi, 'l')
    .replace(/ß/g, 'ss')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, separator);
  return separator ? slug.replace(new RegExp(`^${separator}+|${separator}+$`, 'g'), '') : slug;
}

/**
 * A UK phone number in the house style (`020 7946 0123`, `0161 496 0123`, `07700 900123`), from
 * whatever a person or an import typed (`+44 (0)161 4960123`, `01614960123`…). Foreign numbers are
 * left alone, as the organisation's normalisation job does.
 */
export function normalisePhone(phone: string): string {
  const trimmed = phone.trim();
  if (trimmed.startsWith('+') && !trimmed.startsWith('+44')) return trimmed;
  let digits = trimmed.replace(/\(0\)/g, '').replace(/\D/g, '');
  if (digits.startsWith('44')) digits = digits.slice(2);
  if (!digits.startsWith('0')) digits = `0${digits}`;
  if (digits.length !== 11) return trimmed;
  if (/^0(20|28|29)/.test(digits)) return `${digits.slice(0, 3)} ${digits.slice(3, 7)} ${digits.slice(7)}`;
  if (/^0(7|1632)/.test(digits)) return `${digits.slice(0, 5)} ${digits.slice(5)}`;
  if (/^01\d1/.test(digits) || /^011\d/.test(digits)) return `${digits.slice(0, 4)} ${digits.slice(4, 7)} ${digits.slice(7)}`;
  return `${digits.slice(0, 5)} ${digits.slice(5)}`;
}

export function isNormalisedPhone(phone: string | null): boolean {
  return phone === null || normalisePhone(phone) === phone;
}

export interface Address {
  AddressLine1: string;
  City: string;
  PostCode: string;
  Country: string;
}

export class RecordFactory {
  constructor(private readonly rng: Prng) {}

  firstName(): string {
    return this.rng.pick(FIRST_NAMES);
  }

  lastName(): string {
    return this.rng.pick(LAST_NAMES);
  }

  /** A city, weighted towards the UK (most customers are British). */
  city(): City {
    const uk = CITIES.filter((c) => c.country === 'United Kingdom');
    return this.rng.chance(0.9) ? this.rng.pick(uk) : this.rng.pick(CITIES.filter((c) => c.country !== 'United Kingdom'));
  }

  cityNamed(name: string): City {
    return CITIES.find((c) => c.city === name) ?? this.rng.pick(CITIES);
  }

  address(city: City): Address {
    const area = this.rng.pick(city.areas);
    let postCode: string;
    if (city.country === 'United Kingdom') {
      postCode = `${area} ${this.rng.int(1, 9)}${this.rng.chars('ABDEFGHJLNPQRSTUWXYZ', 2)}`;
    } else if (city.country === 'Ireland') {
      postCode = `${area} ${this.rng.chars('ACDEFHKNPRTVWXY', 1)}${this.rng.digits(1)}${this.rng.chars('ACDEFHKNPRTVWXY', 2)}`;
    } else {
      postCode = area;
    }
    const line = this.rng.chance(0.25)
      ? `Unit ${this.rng.int(1, 40)}, ${this.rng.pick(BUSINESS_PARKS)}`
      : `${this.rng.int(1, 240)} ${this.rng.pick(STREET_NAMES)}`;
    return { AddressLine1: line, City: city.city, PostCode: postCode, Country: city.country };
  }

  /** A landline in the house style, from the Ofcom drama ranges for UK cities. */
  phone(city: City): string {
    const three = this.rng.digits(3);
    switch (city.phone) {
      case 'london':
        return `020 7946 0${three}`;
      case 'geo4':
        return `${city.areaCode ?? '0161'} 496 0${three}`;
      case 'belfast':
        return `028 9649 6${three}`;
      case 'cardiff':
        return `029 2018 0${three}`;
      case 'fictional':
        return `01632 960${three}`;
      case 'foreign':
        return `${city.dialPrefix ?? '+353 1'} ${this.rng.digits(3)} ${this.rng.digits(4)}`;
    }
  }

  mobile(): string {
    return `07700 900${this.rng.digits(3)}`;
  }

  /** The same number as a person or an import feed might type it (not in the house style). */
  untidyPhone(phone: string): string {
    if (phone.startsWith('+')) return phone;
    const digits = phone.replace(/\D/g, '');
    const national = digits.slice(1);
    switch (this.rng.int(0, 3)) {
      case 0:
        return `+44${national}`;
      case 1:
        return digits;
      case 2:
        return `+44 (0)${phone.slice(1)}`;
      default:
        return phone.replaceAll(' ', '-');
    }
  }

  companyName(): string {
    return `${this.rng.pick(COMPANY_STEMS)} ${this.rng.pick(COMPANY_SECTORS)} ${this.rng.pick(COMPANY_SUFFIXES)}`;
  }

  /** A plausible domain for a company name (`hartley-logistics.co.uk`). */
  domainFor(companyName: string, country: string): string {
    const words = companyName.split(' ').filter((w) => !['Ltd', 'Limited', 'plc', 'LLP', 'Group', 'UK', '&', 'Sons'].includes(w));
    const slug = asciiSlug(words.slice(0, 2).join(' '), '-');
    const tld = country === 'Germany' ? 'de' : country === 'Ireland' ? 'ie' : country === 'Switzerland' ? 'ch' : 'co.uk';
    return `${slug}.${tld}`;
  }

  personalEmail(first: string, last: string, domain: string): string {
    const f = asciiSlug(first);
    const l = asciiSlug(last);
    return this.rng.chance(0.7) ? `${f}.${l}@${domain}` : `${f.charAt(0)}${l}@${domain}`;
  }

  /** A VAT-style tax number for the customer's country. */
  taxNumber(country: string): string {
    switch (country) {
      case 'Germany':
        return `DE${this.rng.digits(9)}`;
      case 'Ireland':
        return `IE${this.rng.digits(7)}${this.rng.chars('ABCDEFGHW', 1)}`;
      case 'Switzerland':
        return `CHE-${this.rng.digits(3)}.${this.rng.digits(3)}.${this.rng.digits(3)} MWST`;
      default:
        return `GB ${this.rng.digits(3)} ${this.rng.digits(4)} ${this.rng.digits(2)}`;
    }
  }

  /** An IBAN-shaped account number (not a valid IBAN: the check digits are random). */
  bankAccount(country: string): string {
    const banks = ['NWBK', 'BARC', 'LOYD', 'HBUK', 'MIDL', 'SRLG'];
    let raw: string;
    switch (country) {
      case 'Germany':
        raw = `DE${this.rng.digits(20)}`;
        break;
      case 'Ireland':
        raw = `IE${this.rng.digits(2)}${this.rng.pick(['AIBK', 'BOFI'])}${this.rng.digits(14)}`;
        break;
      case 'Switzerland':
        raw = `CH${this.rng.digits(19)}`;
        break;
      default:
        raw = `GB${this.rng.digits(2)}${this.rng.pick(banks)}${this.rng.digits(14)}`;
    }
    return raw.replace(/(.{4})/g, '$1 ').trim();
  }

  /** A bcrypt-looking hash (random, not the hash of anything). */
  passwordHash(): string {
    return `$2b$12$${this.rng.chars('./ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789', 53)}`;
  }

  staffEmail(name: string): string {
    const parts = name.split(' ');
    return `${asciiSlug(parts[0] ?? name)}.${asciiSlug(parts.slice(1).join(' '))}@${STAFF_EMAIL_DOMAIN}`;
  }

  person(member: StaffMember): PersonRow {
    const service = member.jobTitle === 'Service account';
    return {
      Name: member.name,
      Login: member.login,
      Email: service ? null : this.staffEmail(member.name),
      Department: member.department,
      JobTitle: member.jobTitle,
      PasswordHash: this.passwordHash(),
      Active: 1,
    };
  }

  customerNotes(): string | null {
    return this.rng.chance(0.45) ? this.rng.pick(CUSTOMER_NOTES) : null;
  }

  creditLimit(): number {
    return this.rng.pick([2_000, 5_000, 5_000, 10_000, 10_000, 15_000, 25_000, 50_000]);
  }

  customer(options: { status: CustomerStatus; accountManagerId: number | null; createdDay: number; name?: string; city?: City }): CustomerRow {
    const city = options.city ?? this.city();
    const name = options.name ?? this.companyName();
    const address = this.address(city);
    const prospect = options.status === 'Prospect';
    const domain = this.domainFor(name, city.country);
    return {
      Name: name,
      Status: options.status,
      Email: this.rng.chance(0.9) ? `${this.rng.pick(['accounts', 'info', 'office', 'quality', 'hello'])}@${domain}` : null,
      Phone: this.rng.chance(0.92) ? this.phone(city) : null,
      ...address,
      AccountManagerID: options.accountManagerId,
      CreditLimit: prospect ? null : this.creditLimit(),
      Balance: 0,
      // Prospects rarely have tax and bank details on file yet.
      TaxNumber: prospect ? (this.rng.chance(0.2) ? this.taxNumber(city.country) : null) : this.rng.chance(0.85) ? this.taxNumber(city.country) : null,
      BankAccount: prospect ? null : this.rng.chance(0.6) ? this.bankAccount(city.country) : null,
      Notes: this.customerNotes(),
      CreatedOn: isoDate(options.createdDay),
    };
  }

  contact(customerId: number, customer: CustomerRow, isPrimary: boolean): ContactRow {
    const first = this.firstName();
    const last = this.lastName();
    const domain = customer.Email?.split('@')[1] ?? this.domainFor(customer.Name, customer.Country);
    const city = this.cityNamed(customer.City ?? 'London');
    return {
      CustomerID: customerId,
      FirstName: first,
      LastName: last,
      JobTitle: this.rng.chance(0.9) ? this.rng.pick(CONTACT_JOB_TITLES) : null,
      Email: this.rng.chance(0.93) ? this.personalEmail(first, last, domain) : null,
      Phone: this.rng.chance(0.7) ? this.phone(city) : null,
      Mobile: this.rng.chance(0.55) && city.country === 'United Kingdom' ? this.mobile() : null,
      IsPrimary: isPrimary ? 1 : 0,
      Notes: this.rng.chance(0.2) ? this.rng.pick(CONTACT_NOTES) : null,
    };
  }

  standard(): Standard {
    return this.rng.weighted<Standard>([
      ['ISO 9001', 5],
      ['ISO 27001', 4],
      ['SOC 2', 2],
      ['ISO 14001', 2],
      ['ISO 45001', 2],
    ]);
  }

  audit(options: { customerId: number; leadAuditorId: number; startDay: number; endDay: number; standard?: Standard }): AuditRow {
    const standard = options.standard ?? this.standard();
    const year = isoDate(options.startDay).slice(0, 4);
    return {
      CustomerID: options.customerId,
      Title: `${standard} ${this.rng.pick(AUDIT_KINDS[standard])} ${year}`,
      Standard: standard,
      Status: 'Planned',
      LeadAuditorID: options.leadAuditorId,
      PlannedStart: isoDate(options.startDay),
      PlannedEnd: isoDate(options.endDay),
      Score: null,
      Summary: null,
    };
  }

  severity(): FindingSeverity {
    return this.rng.weighted<FindingSeverity>([
      ['Low', 5],
      ['Medium', 4],
      ['High', 2],
      ['Critical', 0.4],
    ]);
  }

  /** Days allowed to remediate, by severity. */
  static dueDays(severity: FindingSeverity): number {
    return { Low: 90, Medium: 60, High: 30, Critical: 14 }[severity];
  }

  finding(options: { auditId: number; reference: string; standard: Standard; day: number; ownerId: number }): FindingRow {
    const severity = this.severity();
    return {
      AuditID: options.auditId,
      Reference: options.reference,
      Severity: severity,
      Description: this.rng.pick(FINDING_TEXTS[options.standard]),
      Status: 'Open',
      DueDate: isoDate(options.day + RecordFactory.dueDays(severity)),
      OwnerID: options.ownerId,
      ClosedOn: null,
    };
  }

  orderAmount(keyAccount: boolean): number {
    const base = keyAccount ? this.rng.int(20, 400) * 50 : this.rng.int(6, 160) * 50;
    // Most quotes are round; travel and expenses are not.
    return this.rng.chance(0.7) ? base : money(base * 100 + this.rng.int(1, 99) + this.rng.int(0, 30) * 100);
  }

  currencyFor(country: string): string {
    if (country === 'Germany' || country === 'Ireland') return 'EUR';
    if (country === 'Switzerland') return 'CHF';
    return this.rng.chance(0.03) ? 'USD' : 'GBP';
  }

  order(options: { customerId: number; customer: CustomerRow; orderNumber: string; day: number; keyAccount: boolean }): ServiceOrderRow {
    return {
      CustomerID: options.customerId,
      OrderNumber: options.orderNumber,
      Description: this.rng.chance(0.95) ? this.rng.pick(ORDER_DESCRIPTIONS) : null,
      Amount: this.orderAmount(options.keyAccount),
      Currency: this.currencyFor(options.customer.Country),
      Status: 'Draft',
      'Order Date': isoDate(options.day),
      'Due Date': isoDate(options.day + this.rng.int(14, 60)),
    };
  }
}
