import { randomBytes } from 'node:crypto';
import { existsSync, mkdtempSync, readdirSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { HubError, HubErrorCode } from '../common/hub-error';
import { loadHubConfig } from '../config/hub-config';
import { Keyring, keyIdOf, loadKeyring } from './keyring';
import { SecretBox, SecretContext } from './secret-box';

const context: SecretContext = { table: 'credential', recordId: 'rec-1', field: 'secret' };

function newKeyring(): Keyring {
  const key = randomBytes(32);
  return new Keyring(keyIdOf(key), new Map([[keyIdOf(key), key]]));
}

/** The error `action` throws; fails the test when it throws nothing. */
function errorOf(action: () => unknown): unknown {
  try {
    action();
  } catch (error) {
    return error;
  }
  throw new Error('Expected the call to throw, but it returned');
}

function expectUnreadable(action: () => unknown): HubError {
  const error = errorOf(action);
  expect(error).toBeInstanceOf(HubError);
  expect((error as HubError).code).toBe(HubErrorCode.SecretUnreadable);
  return error as HubError;
}

/** Flips one bit of one base64url part of a stored secret, at the byte level. */
function tamper(stored: string, part: 2 | 3, byteIndex: number): string {
  const parts = stored.split('.');
  const bytes = Buffer.from(parts[part], 'base64url');
  bytes[byteIndex] ^= 0x01;
  parts[part] = bytes.toString('base64url');
  return parts.join('.');
}

describe(SecretBox.name, () => {
  let keyring: Keyring;
  let sut: SecretBox;

  beforeEach(() => {
    keyring = newKeyring();
    sut = new SecretBox(keyring);
  });

  it.each(['atlassian-api-token-123', '', 'ünïcødé ✓ secret', 'x'.repeat(5000)])(
    'decrypts what it encrypted (%#)',
    (plaintext) => {
      const stored = sut.encrypt(plaintext, context);

      expect(sut.decrypt(stored, context)).toBe(plaintext);
    },
  );

  it('never stores the plaintext', () => {
    const stored = sut.encrypt('atlassian-api-token-123', context);

    expect(stored).not.toContain('atlassian-api-token-123');
    expect(stored).not.toContain(Buffer.from('atlassian-api-token-123').toString('base64url'));
  });

  it('encrypts the same value differently each time, with a fresh nonce', () => {
    const first = sut.encrypt('same value', context);
    const second = sut.encrypt('same value', context);

    expect(first).not.toBe(second);
    expect(first.split('.')[2]).not.toBe(second.split('.')[2]);
    expect(sut.decrypt(first, context)).toBe('same value');
    expect(sut.decrypt(second, context)).toBe('same value');
  });

  it('stores v1.<current key id>.<nonce>.<body>', () => {
    const stored = sut.encrypt('value', context);

    const [format, keyId, nonce, body, ...rest] = stored.split('.');
    expect(format).toBe('v1');
    expect(keyId).toBe(keyring.currentKeyId);
    expect(sut.currentKeyId).toBe(keyring.currentKeyId);
    expect(nonce).toMatch(/^[A-Za-z0-9_-]+$/);
    expect(Buffer.from(nonce, 'base64url')).toHaveLength(12);
    expect(body).toMatch(/^[A-Za-z0-9_-]+$/);
    // 5 bytes of ciphertext plus a 16-byte GCM tag
    expect(Buffer.from(body, 'base64url')).toHaveLength(5 + 16);
    expect(rest).toEqual([]);
    expect(SecretBox.keyIdOf(stored)).toBe(keyring.currentKeyId);
  });

  it.each<[string, Partial<SecretContext>]>([
    ['another record', { recordId: 'rec-2' }],
    ['another field', { field: 'refreshToken' }],
    ['another table', { table: 'connection' }],
  ])('refuses to decrypt a secret copied onto %s', (_name, change) => {
    const stored = sut.encrypt('value', context);

    const error = expectUnreadable(() => sut.decrypt(stored, { ...context, ...change }));
    expect(error.message).not.toContain('value');
  });

  it('does not confuse contexts whose parts merely concatenate the same', () => {
    const stored = sut.encrypt('value', { table: 'ab', recordId: 'c', field: 'f' });

    expectUnreadable(() => sut.decrypt(stored, { table: 'a', recordId: 'bc', field: 'f' }));
  });

  it.each<[string, 2 | 3, number]>([
    ['the first ciphertext byte', 3, 0],
    ['the authentication tag', 3, 5 + 15],
    ['the nonce', 2, 0],
  ])('refuses a stored secret after %s was altered', (_name, part, byteIndex) => {
    const stored = sut.encrypt('value', context);

    expectUnreadable(() => sut.decrypt(tamper(stored, part, byteIndex), context));
  });

  it.each(['', 'garbage', 'v2.abc.def.ghi', 'v1..nonce.body'])(
    'refuses a value that is not in the hub format: %j',
    (stored) => {
      expectUnreadable(() => sut.decrypt(stored, context));
    },
  );

  it('refuses a value encrypted under a key it does not hold, naming the key id', () => {
    const other = new SecretBox(newKeyring());
    const stored = other.encrypt('value', context);

    const error = expectUnreadable(() => sut.decrypt(stored, context));
    expect(error.message).toContain(other.currentKeyId);
  });

  it('after a key rotation, still reads old values and writes new ones under the new key', () => {
    const before = sut.encrypt('old value', context);
    const rotated = keyring.withNewCurrentKey();

    sut.useKeyring(rotated);
    const after = sut.encrypt('new value', context);

    expect(rotated.currentKeyId).not.toBe(keyring.currentKeyId);
    expect(rotated.keyIds).toEqual(expect.arrayContaining([keyring.currentKeyId]));
    expect(sut.currentKeyId).toBe(rotated.currentKeyId);
    expect(sut.decrypt(before, context)).toBe('old value');
    expect(sut.decrypt(after, context)).toBe('new value');
    expect(SecretBox.keyIdOf(before)).toBe(keyring.currentKeyId);
    expect(SecretBox.keyIdOf(after)).toBe(rotated.currentKeyId);
    // the keyring it came from is unchanged: it cannot read what the new key wrote
    expectUnreadable(() => new SecretBox(keyring).decrypt(after, context));
  });

  it('refuses a stored value whose tag is shorter than 16 bytes (a forged short tag)', () => {
    const [format, keyId, nonce] = sut.encrypt('', context).split('.');
    const shortTag = Buffer.alloc(4).toString('base64url');

    expect(() => sut.decrypt([format, keyId, nonce, shortTag].join('.'), context)).toThrow(
      HubError,
    );
  });

  it('refuses a stored value with extra parts', () => {
    expect(() => sut.decrypt(`${sut.encrypt('x', context)}.extra`, context)).toThrow(
      /not in the hub format/,
    );
  });
});

describe(Keyring.name, () => {
  it('refuses a current key id it does not hold', () => {
    expect(
      () => new Keyring('missing', new Map([[keyIdOf(randomBytes(32)), randomBytes(32)]])),
    ).toThrow();
  });

  describe('keyIdOf', () => {
    it('gives the same id for the same key and different ids for different keys', () => {
      const key = randomBytes(32);

      expect(keyIdOf(key)).toBe(keyIdOf(Buffer.from(key)));
      expect(keyIdOf(key)).not.toBe(keyIdOf(randomBytes(32)));
      expect(keyIdOf(key)).toMatch(/^[0-9a-f]{12}$/);
    });

    it('is not a piece of the key in any common encoding', () => {
      const key = randomBytes(32);
      const id = keyIdOf(key);

      for (const encoding of ['hex', 'base64', 'base64url'] as const) {
        expect(key.toString(encoding)).not.toContain(id);
      }
    });
  });
});

describe('loadKeyring', () => {
  let dir: string;

  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'hub-keyring-'));
  });

  afterEach(() => {
    rmSync(dir, { recursive: true, force: true });
  });

  it('generates hub.key beside the SQLite file, readable by its owner only', () => {
    const config = loadHubConfig({ HUB_DATABASE_PATH: join(dir, 'hub.sqlite') });

    const result = loadKeyring(config);

    const keyFile = join(dir, 'hub.key');
    expect(result.createdFile).toBe(keyFile);
    expect(result.keyring.filePath).toBe(keyFile);
    expect(existsSync(keyFile)).toBe(true);
    expect(statSync(keyFile).mode & 0o777).toBe(0o600);
    expect(readdirSync(dir)).toEqual(['hub.key']);
  });

  it('creates the database directory when it does not exist yet', () => {
    const config = loadHubConfig({ HUB_DATABASE_PATH: join(dir, 'nested', 'hub.sqlite') });

    const result = loadKeyring(config);

    expect(result.createdFile).toBe(join(dir, 'nested', 'hub.key'));
    expect(statSync(join(dir, 'nested', 'hub.key')).mode & 0o777).toBe(0o600);
  });

  it('reads the same key on the next start, so what was written stays readable', () => {
    const config = loadHubConfig({ HUB_DATABASE_PATH: join(dir, 'hub.sqlite') });
    const first = loadKeyring(config);
    const stored = new SecretBox(first.keyring).encrypt('value', context);

    const second = loadKeyring(config);

    expect(second.createdFile).toBeUndefined();
    expect(second.keyring.currentKeyId).toBe(first.keyring.currentKeyId);
    expect(new SecretBox(second.keyring).decrypt(stored, context)).toBe('value');
  });

  it('takes the keys from HUB_ENCRYPTION_KEY and HUB_ENCRYPTION_PREVIOUS_KEYS without writing a file', () => {
    const current = randomBytes(32);
    const previous = [randomBytes(32), randomBytes(32)];
    const config = loadHubConfig({
      HUB_DATABASE_PATH: join(dir, 'hub.sqlite'),
      HUB_ENCRYPTION_KEY: current.toString('base64'),
      HUB_ENCRYPTION_PREVIOUS_KEYS: previous.map((key) => key.toString('base64')).join(', '),
    });

    const { keyring, createdFile } = loadKeyring(config);

    expect(createdFile).toBeUndefined();
    expect(keyring.filePath).toBeUndefined();
    expect(readdirSync(dir)).toEqual([]);
    expect(keyring.currentKeyId).toBe(keyIdOf(current));
    expect(keyring.currentKey.equals(current)).toBe(true);
    expect([...keyring.keyIds].sort()).toEqual([current, ...previous].map(keyIdOf).sort());
    for (const key of [current, ...previous]) {
      const writtenEarlier = new SecretBox(
        new Keyring(keyIdOf(key), new Map([[keyIdOf(key), key]])),
      ).encrypt('value', context);
      expect(new SecretBox(keyring).decrypt(writtenEarlier, context)).toBe('value');
    }
  });
});
