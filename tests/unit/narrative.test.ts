import { describe, expect, it } from 'vitest';
import type { ChangeCue, FieldChange } from '../../shared/domain';
import { entityName, narrate, narrateInFamily, summarize } from '../../shared/narrative';

function entry(changeCue: ChangeCue, changes: FieldChange[], more: { legacy?: boolean; previousKnown?: boolean } = {}) {
  return { changeCue, changes, legacy: more.legacy ?? false, previousKnown: more.previousKnown ?? true };
}

const phone: FieldChange = { field: 'Phone', old: '01234 567890', new: '01234 123456' };
const email: FieldChange = { field: 'Email', old: null, new: 'ann@example.com' };
const tag: FieldChange = { field: 'Tag', old: 'urgent', new: null };
const password: FieldChange = { field: 'PasswordHash', old: null, new: null, redacted: 'hidden' };

describe('narrate', () => {
  it('tells changed, set and removed fields', () => {
    expect(narrate(entry('Modified', [phone, email, tag]))).toEqual([
      'Phone changed from 01234 567890 to 01234 123456',
      'Email set to ann@example.com',
      'Tag removed: urgent',
    ]);
  });

  it('treats blank text as empty', () => {
    expect(narrate(entry('Modified', [{ field: 'Email', old: '  ', new: 'a@b.c' }]))).toEqual(['Email set to a@b.c']);
  });

  it('names hidden fields without their values', () => {
    const lines = narrate(entry('Modified', [{ ...password, old: 'secret1', new: 'secret2' }]));
    expect(lines).toEqual(['Password hash changed']);
    expect(lines.join(' ')).not.toMatch(/secret/);
  });

  it('shows masked values as given', () => {
    const ssn: FieldChange = { field: 'SSN', old: '***-**-6789', new: '***-**-4321', redacted: 'masked' };
    expect(narrate(entry('Modified', [ssn]))).toEqual(['SSN changed from ***-**-6789 to ***-**-4321']);
  });

  it('formats values: numbers, booleans, binary, multi-line text', () => {
    expect(
      narrate(
        entry('Modified', [
          { field: 'Limit', old: 1200, new: 1500.5 },
          { field: 'Active', old: true, new: false },
          { field: 'Photo', old: null, new: { kind: 'binary', bytes: 2048, digest: 'ab' } },
          { field: 'Notes', old: 'one', new: 'first\nsecond' },
        ]),
      ),
    ).toEqual([
      'Limit changed from 1200 to 1500.5',
      'Active changed from true to false',
      'Photo set to binary data (2,048 bytes)',
      'Notes changed from one to first …',
    ]);
  });

  it('starts an Added entry with Record created, then the fields as set', () => {
    expect(
      narrate(entry('Added', [{ field: 'Name', old: null, new: 'Ann' }, email, password], { previousKnown: false })),
    ).toEqual(['Record created', 'Name set to Ann', 'Email set to ann@example.com', 'Password hash set']);
  });

  it('tells a deletion in one line', () => {
    expect(narrate(entry('Deleted', [{ field: 'Name', old: 'Ann', new: null }]))).toEqual(['Record deleted']);
  });

  it('tells an Unchanged entry as saved with a related record', () => {
    expect(narrate(entry('Unchanged', []))).toEqual([
      'No changes to this record (saved together with a related record)',
    ]);
  });

  it('tells a legacy entry, whatever its cue', () => {
    expect(narrate(entry('Modified', [], { legacy: true }))).toEqual(['Legacy entry: the values were not recorded']);
    expect(narrate(entry('Added', [], { legacy: true, previousKnown: false }))).toEqual([
      'Legacy entry: the values were not recorded',
    ]);
  });

  it('tells an entry without a usable previous entry as first recorded, never as set or changed from empty', () => {
    const lines = narrate(
      entry(
        'Modified',
        [
          { field: 'Phone', old: null, new: '020 7946 0101', oldKnown: false },
          { field: 'TaxNumber', old: null, new: '***-**-6789', oldKnown: false, redacted: 'masked' },
          { ...password, oldKnown: false },
        ],
        { previousKnown: false },
      ),
    );
    expect(lines).toEqual([
      'First recorded: the log holds no earlier values, so what this entry changed is unknown',
      'Phone first recorded as 020 7946 0101',
      'Tax number first recorded as ***-**-6789',
      'Password hash first recorded',
    ]);
    expect(lines.join('\n')).not.toMatch(/set to|\(empty\)|changed from/);
    // Whatever the cue the application wrote, as long as it is a change.
    expect(narrate(entry('Other', [{ field: 'Phone', old: null, new: '1', oldKnown: false }], { previousKnown: false }))[1]).toBe(
      'Phone first recorded as 1',
    );
  });

  it('tells a change whose old value is unknown as first recorded, not as set from empty', () => {
    expect(narrate(entry('Modified', [{ field: 'Phone', old: null, new: '020 7946 0101', oldKnown: false }]))).toEqual([
      'Phone first recorded as 020 7946 0101',
    ]);
  });

  it('still tells a deletion or an Unchanged save without a usable previous entry as such', () => {
    expect(narrate(entry('Deleted', [{ field: 'Name', old: 'Ann', new: null }], { previousKnown: false }))).toEqual(['Record deleted']);
    expect(narrate(entry('Unchanged', [], { previousKnown: false }))).toEqual([
      'No changes to this record (saved together with a related record)',
    ]);
  });

  it('says so when a Modified entry changed nothing', () => {
    expect(narrate(entry('Modified', []))).toEqual(['Saved without changing any field']);
  });
});

describe('summarize', () => {
  it('gives one change in full', () => {
    expect(summarize(entry('Modified', [{ field: 'Status', old: 'Open', new: 'Closed' }]))).toBe(
      'Status changed from Open to Closed',
    );
    expect(summarize(entry('Modified', [tag]))).toBe('Tag removed: urgent');
  });

  it('names a single hidden change without values', () => {
    expect(summarize(entry('Modified', [password]))).toBe('Password hash changed');
  });

  it('keeps long values short in a one-change summary', () => {
    const long = { field: 'Notes', old: null, new: 'x'.repeat(200) };
    const line = summarize(entry('Modified', [long]));
    expect(line.startsWith('Notes set to xxx')).toBe(true);
    expect(line.length).toBeLessThan(60);
  });

  it('names up to three changed fields', () => {
    expect(summarize(entry('Modified', [phone, email]))).toBe('Phone, Email changed');
    expect(summarize(entry('Modified', [phone, email, tag]))).toBe('Phone, Email, Tag changed');
  });

  it('names two fields and counts the rest when many changed', () => {
    const many = [phone, email, tag, password, { field: 'Name', old: 'A', new: 'B' }];
    expect(summarize(entry('Modified', many))).toBe('Phone, Email and 3 more changed');
    expect(summarize(entry('Modified', many.slice(0, 4)))).toBe('Phone, Email and 2 more changed');
  });

  it('summarizes created, deleted, unchanged and legacy entries', () => {
    const nine = Array.from({ length: 9 }, (_, i) => ({ field: `F${i}`, old: null, new: i }));
    expect(summarize(entry('Added', nine, { previousKnown: false }))).toBe('Created with 9 fields');
    expect(summarize(entry('Added', nine.slice(0, 1)))).toBe('Created with 1 field');
    expect(summarize(entry('Deleted', nine))).toBe('Deleted');
    expect(summarize(entry('Unchanged', []))).toBe('No changes');
    expect(summarize(entry('Modified', [], { legacy: true }))).toBe('Legacy entry');
  });

  it('summarizes an entry without a usable previous entry as first recorded', () => {
    const first = (c: FieldChange): FieldChange => ({ ...c, old: null, oldKnown: false });
    expect(summarize(entry('Modified', [first(email), first(phone)], { previousKnown: false }))).toBe('First recorded with 2 fields');
    // One field is not told in full either: "set to" would credit the entry's person with it.
    expect(summarize(entry('Modified', [first(phone)], { previousKnown: false }))).toBe('First recorded with 1 field');
    expect(summarize(entry('Modified', [], { previousKnown: false }))).toBe('First recorded');
    expect(summarize(entry('Modified', [first(phone)]))).toBe('Phone first recorded as 01234 123456');
  });
});

describe('long texts in sentences', () => {
  const note = (tail: string) => `2026-07-03: Spoke to the finance director about the overdue invoice, ${tail}`;
  it('tells the part that changed, never two identical beginnings', () => {
    const change: FieldChange = { field: 'Notes', old: note('who agreed to pay by Friday.'), new: note('who refused to pay.') };
    for (const line of [summarize(entry('Modified', [change])), narrate(entry('Modified', [change]))[0]!]) {
      const m = /^Notes changed from (.*) to (.*)$/.exec(line)!;
      expect(m).not.toBeNull();
      expect(m[1]).not.toBe(m[2]);
    }
    expect(summarize(entry('Modified', [change]))).toMatch(/agreed.* to .*refused/);
  });

  it('says a change lies past what two cut texts carry', () => {
    const cut = (digest: string) => ({ kind: 'truncated' as const, text: 'x '.repeat(1000), length: 5000, digest });
    expect(summarize(entry('Modified', [{ field: 'Notes', old: cut('aa'), new: cut('bb') }]))).toBe('Notes changed past the first 2,000 characters');
  });
});

describe('a note appended to or cut short', () => {
  const old = '2026-07-03: Spoke to the finance director about the overdue invoice.';
  const longer = `${old}\n2026-08-11: Complaint about audit scheduling resolved.`;
  it('tells the text added at the end', () => {
    expect(summarize(entry('Modified', [{ field: 'Notes', old, new: longer }]))).toBe('Notes changed: added 2026-08-11: Complaint about audit sched…');
  });
  it('tells the text taken off the end', () => {
    expect(narrate(entry('Modified', [{ field: 'Notes', old: longer, new: old }]))).toEqual(['Notes changed: removed 2026-08-11: Complaint about audit scheduling resolved.']);
  });
});

describe('narrateInFamily (a record\'s related log)', () => {
  const own = { table: 'Customer', recordId: 1, title: 'Acme', narrative: ['Phone changed from 1 to 2'] };
  const contact = { table: 'Contact', recordId: 17, title: 'Jane Smith', narrative: ['Phone changed from 01234 to 05678', 'Email set to j@x.y'] };

  it('heads a related record\'s sentences with its table and title', () => {
    expect(narrateInFamily(contact, 'Customer')).toEqual(['Contact Jane Smith: Phone changed from 01234 to 05678', 'Contact Jane Smith: Email set to j@x.y']);
  });

  it('leaves the record\'s own entries as its own log tells them', () => {
    expect(narrateInFamily(own, 'Customer')).toEqual(['Phone changed from 1 to 2']);
  });

  it('names an untitled record by its id, never as empty', () => {
    expect(narrateInFamily({ ...contact, title: null }, 'Customer')[0]).toBe('Contact 17: Phone changed from 01234 to 05678');
    expect(entityName({ ...contact, title: '   ' })).toBe('Contact 17');
  });

  it('keeps a hostile title to one bounded line', () => {
    const name = entityName({ ...contact, title: `Jane\nSmith<script>${'x'.repeat(10_000)}` });
    expect(name).not.toMatch(/\n/);
    expect(name.length).toBeLessThan(80);
    expect(name.startsWith('Contact Jane')).toBe(true);
  });
});
