/**
 * How a change was made, beside who and when: the extra columns organisations' logs carry (an
 * update method or source, an application, an IP address, a correlation or transaction id). The
 * parts, their names as every view shows them, and the one reading of "recorded" versus "unknown":
 * a log without the column says nothing (the part is absent from the entry), a NULL in it is
 * unknown (the part is null), never an empty value.
 */
import type { HowMade, HowMadeFilter, HowMadePart } from './domain';

/** The parts, in the order every view lists them. */
export const HOW_MADE_PARTS: readonly HowMadePart[] = ['method', 'application', 'ip', 'correlation'];

/** Each part's name in sentences, column headers and pickers. */
export const HOW_MADE_LABELS: Readonly<Record<HowMadePart, string>> = {
  method: 'Method',
  application: 'Application',
  ip: 'IP address',
  correlation: 'Correlation ID',
};

/** Written where the log recorded the column but this entry holds nothing in it. */
export const UNKNOWN_HOW_MADE_TEXT = '(unknown)';

export function isHowMadePart(value: unknown): value is HowMadePart {
  return typeof value === 'string' && (HOW_MADE_PARTS as readonly string[]).includes(value);
}

/** The parts an entry records (present in its `made`), in display order. */
export function recordedParts(made: HowMade | undefined): HowMadePart[] {
  if (!made) return [];
  return HOW_MADE_PARTS.filter((part) => Object.hasOwn(made, part));
}

/**
 * One line saying how an entry was made, for lists and the CLI: "Method Bulk · IP address
 * ***.**8.1.10"; an unknown part is "(unknown)"; empty when the log records none of them.
 */
export function howMadeText(made: HowMade | undefined): string {
  return recordedParts(made)
    .map((part) => `${HOW_MADE_LABELS[part]} ${made![part] ?? UNKNOWN_HOW_MADE_TEXT}`)
    .join(' · ');
}

/** The parts a filter sets (a value that is not empty text), in display order. */
export function filteredParts(filter: HowMadeFilter | undefined): Array<[HowMadePart, string]> {
  if (!filter) return [];
  return HOW_MADE_PARTS.flatMap((part) => {
    const value = filter[part];
    return typeof value === 'string' && value !== '' ? [[part, value] as [HowMadePart, string]] : [];
  });
}
