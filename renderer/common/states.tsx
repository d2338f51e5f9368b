/** Loading, empty and error states: designed, so that a panel is never just blank. */
import { Button, NonIdealState, Spinner, type IconName } from '@blueprintjs/core';
import type { ReactNode } from 'react';
import { AuditError } from '../../shared/errors';
import type { PagedList } from './use-paged-list';

export function LoadingState({ what }: { what: string }) {
  return <NonIdealState className="state" icon={<Spinner size={28} />} description={`Loading ${what}…`} />;
}

export function EmptyState({ icon, title, description }: { icon: IconName; title: string; description?: string }) {
  return <NonIdealState className="state" icon={icon} title={title} description={description} />;
}

/**
 * An error in words, with a way to try again (and any other `actions`). The sentence comes from
 * the data layer.
 */
export function ErrorState({
  error,
  onRetry,
  compact,
  title,
  actions,
}: {
  error: Error;
  onRetry?: () => void;
  compact?: boolean;
  title?: string;
  actions?: ReactNode;
}) {
  const unauthorized = error instanceof AuditError && error.code === 'unauthorized';
  const retry = onRetry && !unauthorized ? <Button icon="refresh" text="Try again" onClick={onRetry} /> : null;
  return (
    <NonIdealState
      className="state"
      icon={unauthorized ? 'lock' : 'error'}
      iconSize={compact ? 32 : 48}
      title={unauthorized ? 'Access token needed' : (title ?? 'Could not read the database')}
      description={error.message}
      action={
        retry || (actions && !unauthorized) ? (
          <div className="state-actions">
            {retry}
            {!unauthorized && actions}
          </div>
        ) : undefined
      }
    />
  );
}

/**
 * A paged list's states in one place: its error (with Try again), its first page loading, an
 * empty answer, and otherwise the list itself.
 */
export function ListStates({ list, what, empty, children }: { list: PagedList<unknown>; what: string; empty: ReactNode; children: ReactNode }) {
  if (list.error) return <ErrorState error={list.error} onRetry={list.reload} />;
  if (list.loading) return <LoadingState what={what} />;
  if (list.items.length === 0) return <>{empty}</>;
  return <>{children}</>;
}
