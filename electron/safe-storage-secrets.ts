/**
 * Profile passwords kept across launches by the operating system's secret storage, through
 * Electron's `safeStorage` (Keychain on macOS, DPAPI on Windows, the Secret Service or KWallet on
 * Linux): each password is encrypted with a key only this user's session can use, and only the
 * ciphertext, base64, is written to `secrets.json` beside connections.json.
 *
 * Where the OS offers no real secret storage (`safeStorage` unavailable, or Linux falling back to
 * its built-in "basic_text" key, which is the same on every machine) there is no store: passwords
 * are then kept for the session only, and the UI says so.
 *
 * Pure apart from the `safeStorage` object it is given, so it is tested in Node with a fake. It
 * uses the asynchronous API: the synchronous one is deprecated in current Electron.
 */
import path from 'node:path';
import type { SafeStorage } from 'electron';
import { readFileIfExists, writeFileAtomic, type SecretStore } from '../db/connections/index';
import { AuditError } from '../shared/errors';

export const SECRETS_FILE = 'secrets.json';
const VERSION = 1;

/** The part of Electron's `safeStorage` used here. */
export type SafeStorageLike = Pick<SafeStorage, 'isAsyncEncryptionAvailable' | 'encryptStringAsync' | 'decryptStringAsync'> &
  Partial<Pick<SafeStorage, 'getSelectedStorageBackend'>>;

/**
 * The store over `safeStorage`, keeping ciphertext in `<dir>/secrets.json`, or null when the OS
 * has no usable secret storage. Call after the app is ready (before, Linux cannot tell).
 */
export async function createSafeStorageSecretStore(
  safeStorage: SafeStorageLike,
  dir: string,
  platform: NodeJS.Platform = process.platform,
): Promise<SecretStore | null> {
  if (!(await safeStorage.isAsyncEncryptionAvailable())) return null;
  // "basic_text" encrypts with a key built into Chromium: no better than a plain file.
  if (platform === 'linux' && safeStorage.getSelectedStorageBackend?.() === 'basic_text') return null;
  const file = path.join(dir, SECRETS_FILE);

  const read = (): Record<string, string> => {
    const text = readFileIfExists(file);
    if (text === null || text.trim() === '') return {};
    let data: unknown;
    try {
      data = JSON.parse(text);
    } catch {
      data = null;
    }
    const secrets = (data as { secrets?: unknown } | null)?.secrets;
    if (
      !data ||
      typeof data !== 'object' ||
      (data as { version?: unknown }).version !== VERSION ||
      !secrets ||
      typeof secrets !== 'object' ||
      Array.isArray(secrets) ||
      !Object.values(secrets).every((v) => typeof v === 'string')
    ) {
      throw new AuditError(
        'corrupt',
        `The saved passwords in ${file} cannot be read; move the file away to start afresh (the passwords will have to be entered again). It has been left as it is.`,
      );
    }
    return { ...(secrets as Record<string, string>) };
  };
  const write = (secrets: Record<string, string>): void => writeFileAtomic(file, `${JSON.stringify({ version: VERSION, secrets }, null, 2)}\n`);

  const decrypt = async (key: string, ciphertext: string): Promise<string> => {
    let answer;
    try {
      answer = await safeStorage.decryptStringAsync(Buffer.from(ciphertext, 'base64'));
    } catch (error) {
      throw new AuditError('auth-failed', 'The saved password could not be unlocked by the operating system; enter it again.', { cause: error });
    }
    if (answer.shouldReEncrypt) {
      // The OS rotated its key: store the password again under the new one, best effort.
      await store.set(key, answer.result).catch(() => undefined);
    }
    return answer.result;
  };

  const store: SecretStore = {
    persistent: true,
    has: async (key) => Object.prototype.hasOwnProperty.call(read(), key),
    async get(key) {
      const secrets = read();
      const ciphertext = Object.prototype.hasOwnProperty.call(secrets, key) ? secrets[key] : undefined;
      return ciphertext === undefined ? undefined : decrypt(key, ciphertext);
    },
    async set(key, secret) {
      const ciphertext = (await safeStorage.encryptStringAsync(secret)).toString('base64');
      write({ ...read(), [key]: ciphertext });
    },
    async delete(key) {
      const secrets = read();
      if (!Object.prototype.hasOwnProperty.call(secrets, key)) return;
      delete secrets[key];
      write(secrets);
    },
    keys: async () => Object.keys(read()),
  };
  return store;
}
