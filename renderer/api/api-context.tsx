/**
 * Hands the contracts to every component, and what is known once per database (who "Mine" is,
 * which database is open). Switching to another database (Connections) calls `reload`, which
 * mounts everything below afresh: every list, selection and open window belonged to the old one;
 * so does the desktop shell's `databaseSwitched` event.
 */
import { createContext, Fragment, useCallback, useContext, useMemo, useState, type ReactNode } from 'react';
import type { AuditApi, DescribeSourceResponse, WhoAmIResponse } from '../../shared/contract';
import type { ConnectionsApi } from '../../shared/connections-contract';
import { useCall } from '../common/use-call';
import type { FirstCalls } from './first-calls';
import { useShellEvent } from './shell-events';

interface Session {
  api: AuditApi;
  connections: ConnectionsApi;
  /** Null until known (or when the call failed: "Mine" is then unavailable). */
  me: WhoAmIResponse | null;
  source: DescribeSourceResponse | null;
  /** Reads everything again from the database that is now open. */
  reload(): void;
  /** The calls made as the page started (first-calls.ts); null without. */
  first: FirstCalls | null;
}

const SessionContext = createContext<Session | null>(null);

/**
 * `first`: the main window's first calls, already made as the page started (first-calls.ts); the
 * first reads take their answers, and every later one asks again.
 */
export function ApiProvider({ api, connections, first, children }: { api: AuditApi; connections: ConnectionsApi; first?: FirstCalls; children: ReactNode }) {
  const [generation, setGeneration] = useState(0);
  // Failures leave them null: "Mine" is then unavailable, and the title says no database.
  const me = useCall(`me:${generation}`, (signal) => first?.me.take(signal) ?? api.whoAmI({}, { signal })).value;
  const source = useCall(`source:${generation}`, (signal) => first?.source.take(signal) ?? api.describeSource({}, { signal })).value;
  const reload = useCallback(() => setGeneration((n) => n + 1), []);
  // The desktop shell opened another database (File › Open replica…): read everything afresh.
  useShellEvent('databaseSwitched', reload);
  const firstCalls = first ?? null;
  const session = useMemo(() => ({ api, connections, me, source, reload, first: firstCalls }), [api, connections, me, source, reload, firstCalls]);
  return (
    <SessionContext.Provider value={session}>
      <Fragment key={generation}>{children}</Fragment>
    </SessionContext.Provider>
  );
}

function useSession(): Session {
  const session = useContext(SessionContext);
  if (!session) throw new Error('useApi is used outside <ApiProvider>.');
  return session;
}

export const useApi = (): AuditApi => useSession().api;
export const useConnections = (): ConnectionsApi => useSession().connections;
export const useMe = (): WhoAmIResponse | null => useSession().me;
export const useSource = (): DescribeSourceResponse | null => useSession().source;
export const useReload = (): (() => void) => useSession().reload;
/** A call of the main window's first paint, as the page started asking for it (taken once; see first-calls.ts). */
export const useFirstCall = <K extends 'tables' | 'savedViews'>(key: K): FirstCalls[K] | null => useSession().first?.[key] ?? null;
