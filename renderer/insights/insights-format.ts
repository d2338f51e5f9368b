/** How Insights names its buckets and colours its series: readable in the light theme and the dark. */
import type { ChangeCue } from '../../shared/domain';
import type { InsightsBucket, InsightsGranularity } from '../../shared/insights';

const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

function dayText(day: string, withYear: boolean): string {
  const [y, m, d] = day.split('-');
  return `${Number(d)} ${MONTHS[Number(m) - 1]}${withYear ? ` ${y}` : ''}`;
}

/** The bar's label: "5 Mar", "w/c 4 Mar", "Mar 2025". */
export function bucketLabel(bucket: Pick<InsightsBucket, 'key'>, granularity: InsightsGranularity): string {
  if (granularity === 'month') {
    const [y, m] = bucket.key.split('-');
    return `${MONTHS[Number(m) - 1]} ${y}`;
  }
  return granularity === 'week' ? `w/c ${dayText(bucket.key, false)}` : dayText(bucket.key, false);
}

/** The bucket's days as a sentence part: "5 Mar 2025", "4 Mar 2025 – 10 Mar 2025". */
export function bucketDays(bucket: Pick<InsightsBucket, 'from' | 'to'>): string {
  return bucket.from === bucket.to ? dayText(bucket.from, true) : `${dayText(bucket.from, true)} – ${dayText(bucket.to, true)}`;
}

/** Blueprint's palette (its "3" shades), dark enough for white text and visible on white. */
const TABLE_COLOURS = ['#2D72D2', '#238551', '#C87619', '#7961DB', '#CD4246', '#147EB3', '#D1980B', '#00A396', '#DB2C6F', '#634DBF'];
const CUE_COLOURS: Record<ChangeCue, string> = { Added: '#238551', Modified: '#2D72D2', Deleted: '#CD4246', Unchanged: '#8F99A8', Other: '#C87619' };

export function seriesColour(name: string, split: 'table' | 'cue', series: readonly string[]): string {
  if (split === 'cue') return CUE_COLOURS[name as ChangeCue] ?? '#8F99A8';
  return TABLE_COLOURS[Math.max(0, series.indexOf(name)) % TABLE_COLOURS.length]!;
}

/**
 * A heat-map cell's background for a share of the busiest cell (0–1): from nothing to Blueprint's
 * blue at 60 %, under which the theme's own text colour keeps a contrast of about 7:1 in both
 * themes (checked by axe in the end-to-end tests).
 */
export function heatBackground(share: number): string {
  if (share <= 0) return 'transparent';
  // Never paler than 8 %: a cell with a change must not look empty.
  const alpha = 0.08 + 0.52 * Math.sqrt(Math.min(1, share));
  return `rgba(45, 114, 210, ${alpha.toFixed(3)})`;
}
