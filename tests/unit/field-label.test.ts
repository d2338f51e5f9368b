import { describe, expect, it } from 'vitest';
import { fieldLabel, recordIdLabel } from '../../shared/field-label';
import { narrate, summarize } from '../../shared/narrative';

describe('fieldLabel', () => {
  it('makes column names readable, keeping acronyms', () => {
    expect(fieldLabel('LeadAuditorID')).toBe('Lead auditor ID');
    expect(fieldLabel('AccountManagerID')).toBe('Account manager ID');
    expect(fieldLabel('post_code')).toBe('Post code');
    expect(fieldLabel('SSN')).toBe('SSN');
    expect(fieldLabel('Address2')).toBe('Address 2');
    expect(fieldLabel('ID')).toBe('ID');
    expect(fieldLabel('___')).toBe('___');
  });

  it('names a table\'s record id column alike in the records and the deleted-records grids', () => {
    expect(recordIdLabel({ recordKey: 'ID', parentKey: 'CustomerID' })).toBe('ID');
    expect(recordIdLabel({ recordKey: null, parentKey: 'CustomerID' })).toBe('Customer ID');
  });

  it('is the name narratives use, as forms and grids do', () => {
    const entry = { changeCue: 'Modified' as const, legacy: false, previousKnown: true, changes: [{ field: 'LeadAuditorID', old: 3, new: 4 }] };
    expect(narrate(entry)).toEqual(['Lead auditor ID changed from 3 to 4']);
    expect(summarize(entry)).toBe('Lead auditor ID changed from 3 to 4');
    const many = { ...entry, changes: ['LeadAuditorID', 'CreditLimit', 'TaxNumber', 'Phone'].map((field) => ({ field, old: 1, new: 2 })) };
    expect(summarize(many)).toBe('Lead auditor ID, Credit limit and 2 more changed');
  });
});
