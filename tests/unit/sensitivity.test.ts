import { describe, expect, it } from 'vitest';
import type { BinaryValue, FieldChange, Sensitivity } from '../../shared/domain';
import {
  columnSensitivity,
  defaultSensitivity,
  maskValue,
  redactChange,
  redactValues,
} from '../../shared/sensitivity';

describe('defaultSensitivity', () => {
  it.each([
    'Password',
    'PASSWORD',
    'password_hash',
    'PasswordHash',
    'passwordhash',
    'pass-hash',
    'Passwd',
    'PwdHash',
    'Secret',
    'ClientSecret',
    'ApiKey',
    'API_KEY',
    'APIKey',
    'api key',
    'Token',
    'AccessToken',
    'PasswordResetToken',
    'PIN',
    'Pin',
    'CVV',
  ])('hides %s', (name) => {
    expect(defaultSensitivity(name)).toBe('hidden');
  });

  it.each([
    'Tax',
    'TaxNumber',
    'tax_number',
    'taxnumber',
    'IncomeTaxNumber',
    'VAT',
    'VatNumber',
    'SSN',
    'ssn',
    'SocialSecurityNumber',
    'socialsecuritynumber',
    'NationalID',
    'national_id',
    'NINO',
    'PassportNumber',
    'Passport',
    'Bank',
    'BankAccount',
    'bank_account_number',
    'IBAN',
    'AccountNumber',
    'account no',
    'SortCode',
    'sort-code',
    'Card',
    'CardNumber',
    'CreditCard',
    'credit card',
    'creditcardnumber',
    'PAN',
  ])('masks %s', (name) => {
    expect(defaultSensitivity(name)).toBe('masked');
  });

  it.each([
    'Name',
    'Email',
    'Phone',
    'CreditLimit',
    'creditlimit',
    'Cardinality',
    'Banker',
    'Bankruptcy',
    'Tokens',
    'Spinner',
    'Pinned',
    'Japan',
    'Company',
    'Panel',
    'Secretary',
    'Syntax',
    'Taxi',
    'Taxonomy',
    'AccountId',
    'AccountManager',
    'TaxRate',
    'taxrate',
    'VatAmount',
    'SalesTax',
    'IsTaxExempt',
    'CardType',
    'BankName',
    'HasPassword',
    'PasswordChangedAt',
    'password_changed_at',
    'LastPasswordChange',
    'TokenExpiry',
    'SecretQuestion',
  ])('leaves %s alone', (name) => {
    expect(defaultSensitivity(name)).toBe('none');
  });

  it('prefers hidden when a name holds both kinds of word', () => {
    expect(defaultSensitivity('CardPin')).toBe('hidden');
    expect(defaultSensitivity('PinCard')).toBe('hidden');
  });
});

describe('columnSensitivity', () => {
  it('falls back to the default by name', () => {
    expect(columnSensitivity('Customer', 'SSN')).toBe('masked');
    expect(columnSensitivity('Customer', 'Name', {})).toBe('none');
  });

  it('lets a column override win over the default, in any case', () => {
    expect(columnSensitivity('Customer', 'Phone', { phone: 'masked' })).toBe('masked');
    expect(columnSensitivity('Customer', 'SSN', { SSN: 'none' })).toBe('none');
  });

  it('lets a table.column override win over a column override, in any case', () => {
    const overrides: Record<string, Sensitivity> = { Notes: 'masked', 'customer.notes': 'hidden' };
    expect(columnSensitivity('Customer', 'Notes', overrides)).toBe('hidden');
    expect(columnSensitivity('Order', 'Notes', overrides)).toBe('masked');
  });

  it('never lets an override unmask a password-like column, by column or by table and column', () => {
    for (const value of ['none', 'masked'] as const) {
      expect(columnSensitivity('Person', 'PasswordHash', { PasswordHash: value })).toBe('hidden');
      expect(columnSensitivity('Person', 'PasswordHash', { 'person.passwordhash': value })).toBe('hidden');
      expect(columnSensitivity('Customer', 'ApiKey', { ApiKey: value, 'Customer.ApiKey': value })).toBe('hidden');
    }
  });

  it('lets an override lift a mask, or make any column more sensitive', () => {
    expect(columnSensitivity('River', 'Bank', { 'River.Bank': 'none' })).toBe('none');
    expect(columnSensitivity('Customer', 'Name', { Name: 'hidden' })).toBe('hidden');
    expect(columnSensitivity('Customer', 'SSN', { SSN: 'hidden' })).toBe('hidden');
  });

  it('ignores override values that are not a sensitivity', () => {
    const overrides = { 'Customer.SSN': 'visible' } as unknown as Record<string, Sensitivity>;
    expect(columnSensitivity('Customer', 'SSN', overrides)).toBe('masked');
  });
});

describe('maskValue', () => {
  it('keeps the last four letters or digits and the separators', () => {
    expect(maskValue('123-45-6789')).toBe('***-**-6789');
    expect(maskValue('GB29 NWBK 6016 1331 9268 19')).toBe('**** **** **** **** **68 19');
    expect(maskValue('4111111111111111')).toBe('************1111');
    expect(maskValue('AB123456C')).toBe('*****456C');
  });

  it('masks values of four or fewer characters entirely', () => {
    expect(maskValue('1234')).toBe('****');
    expect(maskValue('12-3')).toBe('**-*');
    expect(maskValue('A')).toBe('*');
  });

  it('masks numbers as text', () => {
    expect(maskValue(123456789)).toBe('*****6789');
    expect(maskValue(42)).toBe('**');
  });

  it('leaves empty, boolean and binary values as they are', () => {
    const blob: BinaryValue = { kind: 'binary', bytes: 8, digest: 'ab' };
    expect(maskValue(null)).toBeNull();
    expect(maskValue('')).toBe('');
    expect(maskValue('  ')).toBe('  ');
    expect(maskValue(true)).toBe(true);
    expect(maskValue(blob)).toBe(blob);
  });

  it('counts letters beyond ASCII as letters', () => {
    expect(maskValue('ÉÉÉÉÉÉ')).toBe('**ÉÉÉÉ');
  });
});

describe('redactChange', () => {
  const change: FieldChange = { field: 'SSN', old: '123-45-6789', new: '987-65-4321' };

  it('withholds a hidden field, even when revealing', () => {
    const hidden = { field: 'SSN', old: null, new: null, redacted: 'hidden' };
    expect(redactChange(change, 'hidden', false)).toEqual(hidden);
    expect(redactChange(change, 'hidden', true)).toEqual(hidden);
  });

  it('masks a masked field unless revealing', () => {
    expect(redactChange(change, 'masked', false)).toEqual({
      field: 'SSN',
      old: '***-**-6789',
      new: '***-**-4321',
      redacted: 'masked',
    });
    expect(redactChange(change, 'masked', true)).toEqual(change);
  });

  it('keeps an empty side empty when masking', () => {
    expect(redactChange({ field: 'SSN', old: null, new: '123-45-6789' }, 'masked', false)).toEqual({
      field: 'SSN',
      old: null,
      new: '***-**-6789',
      redacted: 'masked',
    });
  });

  it('leaves other fields as they are', () => {
    expect(redactChange(change, 'none', false)).toEqual(change);
  });
});

describe('redactValues', () => {
  const values = { Name: 'Ann', SSN: '123-45-6789', PasswordHash: 'x1y2z3' };
  const sensitivityOf = (field: string) => defaultSensitivity(field);

  it('drops hidden fields and masks masked ones', () => {
    expect(redactValues(values, sensitivityOf, false)).toEqual({ Name: 'Ann', SSN: '***-**-6789' });
  });

  it('reveals masked fields but never hidden ones', () => {
    expect(redactValues(values, sensitivityOf, true)).toEqual({ Name: 'Ann', SSN: '123-45-6789' });
  });

  it('does not change the values it was given', () => {
    redactValues(values, sensitivityOf, false);
    expect(values.SSN).toBe('123-45-6789');
    expect(values.PasswordHash).toBe('x1y2z3');
  });
});
