/**
 * Review (admins): what deserves a look in a period — bulk changes, mass deletions, off-hours
 * work, volume spikes, sensitive changes, automation acting out of pattern — each with its
 * severity, one sentence and its count of entries. The period is whole days in the organisation's
 * zone (the settings', said beside the picker). Each kind is one call, so the bar shows real
 * progress, and Cancel aborts the call running (its queries are cancelled on the server). Clicking
 * a finding opens Activity filtered to exactly its entries.
 */
import { Button, Callout, Classes, FormGroup, H2, HTMLTable, Icon, ProgressBar, Tag, type Intent } from '@blueprintjs/core';
import { useCallback, useEffect, useRef, useState } from 'react';
import type { GetReviewResponse } from '../../shared/contract';
import type { LoggedTable, ReviewFinding, ReviewKind } from '../../shared/domain';
import { useApi, useSource } from '../api/api-context';
import { AggregateIndexNote } from '../audit/MissingIndexNote';
import { useTimeZone } from '../app/time-zone-context';
import { lazyPart } from '../common/lazy-view';
import { EmptyState, ErrorState } from '../common/states';
import { countText } from '../format/values';
import { zoneWithOffset } from '../format/zone';
import { reviewSpec } from '../app/saved-view-address';
import { SaveViewButton } from '../saved-views/SaveViewButton';

const DayRangeInput = lazyPart('date range', () => import('../common/DayRangeInput').then((m) => m.DayRangeInput));

/** The kinds, one call each, in the order they run. */
export const REVIEW_KINDS: ReadonlyArray<{ kind: ReviewKind; label: string }> = [
  { kind: 'mass-delete', label: 'Mass deletion' },
  { kind: 'bulk-change', label: 'Bulk change' },
  { kind: 'sensitive-change', label: 'Sensitive change' },
  { kind: 'off-hours', label: 'Off hours' },
  { kind: 'volume-spike', label: 'Volume spike' },
  { kind: 'automation-anomaly', label: 'Automation anomaly' },
];

const SEVERITY: Record<ReviewFinding['severity'], { rank: number; intent: Intent }> = {
  high: { rank: 0, intent: 'danger' },
  medium: { rank: 1, intent: 'warning' },
  low: { rank: 2, intent: 'none' },
};

interface RunState {
  /** Kinds answered so far. */
  done: number;
  running: boolean;
  cancelled: boolean;
  findings: ReviewFinding[];
  automation: GetReviewResponse['automation'];
  unreadable: GetReviewResponse['unreadableTimes'];
  error: Error | null;
}

const IDLE: RunState = { done: 0, running: false, cancelled: false, findings: [], automation: [], unreadable: [], error: null };

/** A name for one look at the findings, new each time (see `GetReviewRequest.run`). */
let looks = 0;
function newLookToken(): string {
  looks += 1;
  return `${Date.now().toString(36)}-${looks}-${Math.random().toString(36).slice(2, 10)}`;
}

export function ReviewView({
  tables,
  from,
  to,
  onPeriod,
  onOpenFinding,
}: {
  /** The logged tables (those lacking the aggregate index are named in a note). */
  tables: readonly LoggedTable[];
  from: string | null;
  to: string | null;
  onPeriod(from: string | null, to: string | null): void;
  onOpenFinding(finding: ReviewFinding): void;
}) {
  const api = useApi();
  const source = useSource();
  const shownZone = useTimeZone();
  const zone = source?.organisation.timeZone ?? null;
  const [state, setState] = useState<RunState>(IDLE);
  const [generation, setGeneration] = useState(0);
  const controller = useRef<AbortController | null>(null);

  useEffect(() => {
    if (zone === null) return undefined;
    const abort = new AbortController();
    controller.current = abort;
    setState({ ...IDLE, running: true });
    // One look: its calls (a kind each, for the progress bar) share what they read; the next look
    // ("Look again", another period) names a new one and reads the log afresh.
    const run = newLookToken();
    void (async () => {
      for (const { kind } of REVIEW_KINDS) {
        if (abort.signal.aborted) return;
        try {
          const answer = await api.getReview({ from: from ?? undefined, to: to ?? undefined, timeZone: zone, kinds: [kind], run }, { signal: abort.signal });
          if (abort.signal.aborted) return;
          setState((s) => ({
            ...s,
            done: s.done + 1,
            findings: sortFindings([...s.findings, ...answer.findings]),
            automation: answer.automation,
            unreadable: answer.unreadableTimes.length ? answer.unreadableTimes : s.unreadable,
          }));
        } catch (error) {
          if (abort.signal.aborted) return;
          setState((s) => ({ ...s, running: false, error: error instanceof Error ? error : new Error(String(error)) }));
          return;
        }
      }
      setState((s) => ({ ...s, running: false }));
    })();
    return () => abort.abort();
  }, [api, from, to, zone, generation]);

  const cancel = useCallback(() => {
    controller.current?.abort();
    setState((s) => ({ ...s, running: false, cancelled: true }));
  }, []);

  return (
    <div className="review-view">
      <div className="content-header review-header">
        <H2 className={`${Classes.HEADING} review-heading`}>
          <Icon icon="search-template" size={18} /> Review
        </H2>
        <span className="review-count" data-testid="review-count">
          {state.running ? `Looking… (${state.done} of ${REVIEW_KINDS.length} kinds)` : `${countText(state.findings.length)} ${state.findings.length === 1 ? 'finding' : 'findings'}`}
        </span>
        {zone !== null && <SaveViewButton view={reviewSpec(from, to, zone)} />}
      </div>
      <div className="review-filters" role="search" aria-label="Review period">
        <FormGroup
          label="Period"
          labelInfo={<span className="filter-zone">(whole days in {zone ?? '…'}, the organisation’s zone)</span>}
          className="filter-dates"
        >
          <DayRangeInput from={from} to={to} onChange={onPeriod} />
        </FormGroup>
        {state.running ? (
          <div className="review-progress" data-testid="review-progress">
            {/* The look's long reads all start with its first kind, so until that answers the bar
                moves without a figure (Blueprint's indeterminate bar), then counts the kinds. */}
            <ProgressBar value={state.done === 0 ? undefined : state.done / REVIEW_KINDS.length} intent="primary" stripes animate />
            <Button small icon="stop" text="Cancel" onClick={cancel} data-testid="review-cancel" />
          </div>
        ) : (
          <Button small icon="refresh" text={state.cancelled ? 'Run again' : 'Look again'} onClick={() => setGeneration((n) => n + 1)} />
        )}
      </div>
      <AggregateIndexNote tables={tables} what="Review" />
      {state.cancelled && (
        <Callout intent="warning" icon="disable" className="review-notice">
          Cancelled after {state.done} of {REVIEW_KINDS.length} kinds: the findings below are not all there are.
        </Callout>
      )}
      {state.unreadable.length > 0 && (
        <Callout intent="warning" icon="time" className="review-notice">
          {state.unreadable.map((u) => `${u.table}: ${countText(u.count)} ${u.count === 1 ? 'entry has' : 'entries have'} a time that cannot be read`).join('; ')}. They fall in no period,
          so no finding counts them.
        </Callout>
      )}
      {state.error ? (
        <ErrorState error={state.error} onRetry={() => setGeneration((n) => n + 1)} />
      ) : state.findings.length === 0 && !state.running ? (
        <EmptyState icon="tick-circle" title="Nothing to look at" description={state.cancelled ? 'Cancelled before anything was found.' : 'No finding in this period.'} />
      ) : (
        <div className="review-list">
          <HTMLTable compact interactive className="review-table" aria-label="Findings">
            <thead>
              <tr>
                <th>Severity</th>
                <th>Kind</th>
                <th>Finding</th>
                <th className="numeric">Entries</th>
              </tr>
            </thead>
            <tbody>
              {state.findings.map((f) => (
                <tr
                  key={`${f.kind}:${f.from}:${String(f.by)}:${f.tables.join(',')}:${f.fields.join(',')}`}
                  data-kind={f.kind}
                  tabIndex={0}
                  onClick={() => onOpenFinding(f)}
                  onKeyDown={(e) => e.key === 'Enter' && onOpenFinding(f)}
                  title={`Open its ${countText(f.count)} ${f.count === 1 ? 'entry' : 'entries'} in Activity (times shown in ${zoneWithOffset(shownZone)})`}
                >
                  <td>
                    <Tag minimal intent={SEVERITY[f.severity].intent}>{f.severity}</Tag>
                  </td>
                  <td className="review-kind">{REVIEW_KINDS.find((k) => k.kind === f.kind)?.label ?? f.kind}</td>
                  <td className="review-sentence">{f.sentence}</td>
                  <td className="numeric">{countText(f.count)}</td>
                </tr>
              ))}
            </tbody>
          </HTMLTable>
        </div>
      )}
      {state.automation.length > 0 && (
        <p className={`${Classes.TEXT_MUTED} review-automation`}>
          Automation accounts (not people): {state.automation.map((a) => `${a.name ?? a.login ?? String(a.id)} — ${a.reason}`).join('; ')}.
        </p>
      )}
    </div>
  );
}

/** By severity, then time. */
function sortFindings(findings: ReviewFinding[]): ReviewFinding[] {
  return findings.sort((a, b) => SEVERITY[a.severity].rank - SEVERITY[b.severity].rank || Date.parse(a.from) - Date.parse(b.from));
}
