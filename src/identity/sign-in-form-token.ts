import { Injectable } from '@nestjs/common';
import { createHmac, hkdfSync, randomBytes } from 'node:crypto';
import { Keyring } from '../crypto/keyring';
import { constantTimeEquals } from './secrets';

const MINUTE_MS = 60_000;
/** How long a sign-in form can be sent after the hub served it. */
export const SIGN_IN_FORM_TTL_MS = 60 * MINUTE_MS;
/** Clocks of hub instances may differ a little: a form "from the future" by this much still counts. */
const CLOCK_SKEW_MS = MINUTE_MS;
const NONCE = /^[A-Za-z0-9_-]{43}$/;
const FORM_TOKEN = /^(\d{1,15})\.([A-Za-z0-9_-]{43})$/;
// Domain separation: the encryption key itself never signs anything.
const HKDF_INFO = 'integration-hub sign-in form';

/** What the sign-in page hands out: a nonce for the cookie and the token for the form. */
export interface IssuedSignInForm {
  cookieValue: string;
  formToken: string;
}

/**
 * The sign-in form's CSRF token. The pre-sign-in cookie holds a random nonce; the form's token is
 * `<issued at, ms>.<HMAC-SHA256(nonce, issued at)>` under a key derived from the encryption
 * keyring. Only the hub can make a token, each token fits only its own cookie, and it expires:
 * a cookie/field pair a client makes up is refused, and a pair fetched from the hub by someone
 * else is of use only while it lasts and only where that someone can plant the cookie (never
 * over https, where the cookie is `__Host-` prefixed).
 */
@Injectable()
export class SignInFormTokens {
  private readonly derived = new Map<string, Buffer>();

  constructor(private readonly keyring: Keyring) {}

  issue(now = new Date()): IssuedSignInForm {
    const cookieValue = randomBytes(32).toString('base64url');
    const issuedAt = String(now.getTime());
    const mac = this.mac(this.keyring.currentKeyId, cookieValue, issuedAt);
    return { cookieValue, formToken: `${issuedAt}.${mac}` };
  }

  /** True only for a token the hub issued for this cookie, within its lifetime. */
  verify(cookieValue: string | undefined, formToken: unknown, now = new Date()): boolean {
    if (!cookieValue || !NONCE.test(cookieValue) || typeof formToken !== 'string') return false;
    const match = FORM_TOKEN.exec(formToken);
    if (!match) return false;
    const [, issuedAt, mac] = match;
    const age = now.getTime() - Number(issuedAt);
    if (age > SIGN_IN_FORM_TTL_MS || age < -CLOCK_SKEW_MS) return false;
    // Any key of the keyring: a form served just before a key rotation still works after it.
    return this.keyring.keyIds
      .map((keyId) => constantTimeEquals(mac, this.mac(keyId, cookieValue, issuedAt)))
      .includes(true);
  }

  private mac(keyId: string, cookieValue: string, issuedAt: string): string {
    return createHmac('sha256', this.signingKey(keyId))
      .update(`sign-in-form\n${issuedAt}\n${cookieValue}`)
      .digest('base64url');
  }

  private signingKey(keyId: string): Buffer {
    let key = this.derived.get(keyId);
    if (!key) {
      const secret = this.keyring.key(keyId);
      if (!secret) throw new Error(`Key ${keyId} is not in the keyring`);
      key = Buffer.from(hkdfSync('sha256', secret, Buffer.alloc(0), HKDF_INFO, 32));
      this.derived.set(keyId, key);
    }
    return key;
  }
}
