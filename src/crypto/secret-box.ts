import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import { HubError, HubErrorCode } from '../common/hub-error';
import { Keyring } from './keyring';

const FORMAT = 'v1';
const NONCE_BYTES = 12;
const TAG_BYTES = 16;

/**
 * AES-256-GCM for every secret at rest. The stored form is `v1.<key id>.<nonce>.<ciphertext+tag>`;
 * the associated data names the table, row and field, so a ciphertext copied onto another row (or
 * into another field) fails to decrypt instead of quietly becoming that row's secret.
 */
export class SecretBox {
  constructor(private keyring: Keyring) {}

  get currentKeyId(): string {
    return this.keyring.currentKeyId;
  }

  useKeyring(keyring: Keyring): void {
    this.keyring = keyring;
  }

  encrypt(plaintext: string, context: SecretContext): string {
    const nonce = randomBytes(NONCE_BYTES);
    const cipher = createCipheriv('aes-256-gcm', this.keyring.currentKey, nonce);
    cipher.setAAD(aadOf(context));
    const body = Buffer.concat([
      cipher.update(plaintext, 'utf8'),
      cipher.final(),
      cipher.getAuthTag(),
    ]);
    return [
      FORMAT,
      this.keyring.currentKeyId,
      nonce.toString('base64url'),
      body.toString('base64url'),
    ].join('.');
  }

  decrypt(stored: string, context: SecretContext): string {
    const parts = stored.split('.');
    const [format, keyId, nonce, body] = parts;
    if (parts.length !== 4 || format !== FORMAT || !keyId || !nonce || !body) {
      throw unreadable(context, 'it is not in the hub format');
    }
    const key = this.keyring.key(keyId);
    if (!key) throw unreadable(context, `key ${keyId} is not loaded`);
    const bytes = Buffer.from(body, 'base64url');
    if (bytes.length < TAG_BYTES) throw unreadable(context, 'it is not in the hub format');
    try {
      // A fixed tag length: a shorter, forged tag must not be accepted.
      const decipher = createDecipheriv('aes-256-gcm', key, Buffer.from(nonce, 'base64url'), {
        authTagLength: TAG_BYTES,
      });
      decipher.setAAD(aadOf(context));
      decipher.setAuthTag(bytes.subarray(bytes.length - TAG_BYTES));
      return Buffer.concat([
        decipher.update(bytes.subarray(0, bytes.length - TAG_BYTES)),
        decipher.final(),
      ]).toString('utf8');
    } catch {
      throw unreadable(context, 'it does not belong to this record or was altered');
    }
  }

  /** The key id a stored secret was encrypted under. */
  static keyIdOf(stored: string): string | undefined {
    return stored.split('.')[1];
  }
}

export interface SecretContext {
  table: string;
  recordId: string;
  field: string;
}

function aadOf({ table, recordId, field }: SecretContext): Buffer {
  return Buffer.from(`${table}\u0000${recordId}\u0000${field}`, 'utf8');
}

function unreadable({ table, recordId, field }: SecretContext, why: string): HubError {
  return new HubError(
    HubErrorCode.SecretUnreadable,
    `The ${field} secret of ${table} ${recordId} cannot be decrypted: ${why}`,
  );
}
