/**
 * Review's thresholds (settings `review`), with their defaults: the one place that decides how
 * many is "many". The defaults are tuned on the demo replica, whose ordinary work (credit reviews
 * of a few dozen customers within a minute, a leaver's customers reassigned, the nightly jobs) is
 * no finding, while its planted cases are (db/demo/planted.ts).
 */
import type { AuditSettings } from '../../settings';

export interface ReviewThresholds {
  bulkChange: { count: number; windowMinutes: number };
  massDelete: { count: number; windowMinutes: number };
  offHours: { gapMinutes: number };
  volumeSpike: { factor: number; minCount: number; baselineDays: number };
  sensitiveChange: { count: number };
  automationAnomaly: { minDays: number; baselineDays: number };
}

export const DEFAULT_REVIEW: ReviewThresholds = {
  bulkChange: { count: 100, windowMinutes: 10 },
  massDelete: { count: 50, windowMinutes: 10 },
  offHours: { gapMinutes: 60 },
  volumeSpike: { factor: 10, minCount: 100, baselineDays: 90 },
  sensitiveChange: { count: 20 },
  automationAnomaly: { minDays: 2, baselineDays: 90 },
};

export function reviewThresholds(settings: AuditSettings): ReviewThresholds {
  const given = settings.review ?? {};
  return {
    bulkChange: { ...DEFAULT_REVIEW.bulkChange, ...given.bulkChange },
    massDelete: { ...DEFAULT_REVIEW.massDelete, ...given.massDelete },
    offHours: { ...DEFAULT_REVIEW.offHours, ...given.offHours },
    volumeSpike: { ...DEFAULT_REVIEW.volumeSpike, ...given.volumeSpike },
    sensitiveChange: { ...DEFAULT_REVIEW.sensitiveChange, ...given.sensitiveChange },
    automationAnomaly: { ...DEFAULT_REVIEW.automationAnomaly, ...given.automationAnomaly },
  };
}
