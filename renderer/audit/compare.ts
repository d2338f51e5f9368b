/** Which fields two snapshots of one record hold differently: what the compare view boxes. */
import type { FieldValue } from '../../shared/domain';
import { sameValue } from '../../shared/values';

export function differingFields(a: Record<string, FieldValue>, b: Record<string, FieldValue>): string[] {
  const names = new Set([...Object.keys(a), ...Object.keys(b)]);
  return [...names].filter((name) => !sameValue(a[name] ?? null, b[name] ?? null));
}
