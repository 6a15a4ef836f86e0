import { createHash, randomBytes } from 'node:crypto';
import { chmodSync, existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { HubConfig, isBase64Key } from '../config/hub-config';

/** The keys the hub can decrypt with, and the one it encrypts with. */
export class Keyring {
  constructor(
    readonly currentKeyId: string,
    private readonly keys: ReadonlyMap<string, Buffer>,
    /** Where the keyring lives when it is a generated file; undefined when it comes from the environment. */
    readonly filePath?: string,
  ) {
    if (!keys.has(currentKeyId)) throw new Error('The current key must be in the keyring');
  }

  get currentKey(): Buffer {
    return this.keys.get(this.currentKeyId)!;
  }

  key(keyId: string): Buffer | undefined {
    return this.keys.get(keyId);
  }

  get keyIds(): string[] {
    return [...this.keys.keys()];
  }

  /** A keyring that encrypts with a fresh key and can still read everything this one could. */
  withNewCurrentKey(): Keyring {
    const key = randomBytes(32);
    const keys = new Map(this.keys);
    keys.set(keyIdOf(key), key);
    return new Keyring(keyIdOf(key), keys, this.filePath);
  }

  toFileContents(): string {
    const keys: Record<string, string> = {};
    for (const [id, key] of this.keys) keys[id] = key.toString('base64');
    return JSON.stringify({ current: this.currentKeyId, keys }, null, 2) + '\n';
  }
}

/** A key id is derived from the key, so the same key always has the same id and reveals nothing. */
export function keyIdOf(key: Buffer): string {
  return createHash('sha256')
    .update('integration-hub-key-id')
    .update(key)
    .digest('hex')
    .slice(0, 12);
}

export function keyFilePathFor(config: HubConfig): string | undefined {
  return config.database.type === 'sqlite'
    ? join(dirname(config.database.path), 'hub.key')
    : undefined;
}

export interface KeyringLoadResult {
  keyring: Keyring;
  /** Set when this load generated the key file. */
  createdFile?: string;
}

export function loadKeyring(config: HubConfig): KeyringLoadResult {
  if (config.encryptionKey) {
    const keys = new Map<string, Buffer>();
    for (const encoded of config.previousEncryptionKeys) {
      const key = Buffer.from(encoded, 'base64');
      keys.set(keyIdOf(key), key);
    }
    const current = Buffer.from(config.encryptionKey, 'base64');
    keys.set(keyIdOf(current), current);
    return { keyring: new Keyring(keyIdOf(current), keys) };
  }
  const path = keyFilePathFor(config);
  if (!path) throw new Error('HUB_ENCRYPTION_KEY is required with PostgreSQL');
  if (existsSync(path)) return { keyring: readKeyFile(path) };
  const key = randomBytes(32);
  const keyring = new Keyring(keyIdOf(key), new Map([[keyIdOf(key), key]]), path);
  writeKeyFile(keyring);
  return { keyring, createdFile: path };
}

function readKeyFile(path: string): Keyring {
  const parsed = JSON.parse(readFileSync(path, 'utf8')) as {
    current?: unknown;
    keys?: Record<string, unknown>;
  };
  const keys = new Map<string, Buffer>();
  for (const [, encoded] of Object.entries(parsed.keys ?? {})) {
    if (typeof encoded !== 'string' || !isBase64Key(encoded)) {
      throw new Error(`The key file ${path} holds a key that is not 32 bytes of base64`);
    }
    const key = Buffer.from(encoded, 'base64');
    keys.set(keyIdOf(key), key);
  }
  if (typeof parsed.current !== 'string' || !keys.has(parsed.current)) {
    throw new Error(`The key file ${path} does not name a current key it holds`);
  }
  return new Keyring(parsed.current, keys, path);
}

/** Written beside the database with mode 0600, through a rename so a crash never leaves half a file. */
export function writeKeyFile(keyring: Keyring): void {
  if (!keyring.filePath) throw new Error('This keyring comes from the environment, not a file');
  mkdirSync(dirname(keyring.filePath), { recursive: true, mode: 0o700 });
  const temporary = `${keyring.filePath}.${process.pid}.tmp`;
  writeFileSync(temporary, keyring.toFileContents(), { mode: 0o600 });
  chmodSync(temporary, 0o600);
  renameSync(temporary, keyring.filePath);
}
