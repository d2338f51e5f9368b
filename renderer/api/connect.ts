/**
 * The renderer's one way to the data: an AuditApi, and the ConnectionsApi that switches what it
 * reads. In the desktop shell the preload has put the contracts on `window.auditTrail` and
 * `window.auditTrailConnections`; anywhere else (the web shell) the same contracts go over HTTP.
 * Nothing past this file knows which shell it runs in.
 */
import { API_CALL_NAMES, createApiClient, type AuditApi } from '../../shared/contract';
import { CONNECTIONS_CALL_NAMES, createConnectionsClient, type ConnectionsApi } from '../../shared/connections-contract';
import { fromErrorPayload, isErrorPayload } from '../../shared/errors';
import { createHttpTransport } from './http-transport';

/** The global names the desktop shell's preload exposes the contracts under. */
const PRELOAD_GLOBAL = 'auditTrail';
const PRELOAD_CONNECTIONS_GLOBAL = 'auditTrailConnections';

type Preloaded = Record<string, (request: unknown) => Promise<unknown>>;

/** The preload's object under `global`, if it has every call in `names`. */
function preloaded(global: string, names: readonly string[]): Preloaded | null {
  const found = (window as unknown as Record<string, Preloaded | undefined>)[global];
  return found && names.every((name) => typeof found[name] === 'function') ? found : null;
}

/**
 * A transport over the preload's functions. The context bridge turns thrown Errors into plain
 * ones and drops their code, so the preload rejects with error payloads instead; they become
 * AuditErrors again here.
 */
function viaPreload(functions: Preloaded) {
  return (name: string, request: unknown) =>
    (functions[name] as (request: unknown) => Promise<unknown>)(request).catch((error: unknown) => {
      throw isErrorPayload(error) ? fromErrorPayload(error) : error;
    });
}

export function connectApi(): AuditApi {
  const found = preloaded(PRELOAD_GLOBAL, API_CALL_NAMES);
  return createApiClient(found ? viaPreload(found) : createHttpTransport());
}

export function connectConnectionsApi(): ConnectionsApi {
  const found = preloaded(PRELOAD_CONNECTIONS_GLOBAL, CONNECTIONS_CALL_NAMES);
  return createConnectionsClient(found ? viaPreload(found) : createHttpTransport('', '/api/connections/'));
}
