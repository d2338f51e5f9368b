import { describe, expect, it } from 'vitest';
import { findLabel, findName, parentKeyCandidates } from '../../db/schema/conventions';
import { hasUnsafeCharacter, namesMatching, printableName, resolveName } from '../../db/schema/identifiers';

describe('matching names from the database', () => {
  it('prefers the exact name, and matches ignoring case only when one name fits', () => {
    expect(namesMatching(['Customer', 'customer'], 'customer')).toEqual(['customer']);
    expect(namesMatching(['Customer', 'customer'], 'CUSTOMER')).toEqual(['Customer', 'customer']);
    expect(resolveName(['Customer', 'customer'], 'CUSTOMER')).toBeNull();
    expect(resolveName(['Customer', 'Order'], 'CUSTOMER')).toBe('Customer');
    expect(resolveName(['Customer'], 'Vendor')).toBeNull();
  });

  it('finds a column that labels things in another case or style, never a guess between two', () => {
    expect(findLabel(['first_name', 'last_name'], 'FirstName')).toBe('first_name');
    expect(findLabel(['first_name', 'FirstName'], 'firstname')).toBe('FirstName');
    expect(findLabel(['first_name', 'first-name'], 'FirstName')).toBeNull();
  });

  it('finds a column that decides which rows are read only exactly or in another case', () => {
    expect(findName(['by_time'], 'ByTime')).toBeNull();
    expect(findName(['bytime'], 'ByTime')).toBe('bytime');
    expect(findName(['ID', 'id'], 'Id')).toBeNull();
    expect(findName(['ID', 'id'], 'id')).toBe('id');
  });

  it('lists each parent-key candidate once', () => {
    expect(parentKeyCandidates('Genre')).toEqual(['GenreID', 'Genre_ID', 'ParentID', 'RecordID', 'RowID']);
    expect(parentKeyCandidates('Order Line')).toEqual(['Order LineID', 'OrderLineID', 'Order Line_ID', 'OrderLine_ID', 'ParentID', 'RecordID', 'RowID']);
  });
});

describe('names unsafe to show', () => {
  it('finds line breaks, other controls, separators and bidirectional overrides', () => {
    for (const name of ['a\nb', 'a\rb', 'a\tb', 'a\u0000b', 'a\u001bb', 'a\u0085b', 'a\u2028b', 'a\u202eb', 'a\u2066b']) {
      expect(hasUnsafeCharacter(name), JSON.stringify(name)).toBe(true);
    }
    for (const name of ['Order Line', 'Größe', 'Weird"Quote', 'bıgınt', '顧客']) expect(hasUnsafeCharacter(name)).toBe(false);
  });

  it('writes them as escapes', () => {
    expect(printableName('bad\nname_log')).toBe('bad\\nname_log');
    expect(printableName('evil\u202etxt.exe')).toBe('evil\\u{202e}txt.exe');
    expect(printableName('plain')).toBe('plain');
  });
});
