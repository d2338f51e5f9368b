/**
 * An address written as a hash and read back: the read must find no problem and give the same
 * address. Returns the hash, for tests that also check what was written.
 */
import { expect } from 'vitest';
import { formatAddress, parseAddress, type Address } from '../../renderer/app/address';

export function roundTrip(a: Address): string {
  const hash = formatAddress(a);
  const back = parseAddress(hash);
  expect(back.problems).toEqual([]);
  expect(back.address).toEqual(a);
  return hash;
}
