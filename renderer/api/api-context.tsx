/** Hands the contract to every component, and what is known once per session (who "Mine" is). */
import { createContext, useContext, useEffect, useState, type ReactNode } from 'react';
import type { AuditApi, DescribeSourceResponse, WhoAmIResponse } from '../../shared/contract';

interface Session {
  api: AuditApi;
  /** Null until known (or when the call failed: "Mine" is then unavailable). */
  me: WhoAmIResponse | null;
  source: DescribeSourceResponse | null;
}

const SessionContext = createContext<Session | null>(null);

export function ApiProvider({ api, children }: { api: AuditApi; children: ReactNode }) {
  const [me, setMe] = useState<WhoAmIResponse | null>(null);
  const [source, setSource] = useState<DescribeSourceResponse | null>(null);
  useEffect(() => {
    let live = true;
    api.whoAmI({}).then((r) => live && setMe(r), () => undefined);
    api.describeSource({}).then((r) => live && setSource(r), () => undefined);
    return () => {
      live = false;
    };
  }, [api]);
  return <SessionContext.Provider value={{ api, me, source }}>{children}</SessionContext.Provider>;
}

function useSession(): Session {
  const session = useContext(SessionContext);
  if (!session) throw new Error('useApi is used outside <ApiProvider>.');
  return session;
}

export const useApi = (): AuditApi => useSession().api;
export const useMe = (): WhoAmIResponse | null => useSession().me;
export const useSource = (): DescribeSourceResponse | null => useSession().source;
