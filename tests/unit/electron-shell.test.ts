/**
 * The desktop shell without Electron: every module takes the Electron objects it needs as
 * parameters, so these tests hand it small fakes. Nothing here loads Electron at run time.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { IpcMain, IpcMainInvokeEvent, MenuItemConstructorOptions } from 'electron';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { API_CALL_NAMES, type AuditApi } from '../../shared/contract';
import { AuditError } from '../../shared/errors';
import { bundleDesktopShell } from '../../electron/bundle';
import {
  channelFor,
  connectionsChannelFor,
  isTrustedSenderFor,
  NO_REPLICA_MESSAGE,
  registerApiHandlers,
  registerConnectionsHandlers,
  type SenderFrame,
} from '../../electron/ipc';
import { buildMenuTemplate, OPEN_REPLICA_DIALOG, type MenuActions } from '../../electron/menu';
import {
  buildPreloadApi,
  buildPreloadConnectionsApi,
  forContextBridge,
  forContextBridgeConnections,
  isBridgedAuditError,
  PRELOAD_CONNECTIONS_GLOBAL,
  PRELOAD_GLOBAL,
} from '../../electron/preload-api';
import { CONNECTIONS_CALL_NAMES, type ConnectionsApi } from '../../shared/connections-contract';
import {
  applySessionSecurity,
  applyWindowSecurity,
  type SecurableSession,
  type SecurableWebContents,
} from '../../electron/security';
import { mainWindowOptions } from '../../electron/window-options';
import { CONTENT_SECURITY_POLICY } from '../../shared/content-security-policy';

const APP_INDEX = path.resolve('/opt/Audit Trail Browser/resources/app.asar/dist/renderer/index.html');
const APP_URL = new URL(`file://${APP_INDEX.split(path.sep).join('/')}`).href;

type Listener = (...args: unknown[]) => unknown;

/** An invoke event whose sender frame shows `url` (top frame unless `parent` is given). */
function eventFrom(url: string, parent: SenderFrame['parent'] = null): IpcMainInvokeEvent {
  return { senderFrame: { url, parent } } as unknown as IpcMainInvokeEvent;
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
  /** What `ipcRenderer.invoke` does: runs the channel's handler with an event from `url`. */
  const invokeFrom = (url: string) => async (channel: string, request: unknown) => {
    const handler = handlers.get(channel);
    if (!handler) throw new Error(`No handler registered for '${channel}'`);
    return handler(eventFrom(url), request);
  };
  return { ipcMain, handlers, invokeFrom };
}

/** An AuditApi whose calls fail unless given; `calls` records what reached it. */
function fakeApi(overrides: Partial<AuditApi> = {}) {
  const calls: string[] = [];
  const api = {} as Record<string, (req: unknown) => Promise<unknown>>;
  for (const name of API_CALL_NAMES) {
    api[name] = async (req: unknown) => {
      calls.push(name);
      const given = overrides[name] as ((req: unknown) => Promise<unknown>) | undefined;
      if (given) return given(req);
      throw new AuditError('internal', `${name} is not faked`);
    };
  }
  return { api: api as unknown as AuditApi, calls };
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

describe('registerApiHandlers', () => {
  it('registers exactly one channel per contract call, and unregisters them', () => {
    const { ipcMain, handlers } = fakeIpcMain();
    const unregister = registerApiHandlers(ipcMain, () => null, () => true);
    expect([...handlers.keys()].sort()).toEqual(API_CALL_NAMES.map((name) => `audit:${name}`).sort());
    expect(API_CALL_NAMES.map(channelFor)).toEqual(API_CALL_NAMES.map((name) => `audit:${name}`));
    unregister();
    expect(handlers.size).toBe(0);
  });

  it('refuses an untrusted sender without calling the api', async () => {
    const { ipcMain, invokeFrom } = fakeIpcMain();
    const { api, calls } = fakeApi({ listTables: async () => ({ tables: [], skipped: [] }) });
    registerApiHandlers(ipcMain, () => api, isTrustedSenderFor(APP_URL));
    const answer = await invokeFrom('https://example.com/')(channelFor('listTables'), {});
    expect(answer).toMatchObject({ ok: false, error: { code: 'unauthorized' } });
    expect(calls).toEqual([]);
  });

  it('answers a trusted sender with the api’s result', async () => {
    const { ipcMain, invokeFrom } = fakeIpcMain();
    const getRecord = vi.fn(async () => ({ record: { id: 7 } }) as unknown as Awaited<ReturnType<AuditApi['getRecord']>>);
    const { api } = fakeApi({ getRecord });
    registerApiHandlers(ipcMain, () => api, isTrustedSenderFor(APP_URL));
    const answer = await invokeFrom(APP_URL)(channelFor('getRecord'), { table: 'Customer', id: 7 });
    expect(answer).toEqual({ ok: true, result: { record: { id: 7 } } });
    expect(getRecord).toHaveBeenCalledWith({ table: 'Customer', id: 7 });
  });

  it('returns errors as data, never throws', async () => {
    const { ipcMain, invokeFrom } = fakeIpcMain();
    const { api } = fakeApi({
      listRecords: async () => {
        throw new AuditError('unknown-table', 'Nope is not a logged table.');
      },
      listPeople: async () => {
        throw new TypeError('boom');
      },
    });
    registerApiHandlers(ipcMain, () => api, isTrustedSenderFor(APP_URL));
    const invoke = invokeFrom(APP_URL);
    expect(await invoke(channelFor('listRecords'), { table: 'Nope' })).toEqual({
      ok: false,
      error: { code: 'unknown-table', message: 'Nope is not a logged table.' },
    });
    expect(await invoke(channelFor('listPeople'), { table: 'X' })).toEqual({
      ok: false,
      error: { code: 'internal', message: 'boom' },
    });
  });

  it('answers cannot-open, pointing at the File menu, while no replica is open', async () => {
    const { ipcMain, invokeFrom } = fakeIpcMain();
    registerApiHandlers(ipcMain, () => null, isTrustedSenderFor(APP_URL));
    const answer = await invokeFrom(APP_URL)(channelFor('describeSource'), {});
    expect(answer).toEqual({ ok: false, error: { code: 'cannot-open', message: NO_REPLICA_MESSAGE } });
    expect(NO_REPLICA_MESSAGE).toMatch(/File menu/);
  });

  it('reads the api on every call, so a swapped replica needs no re-registration', async () => {
    const { ipcMain, invokeFrom } = fakeIpcMain();
    let current: AuditApi | null = null;
    registerApiHandlers(ipcMain, () => current, isTrustedSenderFor(APP_URL));
    expect(await invokeFrom(APP_URL)(channelFor('whoAmI'), {})).toMatchObject({ ok: false });
    current = fakeApi({ whoAmI: async () => ({ role: 'admin' as const, person: null, source: 'none', osLogin: 'ann' }) }).api;
    expect(await invokeFrom(APP_URL)(channelFor('whoAmI'), {})).toMatchObject({ ok: true });
  });
});

describe('buildPreloadApi', () => {
  it('exposes exactly the contract’s calls', () => {
    const preload = buildPreloadApi(async () => ({ ok: true, result: null }));
    expect(Object.keys(preload).sort()).toEqual([...API_CALL_NAMES].sort());
    expect(Object.keys(forContextBridge(preload)).sort()).toEqual([...API_CALL_NAMES].sort());
    expect(PRELOAD_GLOBAL).toBe('auditTrail');
  });

  it('round-trips through the main-process handlers: results, and AuditErrors with their code', async () => {
    const { ipcMain, invokeFrom } = fakeIpcMain();
    const { api, calls } = fakeApi({
      describeSource: async () => ({ engine: 'sqlite', name: 'demo.sqlite', location: '/data/demo.sqlite' }),
      getHistory: async () => {
        throw new AuditError('bad-request', 'The cursor is not one this application made.');
      },
    });
    registerApiHandlers(ipcMain, () => api, isTrustedSenderFor(APP_URL));
    const preload = buildPreloadApi(invokeFrom(APP_URL));

    await expect(preload.describeSource({})).resolves.toEqual({
      engine: 'sqlite',
      name: 'demo.sqlite',
      location: '/data/demo.sqlite',
    });
    const error = await preload.getHistory({ table: 'Customer', id: 1, cursor: 'x' }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(AuditError);
    expect(error).toMatchObject({ code: 'bad-request', message: 'The cursor is not one this application made.' });
    expect(calls).toEqual(['describeSource', 'getHistory']);
  });

  it('reports an untrusted page as unauthorized, and a missing handler as internal', async () => {
    const { ipcMain, invokeFrom } = fakeIpcMain();
    const { api, calls } = fakeApi();
    registerApiHandlers(ipcMain, () => api, isTrustedSenderFor(APP_URL));
    await expect(buildPreloadApi(invokeFrom('https://example.com/')).listTables({})).rejects.toMatchObject({
      code: 'unauthorized',
    });
    expect(calls).toEqual([]);
    await expect(buildPreloadApi(fakeIpcMain().invokeFrom(APP_URL)).listTables({})).rejects.toMatchObject({
      name: 'AuditError',
      code: 'internal',
    });
    await expect(buildPreloadApi(async () => 'garbage').listTables({})).rejects.toMatchObject({ code: 'internal' });
  });

  it('rejects across the context bridge with a plain object that keeps the code', async () => {
    const bridged = forContextBridge(
      buildPreloadApi(async () => ({ ok: false, error: { code: 'locked', message: 'The replica is locked.' } })),
    );
    const rejection = await bridged.listTables({}).catch((e: unknown) => e);
    // Not an Error: contextBridge would copy an Error as a bare Error(message), dropping the code.
    expect(rejection).not.toBeInstanceOf(Error);
    expect(rejection).toEqual({ name: 'AuditError', code: 'locked', message: 'The replica is locked.' });
    expect(isBridgedAuditError(rejection)).toBe(true);
    expect(Object.isFrozen(bridged)).toBe(true);
    expect(structuredClone(rejection)).toEqual(rejection);
  });
});

describe('the connections contract over IPC', () => {
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

  it('registers one audit:connections:<call> channel per call, beside the audit ones, and unregisters them', () => {
    const { ipcMain, handlers } = fakeIpcMain();
    registerApiHandlers(ipcMain, () => null, () => true);
    const unregister = registerConnectionsHandlers(ipcMain, fakeConnections().api, () => true);
    const connectionChannels = CONNECTIONS_CALL_NAMES.map((name) => `audit:connections:${name}`);
    expect(CONNECTIONS_CALL_NAMES.map(connectionsChannelFor)).toEqual(connectionChannels);
    expect([...handlers.keys()].filter((c) => c.startsWith('audit:connections:')).sort()).toEqual([...connectionChannels].sort());
    unregister();
    expect(handlers.size).toBe(API_CALL_NAMES.length);
  });

  it('refuses an untrusted sender before the call, and round-trips results and errors through the preload', async () => {
    const { ipcMain, invokeFrom } = fakeIpcMain();
    const { api, calls } = fakeConnections();
    registerConnectionsHandlers(ipcMain, api, isTrustedSenderFor(APP_URL));
    await expect(buildPreloadConnectionsApi(invokeFrom('https://example.com/')).connect({ replica: '/x.sqlite' })).rejects.toMatchObject({
      code: 'unauthorized',
    });
    expect(calls).toEqual([]);

    const preload = buildPreloadConnectionsApi(invokeFrom(APP_URL));
    expect(Object.keys(preload).sort()).toEqual([...CONNECTIONS_CALL_NAMES].sort());
    await expect(preload.saveProfile({ name: 'prod', target: {} as never, password: 'pw', rememberPassword: true })).resolves.toEqual({ called: 'saveProfile' });
    const error = await preload.testConnection({ profile: 'prod' }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(AuditError);
    expect(error).toMatchObject({ code: 'unreachable' });
    expect(calls.map(([name]) => name)).toEqual(['saveProfile', 'testConnection']);

    const bridged = forContextBridgeConnections(preload);
    expect(Object.isFrozen(bridged)).toBe(true);
    expect(Object.keys(bridged).sort()).toEqual([...CONNECTIONS_CALL_NAMES].sort());
    await expect(bridged.testConnection({ profile: 'prod' })).rejects.toEqual({
      name: 'AuditError',
      code: 'unreachable',
      message: 'Cannot reach the PostgreSQL server at 127.0.0.1:1: it refused the connection.',
    });
    expect(PRELOAD_CONNECTIONS_GLOBAL).toBe('auditTrailConnections');
  });
});

describe('buildMenuTemplate', () => {
  function flatten(items: MenuItemConstructorOptions[]): MenuItemConstructorOptions[] {
    return items.flatMap((item) => [item, ...(Array.isArray(item.submenu) ? flatten(item.submenu) : [])]);
  }
  const click = (item: MenuItemConstructorOptions | undefined) =>
    (item?.click as (() => void) | undefined)?.();

  it.each(['linux', 'win32', 'darwin'] as const)('has the app’s items and each calls its action (%s)', (platform) => {
    const actions: MenuActions = { openReplica: vi.fn(), reload: vi.fn(), toggleDarkTheme: vi.fn(), quit: vi.fn() };
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

    click(byLabel('Toggle dark theme'));
    expect(actions.toggleDarkTheme).toHaveBeenCalledOnce();

    click(byLabel(/^Quit/));
    expect(actions.quit).toHaveBeenCalledOnce();

    expect(items.some((item) => item.role === 'about')).toBe(true);
    expect(items.some((item) => item.role === 'toggleDevTools')).toBe(false);
  });

  it('offers developer tools only when asked (unpackaged builds)', () => {
    const actions: MenuActions = { openReplica: vi.fn(), reload: vi.fn(), toggleDarkTheme: vi.fn(), quit: vi.fn() };
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
    outDir = fs.mkdtempSync(path.join(os.tmpdir(), 'audit-trail-electron-'));
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
    expect(preload).toContain('"auditTrail"');
    expect(preload).toContain('"auditTrailConnections"');
    expect(preload).toContain('"auditTrailExport"');
    expect(preload).not.toContain('ipcRenderer.send');
    // One listener, on the export progress channel only (no channel chosen by the page).
    expect([...preload.matchAll(/ipcRenderer\.(on|off|once|addListener)\(([^,]+),/g)].map((m) => m[2])).toEqual([
      'EXPORT_PROGRESS_CHANNEL',
      'EXPORT_PROGRESS_CHANNEL',
    ]);
    // Only Electron is required: a sandboxed preload has no Node modules.
    expect([...preload.matchAll(/require\("([^"]+)"\)/g)].map((m) => m[1])).toEqual(['electron']);
  });

  it('runs the built preload against a fake electron: exactly the contracts, wired to invoke', async () => {
    const exposed = new Map<string, unknown>();
    const invoked: [string, unknown][] = [];
    const fakeElectron = {
      contextBridge: { exposeInMainWorld: (key: string, value: unknown) => exposed.set(key, value) },
      ipcRenderer: {
        invoke: async (channel: string, request: unknown) => {
          invoked.push([channel, request]);
          return channel === 'audit:listTables'
            ? { ok: true, result: { tables: [], skipped: [] } }
            : { ok: false, error: { code: 'not-found', message: 'No such record.' } };
        },
      },
    };
    const module = { exports: {} };
    const requireFake = (id: string) => {
      if (id !== 'electron') throw new Error(`the preload required ${id}`);
      return fakeElectron;
    };
    new Function('require', 'module', 'exports', preload)(requireFake, module, module.exports);

    expect([...exposed.keys()]).toEqual(['auditTrail', 'auditTrailConnections', 'auditTrailExport']);
    expect(Object.keys(exposed.get('auditTrailExport') as object).sort()).toEqual(['cancel', 'onProgress', 'start']);
    expect(Object.keys(exposed.get('auditTrailConnections') as object).sort()).toEqual([...CONNECTIONS_CALL_NAMES].sort());
    const api = exposed.get('auditTrail') as AuditApi;
    expect(Object.keys(api).sort()).toEqual([...API_CALL_NAMES].sort());
    await expect(api.listTables({})).resolves.toEqual({ tables: [], skipped: [] });
    await expect(api.getRecord({ table: 'Customer', id: 1 })).rejects.toEqual({
      name: 'AuditError',
      code: 'not-found',
      message: 'No such record.',
    });
    expect(invoked).toEqual([
      ['audit:listTables', {}],
      ['audit:getRecord', { table: 'Customer', id: 1 }],
    ]);
  });
});
