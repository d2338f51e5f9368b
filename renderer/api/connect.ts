/**
 * The renderer's one way to the data: an AuditApi. In the desktop shell the preload has put the
 * contract on `window.auditTrail`; anywhere else (the web shell) the same contract goes over HTTP.
 * Nothing past this file knows which shell it runs in.
 */
import { API_CALL_NAMES, createApiClient, type ApiCallName, type AuditApi } from '../../shared/contract';
import { fromErrorPayload, isErrorPayload } from '../../shared/errors';
import { createHttpTransport } from './http-transport';

/** The global name the desktop shell's preload exposes the contract under. */
const PRELOAD_GLOBAL = 'auditTrail';

type Preloaded = Record<ApiCallName, (request: unknown) => Promise<unknown>>;

export function connectApi(): AuditApi {
  const preloaded = (window as unknown as Record<string, Preloaded | undefined>)[PRELOAD_GLOBAL];
  if (!preloaded || !API_CALL_NAMES.every((name) => typeof preloaded[name] === 'function')) {
    return createApiClient(createHttpTransport());
  }
  // The context bridge turns thrown Errors into plain ones and drops their code, so the preload
  // rejects with error payloads instead; they become AuditErrors again here.
  return createApiClient((name, request) =>
    preloaded[name](request).catch((error: unknown) => {
      throw isErrorPayload(error) ? fromErrorPayload(error) : error;
    }),
  );
}
