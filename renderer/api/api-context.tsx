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
import { useShellEvent } from './shell-events';

interface Session {
  api: AuditApi;
  connections: ConnectionsApi;
  /** Null until known (or when the call failed: "Mine" is then unavailable). */
  me: WhoAmIResponse | null;
  source: DescribeSourceResponse | null;
  /** Reads everything again from the database that is now open. */
  reload(): void;
}

const SessionContext = createContext<Session | null>(null);

export function ApiProvider({ api, connections, children }: { api: AuditApi; connections: ConnectionsApi; children: ReactNode }) {
  const [generation, setGeneration] = useState(0);
  // Failures leave them null: "Mine" is then unavailable, and the title says no database.
  const me = useCall(`me:${generation}`, (signal) => api.whoAmI({}, { signal })).value;
  const source = useCall(`source:${generation}`, (signal) => api.describeSource({}, { signal })).value;
  const reload = useCallback(() => setGeneration((n) => n + 1), []);
  // The desktop shell opened another database (File › Open replica…): read everything afresh.
  useShellEvent('databaseSwitched', reload);
  const session = useMemo(() => ({ api, connections, me, source, reload }), [api, connections, me, source, reload]);
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
