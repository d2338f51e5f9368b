/**
 * The renderer's one way to the data: each contract as its declaration says it is carried. In the
 * desktop shell the preload has put each contract at the global its declaration names, beside the
 * shell bridge (cancel, events); anywhere else (the web shell) the contracts go over HTTP, to the
 * path their declaration names. Nothing past this file knows which shell it runs in.
 */
import { AUDIT_CONTRACT, type AuditApi } from '../../shared/contract';
import { CONNECTIONS_CONTRACT, type ConnectionsApi } from '../../shared/connections-contract';
import type { CallMap, Contract } from '../../shared/contract-kit';
import { DESKTOP_EXPORT_CONTRACT, type DesktopExportApi } from '../../shared/export-contract';
import { SHELL_GLOBAL, type ShellBridge } from '../../shared/shell-events';
import { createBridgeTransport, type PreloadedContract } from './bridge-transport';
import { createHttpTransport } from './http-transport';

function globalNamed<T>(name: string): T | undefined {
  return (window as unknown as Record<string, T | undefined>)[name];
}

/** The desktop shell's bridge (cancel, events); null in the web shell. */
export function shellBridge(): ShellBridge | null {
  const found = globalNamed<ShellBridge>(SHELL_GLOBAL);
  return found && typeof found.cancel === 'function' && typeof found.on === 'function' ? found : null;
}

/** The contract as the desktop preload exposes it, with every call; null in the web shell. */
function viaDesktop<Api extends CallMap<Api>>(contract: Contract<Api>): Api | null {
  const found = globalNamed<PreloadedContract>(contract.global);
  const shell = shellBridge();
  if (!found || !shell || !contract.names.every((name) => typeof found[name] === 'function')) return null;
  return contract.client(createBridgeTransport(found, shell));
}

function connect<Api extends CallMap<Api>>(contract: Contract<Api>): Api {
  return viaDesktop(contract) ?? contract.client(createHttpTransport('', contract.httpPath));
}

export const connectApi = (): AuditApi => connect(AUDIT_CONTRACT);
export const connectConnectionsApi = (): ConnectionsApi => connect(CONNECTIONS_CONTRACT);

/** The desktop shell's export (save dialog in main); null in the web shell, which downloads instead. */
export const connectDesktopExport = (): DesktopExportApi | null => viaDesktop(DESKTOP_EXPORT_CONTRACT);
