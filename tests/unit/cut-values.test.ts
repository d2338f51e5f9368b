import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { cutValuesNote } from '../../cli/format';
import { cutChange, cutRecordValues, cutValue, cutValueList, hasCutValue, textDigest, type CutMemo } from '../../db/cut-values';
import { toTitleText } from '../../db/values';
import type { FieldValue, TruncatedValue } from '../../shared/domain';
import { CUT_VALUE_CHARS, EMPTY_TEXT_DIGEST, formatValue, isEmptyValue, isTruncatedValue, sameValue } from '../../shared/values';

const digest = (text: string) => createHash('sha256').update(text, 'utf8').digest('hex').slice(0, 16);

function cut(value: string): TruncatedValue {
  const result = cutValue(value);
  if (!isTruncatedValue(result)) throw new Error('not cut');
  return result;
}

describe('cutting long values', () => {
  it('leaves values up to CUT_VALUE_CHARS characters whole, and everything that is not text', () => {
    expect(CUT_VALUE_CHARS).toBe(2000);
    for (const value of ['', 'short', 'x'.repeat(CUT_VALUE_CHARS), 12, true, null, { kind: 'binary', bytes: 3, digest: 'ab' }] as FieldValue[]) {
      expect(cutValue(value)).toBe(value);
    }
  });

  it('cuts longer text to its first CUT_VALUE_CHARS characters, with its whole length and digest', () => {
    const text = `${'a'.repeat(CUT_VALUE_CHARS)}b and more`;
    expect(cut(text)).toEqual({ kind: 'truncated', text: 'a'.repeat(CUT_VALUE_CHARS), length: CUT_VALUE_CHARS + 10, digest: digest(text) });
  });

  it('counts characters, not UTF-16 units, and never splits a surrogate pair', () => {
    const emoji = '\u{1F600}';
    // 2,000 characters in 4,000 UTF-16 units: not long.
    expect(cutValue(emoji.repeat(CUT_VALUE_CHARS))).toBe(emoji.repeat(CUT_VALUE_CHARS));
    const long = cut(`${emoji.repeat(CUT_VALUE_CHARS - 1)}é${emoji}${emoji}`);
    expect(long.text).toBe(`${emoji.repeat(CUT_VALUE_CHARS - 1)}é`);
    expect(long.length).toBe(CUT_VALUE_CHARS + 2);
    // A lone surrogate is a character of its own, kept as it is.
    const lone = cut(`${'x'.repeat(CUT_VALUE_CHARS - 1)}\uD800${'y'.repeat(5)}`);
    expect(lone.text.endsWith('\uD800')).toBe(true);
    expect(lone.length).toBe(CUT_VALUE_CHARS + 5);
  });

  it('digests the text as sameValue compares it: surrounding whitespace does not count', () => {
    const text = 'z'.repeat(3000);
    expect(textDigest(`  ${text}\n`)).toBe(textDigest(text));
    expect(sameValue(cut(`  ${text}\n`), cut(text))).toBe(true);
    expect(sameValue(cut(`${text}!`), cut(text))).toBe(false);
    // The same beginning is not the same value.
    expect(cut(`${text}!`).text).toBe(cut(text).text);
  });

  it('knows a long run of whitespace for empty, as it knows a short one', () => {
    const blank = cut(' '.repeat(5000));
    expect(blank.digest).toBe(EMPTY_TEXT_DIGEST);
    expect(isEmptyValue(blank)).toBe(true);
    expect(sameValue(blank, null)).toBe(true);
    expect(isEmptyValue(cut(`${' '.repeat(4000)}x`))).toBe(false);
    expect(formatValue(blank)).toBe('(empty)');
  });

  it('never takes a cut value for one handed out whole', () => {
    const long = cut('q'.repeat(2500));
    expect(sameValue(long, 'q'.repeat(2500))).toBe(false);
    expect(sameValue(long, long.text)).toBe(false);
    expect(sameValue(long, { ...long })).toBe(true);
  });

  it('writes a cut value as going on, in sentences and cells', () => {
    expect(formatValue(cut('w'.repeat(2500)))).toBe(`${'w'.repeat(79)}…`);
    expect(formatValue(cut(`First line\n${'w'.repeat(2500)}`))).toBe('First line …');
    expect(formatValue(cut(`${'w'.repeat(10)} ${'v'.repeat(2500)}`), { maxLength: 20 })).toBe(`${'w'.repeat(10)} ${'v'.repeat(8)}…`);
  });

  it('cuts each long text once per memo, and copies only what it changes', () => {
    const memo: CutMemo = new Map();
    const text = 'm'.repeat(4000);
    const first = cutValue(text, memo);
    expect(cutValue('m'.repeat(4000), memo)).toBe(first);
    const values = ['a', 1, null];
    expect(cutValueList(values, memo)).toBe(values);
    expect(cutValueList(['a', text], memo)).toEqual(['a', first]);
    expect(cutValueList(['a', text], memo, (i) => i === 1)).toEqual(['a', text]);
    const change = { field: 'Notes', old: 'short', new: 'new' };
    expect(cutChange(change)).toBe(change);
    expect(cutChange({ ...change, new: text }, memo)).toEqual({ ...change, new: first });
  });

  it('cuts a record\'s values, even under a field named __proto__', () => {
    const record = JSON.parse(`{"__proto__": "${'p'.repeat(2100)}", "Name": "Ann"}`) as Record<string, FieldValue>;
    const shown = cutRecordValues(record);
    expect(Object.getPrototypeOf(shown)).toBe(Object.prototype);
    expect(Object.keys(shown)).toEqual(['__proto__', 'Name']);
    expect(isTruncatedValue(shown.__proto__ as FieldValue)).toBe(true);
    const plain = { Name: 'Ann' };
    expect(cutRecordValues(plain)).toBe(plain);
  });

  it('tells whether an entry carries a cut value', () => {
    const long = cut('l'.repeat(2001));
    expect(hasCutValue({ snapshot: { A: 'x' }, changes: [] })).toBe(false);
    expect(hasCutValue({ snapshot: { A: long }, changes: [] })).toBe(true);
    expect(hasCutValue({ snapshot: {}, changes: [{ field: 'A', old: long, new: null }] })).toBe(true);
  });

  it('names a record by the beginning of a long title, marked, whether it arrives whole or cut', () => {
    const title = `  ${'T'.repeat(2500)}`;
    expect(toTitleText(title)).toBe(`${'T'.repeat(CUT_VALUE_CHARS - 2)}…`);
    expect(toTitleText(cutValue(title))).toBe(toTitleText(title));
    expect(toTitleText('  Ann  ')).toBe('Ann');
    expect(toTitleText(cutValue(' '.repeat(3000)))).toBeNull();
  });

  it('says in the CLI which values were cut and how long they are', () => {
    const body = cut('b'.repeat(10_485_760));
    expect(cutValuesNote({ snapshot: { Body: body, Name: 'x' }, changes: [{ field: 'Body', old: null, new: body }] })).toBe(
      'Cut here: Body (10,485,760 characters); audit-trail export writes whole values.',
    );
    expect(cutValuesNote({ snapshot: { Name: 'x' }, changes: [] })).toBeNull();
  });
});
