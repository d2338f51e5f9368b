/**
 * The preload (sandboxed, CommonJS when bundled): exposes each contract the desktop shell serves at
 * the global its declaration names (`window.auditTrail`, `window.auditTrailConnections`,
 * `window.auditTrailExport`) and the shell bridge (`window.auditTrailShell`: cancel, events), and
 * nothing of Electron. Wiring only; the logic is in preload-api.ts.
 */
import { contextBridge, ipcRenderer } from 'electron';
import { AUDIT_CONTRACT } from '../shared/contract';
import { CONNECTIONS_CONTRACT } from '../shared/connections-contract';
import { DESKTOP_EXPORT_CONTRACT } from '../shared/export-contract';
import { SHELL_GLOBAL } from '../shared/shell-events';
import { bridgeContract, bridgeShell } from './preload-api';

const invoke = (channel: string, message: unknown) => ipcRenderer.invoke(channel, message);
for (const contract of [AUDIT_CONTRACT, CONNECTIONS_CONTRACT, DESKTOP_EXPORT_CONTRACT]) {
  contextBridge.exposeInMainWorld(contract.global, bridgeContract(contract, invoke));
}
// Events arrive on the channels bridgeShell names (one per event of the typed map); the page's
// listener gets the payload only, never the IPC event, and cannot listen to any other channel.
const subscribe = (channel: string, listener: (payload: unknown) => void) => {
  const handler = (_event: unknown, payload: unknown) => listener(payload);
  ipcRenderer.on(channel, handler);
  return () => void ipcRenderer.off(channel, handler);
};
contextBridge.exposeInMainWorld(SHELL_GLOBAL, bridgeShell(invoke, subscribe));
