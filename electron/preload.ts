/**
 * The preload (sandboxed, CommonJS when bundled): exposes exactly the contract at
 * `window.auditTrail`, and nothing of Electron. Wiring only; the logic is in preload-api.ts.
 */
import { contextBridge, ipcRenderer } from 'electron';
import { buildPreloadApi, forContextBridge, PRELOAD_GLOBAL } from './preload-api';

contextBridge.exposeInMainWorld(
  PRELOAD_GLOBAL,
  forContextBridge(buildPreloadApi((channel, request) => ipcRenderer.invoke(channel, request))),
);
