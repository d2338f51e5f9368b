/**
 * The desktop shell without Electron: every module takes the Electron objects it needs as
 * parameters, so these tests hand it small fakes. Nothing here loads Electron at run time.
 */
import fs from 'node:fs';
import path from 'node:path';
import type { IpcMain, IpcMainInvokeEvent, MenuItemConstructorOptions } from 'electron';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { API_CALL_NAMES, AUDIT_CONTRACT, type AuditApi } from '../../shared/contract';
import { ABANDONED_MESSAGE, type CallMap, type CallOptions, type Contract } from '../../shared/contract-kit';
import { AuditError } from '../../shared/errors';
import { DESKTOP_EXPORT_CONTRACT } from '../../shared/export-contract';
import { SHELL_EVENT_NAMES } from '../../shared/shell-events';
import { serveContract, UNEXPECTED_MESSAGE } from '../../node/serving';
import { createBridgeTransport } from '../../renderer/api/bridge-transport';
import { bundleDesktopShell } from '../../electron/bundle';
import { CANCEL_CHANNEL, shellEventChannel, type IpcCallMessage } from '../../electron/channels';
import { isTrustedSenderFor, sendShellEvent, serveOverIpc, type SenderFrame } from '../../electron/ipc';
import { buildMenuTemplate, OPEN_REPLICA_DIALOG, type MenuActions } from '../../electron/menu';
import { bridgeContract, bridgeShell, isBridgedAuditError, type Invoke } from '../../electron/preload-api';
import { CONNECTIONS_CALL_NAMES, CONNECTIONS_CONTRACT, type ConnectionsApi } from '../../shared/connections-contract';
import {
  applySessionSecurity,
  applyWindowSecurity,
  type SecurableSession,
  type SecurableWebContents,
} from '../../electron/security';
import { mainWindowOptions } from '../../electron/window-options';
import { CONTENT_SECURITY_POLICY } from '../../shared/content-security-policy';
import { organisationOf } from '../../db/organisation';
import { tempDir } from '../support/temp-dir';

const APP_INDEX = path.resolve('/opt/Audit Trail Browser/resources/app.asar/dist/renderer/index.html');
const APP_URL = new URL(`file://${APP_INDEX.split(path.sep).join('/')}`).href;

type Listener = (...args: unknown[]) => unknown;

/** An invoke event whose sender frame shows `url` (top frame unless `parent` is given). */
function eventFrom(url: string, parent: SenderFrame['parent'] = null, window = 1): IpcMainInvokeEvent {
  return { senderFrame: { url, parent }, sender: { id: window } } as unknown as IpcMainInvokeEvent;
}

function fakeIpcMain() {
  const handlers = new Map<string, Parameters<IpcMain['handle']>[1]>();
  const ipcMain: Pick<IpcMain, 'handle' | 'removeHandler'> = {
    handle(channel, listener) {
      // Electron refuses a second handler for a channel; so does the fake.
      if (handlers.has(channel)) throw new Error(`second handler for ${channel}`);
      handlers.set(channel, listener);
    },
    removeHandler(channel) {
      handlers.delete(channel);
    },
  };
  /** What `ipcRenderer.invoke` does: runs the channel's handler with an event from `url` (in window `window`). */
  const invokeFrom = (url: string, window = 1) => async (channel: string, request: unknown) => {
    const handler = handlers.get(channel);
    if (!handler) throw new Error(`No handler registered for '${channel}'`);
    return handler(eventFrom(url, null, window), request);
  };
  return { ipcMain, handlers, invokeFrom };
}

/** An AuditApi whose calls fail unless given; `calls` records what reached it. */
function fakeApi(overrides: Partial<AuditApi> = {}) {
  const calls: string[] = [];
  const api = {} as Record<string, (req: unknown, options?: CallOptions) => Promise<unknown>>;
  for (const name of API_CALL_NAMES) {
    api[name] = async (req: unknown, options?: CallOptions) => {
      calls.push(name);
      const given = overrides[name] as ((req: unknown, options?: CallOptions) => Promise<unknown>) | undefined;
      if (given) return given(req, options);
      throw new AuditError('internal', `${name} is not faked`);
    };
  }
  return { api: api as unknown as AuditApi, calls };
}

/** A ConnectionsApi whose calls record their requests; `testConnection` fails with a sentence. */
function fakeConnections() {
  const calls: [string, unknown][] = [];
  const api = {} as Record<string, (req: unknown) => Promise<unknown>>;
  for (const name of CONNECTIONS_CALL_NAMES) {
    api[name] = async (req: unknown) => {
      calls.push([name, req]);
      if (name === 'testConnection') throw new AuditError('unreachable', 'Cannot reach the PostgreSQL server at 127.0.0.1:1: it refused the connection.');
      return { called: name };
    };
  }
  return { api: api as unknown as ConnectionsApi, calls };
}

/** The desktop shell's serving, as main.ts sets it up (the export contract aside). */
function serveDesktop(
  ipcMain: Pick<IpcMain, 'handle' | 'removeHandler'>,
  api: AuditApi,
  connections: ConnectionsApi = fakeConnections().api,
  log: (line: string) => void = () => undefined,
) {
  return serveOverIpc(ipcMain, [serveContract(AUDIT_CONTRACT, api), serveContract(CONNECTIONS_CONTRACT, connections)], {
    isTrustedSender: isTrustedSenderFor(APP_URL),
    log,
  });
}

/** A contract as the renderer gets it in the desktop shell: the preload's bridge under the renderer's transport. */
function rendererClient<Api extends CallMap<Api>>(contract: Contract<Api>, invoke: Invoke): Api {
  return contract.client(createBridgeTransport(bridgeContract(contract, invoke), bridgeShell(invoke, () => () => undefined)));
}

describe('window options', () => {
  it('turn every security flag the right way and name the preload', () => {
    const options = mainWindowOptions('/app/out/app/electron/preload.cjs');
    expect(options.webPreferences).toMatchObject({
      preload: '/app/out/app/electron/preload.cjs',
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      nodeIntegrationInSubFrames: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      webviewTag: false,
      spellcheck: false,
    });
    expect(options).toMatchObject({ width: 1280, height: 800, minWidth: 900, minHeight: 600, show: false });
    expect(options.title).toBe('Audit Trail Browser');
    expect(options.backgroundColor).toMatch(/^#[0-9a-f]{6}$/);
    expect(mainWindowOptions('p', true).backgroundColor).not.toBe(options.backgroundColor);
  });
});

describe('content security policy', () => {
  const directives = new Map(
    CONTENT_SECURITY_POLICY.split(';').map((d) => {
      const [name = '', ...values] = d.trim().split(/\s+/);
      return [name, values] as const;
    }),
  );

  it('allows only the app’s own script, no eval, no plugins', () => {
    expect(CONTENT_SECURITY_POLICY).not.toContain('unsafe-eval');
    expect(directives.get('script-src')).toEqual(["'self'"]);
    expect(directives.get('object-src')).toEqual(["'none'"]);
    expect(directives.get('default-src')).toEqual(["'self'"]);
    expect(directives.get('base-uri')).toEqual(["'none'"]);
    expect(directives.get('frame-ancestors')).toEqual(["'none'"]);
    // Inline is allowed for styles only (Blueprint sets them).
    expect([...directives].filter(([, values]) => values.includes("'unsafe-inline'")).map(([name]) => name)).toEqual([
      'style-src',
    ]);
  });
});

describe('applySessionSecurity', () => {
  function fakeSession() {
    const registered: { request?: Listener; check?: Listener; headers?: Listener } = {};
    const session = {
      setPermissionRequestHandler: (handler: Listener) => (registered.request = handler),
      setPermissionCheckHandler: (handler: Listener) => (registered.check = handler),
      webRequest: { onHeadersReceived: (listener: Listener) => (registered.headers = listener) },
    } as unknown as SecurableSession;
    applySessionSecurity(session);
    return registered;
  }

  it('denies every permission request and check', () => {
    const { request, check } = fakeSession();
    for (const permission of ['media', 'notifications', 'geolocation', 'clipboard-read', 'openExternal']) {
      const callback = vi.fn();
      request?.({}, permission, callback, {});
      expect(callback).toHaveBeenCalledExactlyOnceWith(false);
      expect(check?.(null, permission, 'file://', {})).toBe(false);
    }
  });

  it('adds the policy to every response and keeps the other headers', () => {
    const { headers } = fakeSession();
    const callback = vi.fn();
    headers?.({ url: APP_URL, responseHeaders: { 'Content-Type': ['text/html'], 'X-Other': ['1'] } }, callback);
    expect(callback).toHaveBeenCalledExactlyOnceWith({
      responseHeaders: {
        'Content-Type': ['text/html'],
        'X-Other': ['1'],
        'Content-Security-Policy': [CONTENT_SECURITY_POLICY],
      },
    });

    const bare = vi.fn();
    headers?.({ url: APP_URL }, bare);
    expect(bare).toHaveBeenCalledWith({ responseHeaders: { 'Content-Security-Policy': [CONTENT_SECURITY_POLICY] } });
  });
});

describe('applyWindowSecurity', () => {
  function fakeWebContents() {
    const listeners = new Map<string, Listener>();
    let openHandler: Listener | undefined;
    const contents = {
      setWindowOpenHandler: (handler: Listener) => (openHandler = handler),
      on: (event: string, listener: Listener) => listeners.set(event, listener),
    } as unknown as SecurableWebContents;
    applyWindowSecurity(contents, APP_URL);
    /** Emits `name` with an event for `url`; says whether the shell prevented it. */
    const emit = (name: string, url: string) => {
      const event = { url, preventDefault: vi.fn() };
      listeners.get(name)?.(event, url);
      return event.preventDefault.mock.calls.length > 0;
    };
    return { openHandler: () => openHandler?.({ url: 'https://example.com' }), emit, listeners };
  }

  it('denies window.open', () => {
    expect(fakeWebContents().openHandler()).toEqual({ action: 'deny' });
  });

  it('prevents navigating or being redirected anywhere but the app page', () => {
    const { emit } = fakeWebContents();
    for (const event of ['will-navigate', 'will-redirect']) {
      expect(emit(event, 'https://example.com/')).toBe(true);
      expect(emit(event, 'file:///etc/passwd')).toBe(true);
      expect(emit(event, APP_URL.replace('index.html', 'other.html'))).toBe(true);
      expect(emit(event, 'not a url')).toBe(true);
      expect(emit(event, APP_URL)).toBe(false);
      expect(emit(event, `${APP_URL}#/tables/Customer`)).toBe(false);
    }
  });

  it('prevents attaching a webview', () => {
    const { emit, listeners } = fakeWebContents();
    expect(listeners.has('will-attach-webview')).toBe(true);
    expect(emit('will-attach-webview', APP_URL)).toBe(true);
  });
});

describe('isTrustedSenderFor', () => {
  const trusted = isTrustedSenderFor(APP_URL);

  it('trusts the app page in the top frame only', () => {
    expect(trusted({ url: APP_URL, parent: null })).toBe(true);
    expect(trusted({ url: `${APP_URL}#/history`, parent: null })).toBe(true);
    expect(trusted({ url: APP_URL.replace('index.html', 'evil.html'), parent: null })).toBe(false);
    expect(trusted({ url: 'file:///tmp/index.html', parent: null })).toBe(false);
    expect(trusted({ url: 'http://127.0.0.1:5173/index.html', parent: null })).toBe(false);
    expect(trusted({ url: 'https://example.com/', parent: null })).toBe(false);
    const top = { url: APP_URL, parent: null } as unknown as NonNullable<SenderFrame['parent']>;
    expect(trusted({ url: APP_URL, parent: top })).toBe(false);
    expect(trusted(null)).toBe(false);
    expect(trusted({ url: '', parent: null })).toBe(false);
  });
});

describe('serveOverIpc', () => {
  it('registers one channel per contract and the cancel channel, and unregisters them', () => {
    const { ipcMain, handlers } = fakeIpcMain();
    const unregister = serveDesktop(ipcMain, fakeApi().api, fakeConnections().api);
    expect([...handlers.keys()].sort()).toEqual(['audit:api', 'audit:cancel', 'audit:connections']);
    expect([AUDIT_CONTRACT.channel, CONNECTIONS_CONTRACT.channel, CANCEL_CHANNEL]).toEqual(['audit:api', 'audit:connections', 'audit:cancel']);
    unregister();
    expect(handlers.size).toBe(0);
  });

  it('refuses an untrusted sender without calling the api', async () => {
    const { ipcMain, invokeFrom } = fakeIpcMain();
    const { api, calls } = fakeApi({ listTables: async () => ({ tables: [], skipped: [], relations: [], relationsLeftOut: [] }) });
    serveDesktop(ipcMain, api);
    const answer = await invokeFrom('https://example.com/')(AUDIT_CONTRACT.channel, { call: 'listTables', callId: '1', request: {} });
    expect(answer).toMatchObject({ ok: false, error: { code: 'unauthorized' } });
    expect(await invokeFrom('https://example.com/')(CANCEL_CHANNEL, { callId: '1' })).toMatchObject({ ok: false, error: { code: 'unauthorized' } });
    expect(calls).toEqual([]);
  });

  it('answers a trusted sender with the api’s result, and refuses a message without a call id', async () => {
    const { ipcMain, invokeFrom } = fakeIpcMain();
    const getRecord = vi.fn(async () => ({ record: { id: 7 } }) as unknown as Awaited<ReturnType<AuditApi['getRecord']>>);
    const { api } = fakeApi({ getRecord });
    serveDesktop(ipcMain, api);
    const answer = await invokeFrom(APP_URL)(AUDIT_CONTRACT.channel, { call: 'getRecord', callId: 'c1', request: { table: 'Customer', id: 7 } });
    expect(answer).toEqual({ ok: true, result: { record: { id: 7 } } });
    expect(getRecord).toHaveBeenCalledWith({ table: 'Customer', id: 7 }, { signal: expect.any(AbortSignal) });
    expect(await invokeFrom(APP_URL)(AUDIT_CONTRACT.channel, { call: 'getRecord', request: {} })).toMatchObject({ ok: false, error: { code: 'bad-request' } });
  });

  it('returns errors as data, never throws, and hides what is not an AuditError (logged in one line)', async () => {
    const { ipcMain, invokeFrom } = fakeIpcMain();
    const { api } = fakeApi({
      listRecords: async () => {
        throw new AuditError('unknown-table', 'Nope is not a logged table.');
      },
      listPeople: async () => {
        throw new TypeError('boom\nSELECT secret');
      },
    });
    const lines: string[] = [];
    serveDesktop(ipcMain, api, undefined, (line) => lines.push(line));
    const invoke = invokeFrom(APP_URL);
    expect(await invoke(AUDIT_CONTRACT.channel, { call: 'listRecords', callId: 'a', request: { table: 'Nope' } })).toEqual({
      ok: false,
      error: { code: 'unknown-table', message: 'Nope is not a logged table.' },
    });
    expect(await invoke(AUDIT_CONTRACT.channel, { call: 'listPeople', callId: 'b', request: { table: 'X' } })).toEqual({
      ok: false,
      error: { code: 'internal', message: UNEXPECTED_MESSAGE },
    });
    expect(lines).toEqual(['desktop shell: listPeople failed: TypeError: boom SELECT secret']);
  });

  it('refuses a call the contract does not declare, whatever its name, without calling anything', async () => {
    const { ipcMain, invokeFrom } = fakeIpcMain();
    const { api, calls } = fakeApi();
    serveDesktop(ipcMain, api);
    for (const name of ['dropTable', '__proto__', 'toString', 'constructor', '']) {
      expect(await invokeFrom(APP_URL)(AUDIT_CONTRACT.channel, { call: name, callId: `u-${name}`, request: {} })).toEqual({
        ok: false,
        error: { code: 'unknown-call', message: `Audit Trail Browser has no call named ${JSON.stringify(name)}.` },
      });
    }
    expect(calls).toEqual([]);
  });

  it('aborts a running call on its window’s cancel message, and only its own window’s', async () => {
    const { ipcMain, invokeFrom } = fakeIpcMain();
    let reached!: () => void;
    const started = new Promise<void>((resolve) => (reached = resolve));
    const seen: AbortSignal[] = [];
    const { api } = fakeApi({
      getHistory: (_req: unknown, options?: CallOptions) =>
        new Promise((_resolve, reject) => {
          seen.push(options!.signal!);
          reached();
          options!.signal!.addEventListener('abort', () => reject(new Error('canceling statement due to user request')));
        }),
    });
    serveDesktop(ipcMain, api);
    const running = invokeFrom(APP_URL)(AUDIT_CONTRACT.channel, { call: 'getHistory', callId: 'slow', request: { table: 'Customer', id: 1 } });
    await started;
    // Another window's cancel with the same id reaches nothing.
    expect(await invokeFrom(APP_URL, 2)(CANCEL_CHANNEL, { callId: 'slow' })).toEqual({ ok: true, result: false });
    expect(seen[0]!.aborted).toBe(false);
    expect(await invokeFrom(APP_URL)(CANCEL_CHANNEL, { callId: 'slow' })).toEqual({ ok: true, result: true });
    expect(seen[0]!.aborted).toBe(true);
    expect(await running).toEqual({ ok: false, error: { code: 'cancelled', message: ABANDONED_MESSAGE } });
    expect(await invokeFrom(APP_URL)(CANCEL_CHANNEL, { callId: 'slow' })).toEqual({ ok: true, result: false });
  });

  it('sends the shell’s events on their own channels', () => {
    const sent: Array<[string, unknown]> = [];
    sendShellEvent({ send: (channel, payload) => sent.push([channel, payload]) }, 'themeChanged', { dark: true });
    expect(sent).toEqual([['audit:event:themeChanged', { dark: true }]]);
  });
});

describe('the preload bridge', () => {
  it('exposes exactly each contract’s calls, frozen', () => {
    for (const contract of [AUDIT_CONTRACT, CONNECTIONS_CONTRACT, DESKTOP_EXPORT_CONTRACT]) {
      const bridged = bridgeContract(contract, async () => ({ ok: true, result: null }));
      expect(Object.keys(bridged).sort()).toEqual([...contract.names].sort());
      expect(Object.isFrozen(bridged)).toBe(true);
    }
    const shell = bridgeShell(async () => ({ ok: true, result: true }), () => () => undefined);
    expect(Object.keys(shell).sort()).toEqual(['cancel', 'on']);
    expect(Object.isFrozen(shell)).toBe(true);
  });

  it('round-trips through the main-process handlers: results, and AuditErrors with their code', async () => {
    const { ipcMain, invokeFrom } = fakeIpcMain();
    const organisation = organisationOf({ organisation: { timeZone: 'Europe/London' } });
    const { api, calls } = fakeApi({
      describeSource: async () => ({ engine: 'sqlite', name: 'demo.sqlite', location: '/data/demo.sqlite', organisation }),
      getHistory: async () => {
        throw new AuditError('bad-request', 'The cursor is not one this application made.');
      },
    });
    serveDesktop(ipcMain, api);
    const client = rendererClient(AUDIT_CONTRACT, invokeFrom(APP_URL));

    await expect(client.describeSource({})).resolves.toEqual({ engine: 'sqlite', name: 'demo.sqlite', location: '/data/demo.sqlite', organisation });
    const error = await client.getHistory({ table: 'Customer', id: 1, cursor: 'x' }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(AuditError);
    expect(error).toMatchObject({ code: 'bad-request', message: 'The cursor is not one this application made.' });
    expect(calls).toEqual(['describeSource', 'getHistory']);
  });

  it('reports an untrusted page as unauthorized, and a missing handler or a malformed answer as internal', async () => {
    const { ipcMain, invokeFrom } = fakeIpcMain();
    const { api, calls } = fakeApi();
    serveDesktop(ipcMain, api);
    await expect(rendererClient(AUDIT_CONTRACT, invokeFrom('https://example.com/')).listTables({})).rejects.toMatchObject({ code: 'unauthorized' });
    expect(calls).toEqual([]);
    await expect(rendererClient(AUDIT_CONTRACT, fakeIpcMain().invokeFrom(APP_URL)).listTables({})).rejects.toMatchObject({
      name: 'AuditError',
      code: 'internal',
    });
    await expect(rendererClient(AUDIT_CONTRACT, async () => 'garbage').listTables({})).rejects.toMatchObject({ code: 'internal' });
  });

  it('rejects across the context bridge with a plain object that keeps the code', async () => {
    const bridged = bridgeContract(AUDIT_CONTRACT, async () => ({ ok: false, error: { code: 'locked', message: 'The replica is locked.' } }));
    const rejection = await bridged.listTables!({}, 'id').catch((e: unknown) => e);
    // Not an Error: contextBridge would copy an Error as a bare Error(message), dropping the code.
    expect(rejection).not.toBeInstanceOf(Error);
    expect(rejection).toEqual({ name: 'AuditError', code: 'locked', message: 'The replica is locked.' });
    expect(isBridgedAuditError(rejection)).toBe(true);
    expect(structuredClone(rejection)).toEqual(rejection);
  });

  it('sends the page’s call id, and a cancel message for it when the page aborts', async () => {
    const sent: Array<[string, unknown]> = [];
    let answer!: (value: unknown) => void;
    const invoke = (channel: string, message: unknown) => {
      sent.push([channel, message]);
      return channel === CANCEL_CHANNEL ? Promise.resolve({ ok: true, result: true }) : new Promise((resolve) => (answer = resolve));
    };
    const client = rendererClient(AUDIT_CONTRACT, invoke);
    const controller = new AbortController();
    const call = client.listTables({}, { signal: controller.signal });
    controller.abort();
    await expect(call).rejects.toMatchObject({ code: 'cancelled' });
    answer({ ok: false, error: { code: 'cancelled', message: ABANDONED_MESSAGE } });
    const [[channel, message], [cancelChannel, cancel]] = sent as [[string, IpcCallMessage], [string, { callId: string }]];
    expect(channel).toBe('audit:api');
    expect(message).toMatchObject({ call: 'listTables', request: {} });
    expect(cancelChannel).toBe(CANCEL_CHANNEL);
    expect(cancel.callId).toBe(message.callId);
  });

  it('listens to the shell’s events only, handing the page their payload', () => {
    const listeners = new Map<string, (payload: unknown) => void>();
    const shell = bridgeShell(
      async () => null,
      (channel, listener) => {
        listeners.set(channel, listener);
        return () => void listeners.delete(channel);
      },
    );
    const seen: unknown[] = [];
    const off = shell.on('exportProgress', (event) => seen.push(event));
    listeners.get('audit:event:exportProgress')!({ exportId: 'x', entries: 1, total: 2, rows: 1, bytes: 10 });
    expect(seen).toEqual([{ exportId: 'x', entries: 1, total: 2, rows: 1, bytes: 10 }]);
    off();
    expect(listeners.size).toBe(0);
    expect(() => shell.on('audit:api' as never, () => undefined)).toThrow(/no event named/);
    expect(SHELL_EVENT_NAMES.map(shellEventChannel)).toEqual(['audit:event:exportProgress', 'audit:event:themeChanged', 'audit:event:databaseSwitched']);
  });
});

describe('the connections contract over IPC', () => {
  it('refuses an untrusted sender before the call, and round-trips results and errors through the preload', async () => {
    const { ipcMain, invokeFrom } = fakeIpcMain();
    const { api, calls } = fakeConnections();
    serveDesktop(ipcMain, fakeApi().api, api);
    await expect(rendererClient(CONNECTIONS_CONTRACT, invokeFrom('https://example.com/')).connect({ replica: '/x.sqlite' })).rejects.toMatchObject({
      code: 'unauthorized',
    });
    expect(calls).toEqual([]);

    const client = rendererClient(CONNECTIONS_CONTRACT, invokeFrom(APP_URL));
    expect(Object.keys(client).sort()).toEqual([...CONNECTIONS_CALL_NAMES].sort());
    await expect(client.saveProfile({ name: 'prod', target: {} as never, password: 'pw', rememberPassword: true })).resolves.toEqual({ called: 'saveProfile' });
    const error = await client.testConnection({ profile: 'prod' }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(AuditError);
    expect(error).toMatchObject({ code: 'unreachable', message: 'Cannot reach the PostgreSQL server at 127.0.0.1:1: it refused the connection.' });
    expect(calls.map(([name]) => name)).toEqual(['saveProfile', 'testConnection']);
  });
});

describe('buildMenuTemplate', () => {
  function flatten(items: MenuItemConstructorOptions[]): MenuItemConstructorOptions[] {
    return items.flatMap((item) => [item, ...(Array.isArray(item.submenu) ? flatten(item.submenu) : [])]);
  }
  const click = (item: MenuItemConstructorOptions | undefined) =>
    (item?.click as (() => void) | undefined)?.();

  it.each(['linux', 'win32', 'darwin'] as const)('has the app’s items and each calls its action (%s)', (platform) => {
    const actions: MenuActions = { openReplica: vi.fn(), reload: vi.fn(), back: vi.fn(), forward: vi.fn(), toggleDarkTheme: vi.fn(), quit: vi.fn() };
    const items = flatten(buildMenuTemplate(actions, platform));
    const byLabel = (label: string | RegExp) =>
      items.find((item) => (typeof label === 'string' ? item.label === label : label.test(item.label ?? '')));

    const open = byLabel('Open replica…');
    expect(open?.accelerator).toBe('CmdOrCtrl+O');
    click(open);
    expect(actions.openReplica).toHaveBeenCalledOnce();

    const reload = byLabel('Reload');
    expect(reload?.accelerator).toBe('CmdOrCtrl+R');
    click(reload);
    expect(actions.reload).toHaveBeenCalledOnce();

    // The window's route (the address) has Back and Forward, as a browser's would.
    const back = byLabel('Back');
    expect(back?.accelerator).toBe(platform === 'darwin' ? 'Cmd+[' : 'Alt+Left');
    click(back);
    expect(actions.back).toHaveBeenCalledOnce();
    click(byLabel('Forward'));
    expect(actions.forward).toHaveBeenCalledOnce();

    click(byLabel('Toggle dark theme'));
    expect(actions.toggleDarkTheme).toHaveBeenCalledOnce();

    click(byLabel(/^Quit/));
    expect(actions.quit).toHaveBeenCalledOnce();

    expect(items.some((item) => item.role === 'about')).toBe(true);
    expect(items.some((item) => item.role === 'toggleDevTools')).toBe(false);
  });

  it('offers developer tools only when asked (unpackaged builds)', () => {
    const actions: MenuActions = { openReplica: vi.fn(), reload: vi.fn(), back: vi.fn(), forward: vi.fn(), toggleDarkTheme: vi.fn(), quit: vi.fn() };
    const items = flatten(buildMenuTemplate(actions, 'linux', { devTools: true }));
    expect(items.some((item) => item.role === 'toggleDevTools')).toBe(true);
  });

  it('opens SQLite files, with an all-files escape', () => {
    expect(OPEN_REPLICA_DIALOG.properties).toEqual(['openFile']);
    expect(OPEN_REPLICA_DIALOG.filters).toEqual([
      { name: 'SQLite replicas', extensions: ['sqlite', 'sqlite3', 'db'] },
      { name: 'All files', extensions: ['*'] },
    ]);
  });
});

describe('bundleDesktopShell', () => {
  let outDir = '';
  let main = '';
  let preload = '';

  beforeAll(async () => {
    outDir = tempDir('audit-trail-electron-');
    await bundleDesktopShell(outDir);
    main = fs.readFileSync(path.join(outDir, 'main.cjs'), 'utf8');
    preload = fs.readFileSync(path.join(outDir, 'preload.cjs'), 'utf8');
  });
  afterAll(() => {
    if (outDir) fs.rmSync(outDir, { recursive: true, force: true });
  });

  it('keeps electron and better-sqlite3 external in main.cjs', () => {
    expect(main).toContain('require("electron")');
    expect(main).toContain('require("better-sqlite3")');
    expect(main).toContain('preload.cjs');
    expect(main).not.toMatch(/^import /m);
  });

  it('builds a preload that exposes the contracts and no raw IPC', () => {
    expect(preload).toContain('contextBridge.exposeInMainWorld');
    for (const global of ['"auditTrail"', '"auditTrailConnections"', '"auditTrailExport"', '"auditTrailShell"']) expect(preload).toContain(global);
    expect(preload).not.toContain('ipcRenderer.send');
    // One listener, on the channel the shell bridge names for a known event (no channel chosen by the page).
    expect([...preload.matchAll(/ipcRenderer\.(on|off|once|addListener)\(([^,]+),/g)].map((m) => m[2])).toEqual(['channel', 'channel']);
    // Only Electron is required: a sandboxed preload has no Node modules.
    expect([...preload.matchAll(/require\("([^"]+)"\)/g)].map((m) => m[1])).toEqual(['electron']);
  });

  it('runs the built preload against a fake electron: exactly the contracts and the shell bridge, wired to invoke', async () => {
    const exposed = new Map<string, unknown>();
    const invoked: [string, unknown][] = [];
    const listening: string[] = [];
    const fakeElectron = {
      contextBridge: { exposeInMainWorld: (key: string, value: unknown) => exposed.set(key, value) },
      ipcRenderer: {
        invoke: async (channel: string, message: unknown) => {
          invoked.push([channel, message]);
          return (message as { call?: string }).call === 'listTables'
            ? { ok: true, result: { tables: [], skipped: [] } }
            : { ok: false, error: { code: 'not-found', message: 'No such record.' } };
        },
        on: (channel: string) => void listening.push(channel),
        off: () => undefined,
      },
    };
    const module = { exports: {} };
    const requireFake = (id: string) => {
      if (id !== 'electron') throw new Error(`the preload required ${id}`);
      return fakeElectron;
    };
    new Function('require', 'module', 'exports', preload)(requireFake, module, module.exports);

    expect([...exposed.keys()]).toEqual(['auditTrail', 'auditTrailConnections', 'auditTrailExport', 'auditTrailShell']);
    expect(Object.keys(exposed.get('auditTrailExport') as object)).toEqual(['saveExport']);
    expect(Object.keys(exposed.get('auditTrailShell') as object).sort()).toEqual(['cancel', 'on']);
    expect(Object.keys(exposed.get('auditTrailConnections') as object).sort()).toEqual([...CONNECTIONS_CALL_NAMES].sort());
    const api = exposed.get('auditTrail') as Record<string, (request: unknown, callId?: string) => Promise<unknown>>;
    expect(Object.keys(api).sort()).toEqual([...API_CALL_NAMES].sort());
    await expect(api.listTables!({}, 'c1')).resolves.toEqual({ tables: [], skipped: [] });
    await expect(api.getRecord!({ table: 'Customer', id: 1 }, 'c2')).rejects.toEqual({
      name: 'AuditError',
      code: 'not-found',
      message: 'No such record.',
    });
    const shell = exposed.get('auditTrailShell') as { cancel(id: string): Promise<unknown>; on(event: string, listener: () => void): () => void };
    await shell.cancel('c2').catch(() => undefined);
    shell.on('themeChanged', () => undefined);
    expect(invoked).toEqual([
      ['audit:api', { call: 'listTables', callId: 'c1', request: {} }],
      ['audit:api', { call: 'getRecord', callId: 'c2', request: { table: 'Customer', id: 1 } }],
      ['audit:cancel', { callId: 'c2' }],
    ]);
    expect(listening).toEqual(['audit:event:themeChanged']);
  });
});
