/**
 * The preload (sandboxed, CommonJS when bundled): exposes exactly the contract at
 * `window.auditTrail` and the connections contract at `window.auditTrailConnections`, and nothing
 * of Electron. Wiring only; the logic is in preload-api.ts.
 */
import { contextBridge, ipcRenderer } from 'electron';
import {
  buildPreloadApi,
  buildPreloadExport,
  buildPreloadConnectionsApi,
  forContextBridge,
  forContextBridgeConnections,
  PRELOAD_CONNECTIONS_GLOBAL,
  PRELOAD_GLOBAL,
} from './preload-api';
import { PRELOAD_EXPORT_GLOBAL } from '../shared/export-contract';
import { EXPORT_PROGRESS_CHANNEL } from './channels';

const invoke = (channel: string, request: unknown) => ipcRenderer.invoke(channel, request);
contextBridge.exposeInMainWorld(PRELOAD_GLOBAL, forContextBridge(buildPreloadApi(invoke)));
contextBridge.exposeInMainWorld(PRELOAD_CONNECTIONS_GLOBAL, forContextBridgeConnections(buildPreloadConnectionsApi(invoke)));
// Export progress arrives as events on one fixed channel; the page's listener gets the payload
// only, never the IPC event, and cannot listen to any other channel.
const subscribeExportProgress = (listener: (payload: unknown) => void) => {
  const handler = (_event: unknown, payload: unknown) => listener(payload);
  ipcRenderer.on(EXPORT_PROGRESS_CHANNEL, handler);
  return () => void ipcRenderer.off(EXPORT_PROGRESS_CHANNEL, handler);
};
contextBridge.exposeInMainWorld(PRELOAD_EXPORT_GLOBAL, buildPreloadExport(invoke, subscribeExportProgress));
