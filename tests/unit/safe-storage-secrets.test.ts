/**
 * The desktop shell's password store over Electron's safeStorage, with a fake safeStorage: only
 * ciphertext reaches secrets.json, no store where the OS has no real secret storage, and a
 * damaged file is reported and left alone.
 */
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { createSafeStorageSecretStore, SECRETS_FILE, type SafeStorageLike } from '../../electron/safe-storage-secrets';
import { tempDir as makeTempDir } from '../support/temp-dir';

const PASSWORD = 'päss wörd with spaces';

/** A reversible "encryption" that makes the ciphertext obviously not the plaintext. */
function fakeSafeStorage(options: { available?: boolean; backend?: ReturnType<NonNullable<SafeStorageLike['getSelectedStorageBackend']>>; rotate?: boolean } = {}) {
  const calls = { encrypt: 0, decrypt: 0 };
  const safeStorage: SafeStorageLike = {
    isAsyncEncryptionAvailable: async () => options.available ?? true,
    getSelectedStorageBackend: () => options.backend ?? 'gnome_libsecret',
    encryptStringAsync: async (plain: string) => {
      calls.encrypt += 1;
      return Buffer.from(`enc:${[...Buffer.from(plain, 'utf8')].map((b) => b ^ 0x5a).join(',')}`);
    },
    decryptStringAsync: async (encrypted: Buffer) => {
      calls.decrypt += 1;
      const text = encrypted.toString('utf8');
      if (!text.startsWith('enc:')) throw new Error('Error while decrypting the ciphertext provided to safeStorage.decryptString.');
      const bytes = text.slice(4).split(',').map((n) => Number(n) ^ 0x5a);
      return { result: Buffer.from(bytes).toString('utf8'), shouldReEncrypt: options.rotate ?? false };
    },
  };
  return { safeStorage, calls };
}

const tempDir = () => makeTempDir('audit-trail-secrets-');

describe('createSafeStorageSecretStore', () => {
  it('keeps only base64 ciphertext in secrets.json, and gives the password back', async () => {
    const dir = tempDir();
    const { safeStorage } = fakeSafeStorage();
    const store = await createSafeStorageSecretStore(safeStorage, dir, 'linux');
    expect(store?.persistent).toBe(true);
    await store!.set('["prod"]', PASSWORD);
    const text = fs.readFileSync(path.join(dir, SECRETS_FILE), 'utf8');
    expect(text).not.toContain(PASSWORD);
    expect(text).not.toContain('päss');
    const file = JSON.parse(text) as { version: number; secrets: Record<string, string> };
    expect(file.version).toBe(1);
    expect(Buffer.from(file.secrets['["prod"]']!, 'base64').toString('utf8')).toMatch(/^enc:/);
    expect(fs.statSync(path.join(dir, SECRETS_FILE)).mode & 0o077).toBe(0);

    // A second launch reads it back.
    const again = await createSafeStorageSecretStore(safeStorage, dir, 'linux');
    expect(await again!.get('["prod"]')).toBe(PASSWORD);
    expect(await again!.has('["prod"]')).toBe(true);
    expect(await again!.get('["other"]')).toBeUndefined();
    expect(await again!.keys()).toEqual(['["prod"]']);
    await again!.delete('["prod"]');
    expect(await again!.has('["prod"]')).toBe(false);
    await again!.delete('["never"]');
  });

  it('is not there when the OS cannot keep secrets, or Linux would use its built-in key', async () => {
    expect(await createSafeStorageSecretStore(fakeSafeStorage({ available: false }).safeStorage, tempDir(), 'darwin')).toBeNull();
    expect(await createSafeStorageSecretStore(fakeSafeStorage({ backend: 'basic_text' }).safeStorage, tempDir(), 'linux')).toBeNull();
    // Elsewhere the Linux-only backend question is not asked.
    expect(await createSafeStorageSecretStore(fakeSafeStorage({ backend: 'basic_text' }).safeStorage, tempDir(), 'win32')).not.toBeNull();
  });

  it('re-encrypts a password whose key the OS rotated', async () => {
    const dir = tempDir();
    const { safeStorage, calls } = fakeSafeStorage({ rotate: true });
    const store = (await createSafeStorageSecretStore(safeStorage, dir, 'darwin'))!;
    await store.set('k', PASSWORD);
    expect(await store.get('k')).toBe(PASSWORD);
    expect(calls.encrypt).toBe(2);
  });

  it('reports a damaged file, or a password the OS cannot unlock, in one sentence and leaves the file alone', async () => {
    const dir = tempDir();
    const file = path.join(dir, SECRETS_FILE);
    const store = (await createSafeStorageSecretStore(fakeSafeStorage().safeStorage, dir, 'linux'))!;
    fs.writeFileSync(file, '{"version":1,"secrets":{"k":5}}');
    await expect(store.get('k')).rejects.toThrow(/^The saved passwords in .*secrets\.json cannot be read; move the file away/);
    await expect(store.set('k', PASSWORD)).rejects.toThrow(/cannot be read/);
    expect(fs.readFileSync(file, 'utf8')).toBe('{"version":1,"secrets":{"k":5}}');

    fs.writeFileSync(file, JSON.stringify({ version: 1, secrets: { k: Buffer.from('garbage').toString('base64') } }));
    await expect(store.get('k')).rejects.toMatchObject({ code: 'auth-failed', message: 'The saved password could not be unlocked by the operating system; enter it again.' });
  });
});
