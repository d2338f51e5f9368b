/**
 * The preload (sandboxed, CommonJS when bundled): exposes exactly the contract at
 * `window.auditTrail` and the connections contract at `window.auditTrailConnections`, and nothing
 * of Electron. Wiring only; the logic is in preload-api.ts.
 */
import { contextBridge, ipcRenderer } from 'electron';
import {
  buildPreloadApi,
  buildPreloadConnectionsApi,
  forContextBridge,
  forContextBridgeConnections,
  PRELOAD_CONNECTIONS_GLOBAL,
  PRELOAD_GLOBAL,
} from './preload-api';

const invoke = (channel: string, request: unknown) => ipcRenderer.invoke(channel, request);
contextBridge.exposeInMainWorld(PRELOAD_GLOBAL, forContextBridge(buildPreloadApi(invoke)));
contextBridge.exposeInMainWorld(PRELOAD_CONNECTIONS_GLOBAL, forContextBridgeConnections(buildPreloadConnectionsApi(invoke)));
