import { describe, expect, it } from 'vitest';
import { selectionAfterKey } from '../../renderer/common/list-keys';

describe('moving a list selection with the keys', () => {
  it('moves by one, by a page, or to either end, and never past the list', () => {
    expect(selectionAfterKey('ArrowDown', 3, 10, 4)).toBe(4);
    expect(selectionAfterKey('ArrowUp', 0, 10, 4)).toBe(0);
    expect(selectionAfterKey('PageDown', 8, 10, 4)).toBe(9);
    expect(selectionAfterKey('PageUp', 5, 10, 4)).toBe(1);
    expect(selectionAfterKey('Home', 7, 10, 4)).toBe(0);
    expect(selectionAfterKey('End', 2, 10, 4)).toBe(9);
  });

  it('leaves other keys, and empty lists, alone', () => {
    expect(selectionAfterKey('Enter', 2, 10, 4)).toBeUndefined();
    expect(selectionAfterKey('ArrowDown', 0, 0, 4)).toBeUndefined();
  });
});
