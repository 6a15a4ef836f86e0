import { randomBytes } from 'node:crypto';
import { Keyring, keyIdOf } from '../crypto/keyring';
import { SIGN_IN_FORM_TTL_MS, SignInFormTokens } from './sign-in-form-token';

function keyringOf(...keys: Buffer[]): Keyring {
  const current = keys[keys.length - 1];
  return new Keyring(keyIdOf(current), new Map(keys.map((key) => [keyIdOf(key), key])));
}

describe('SignInFormTokens', () => {
  const now = new Date('2026-12-03T10:00:00.000Z');
  const later = (ms: number) => new Date(now.getTime() + ms);
  const key = randomBytes(32);
  const tokens = new SignInFormTokens(keyringOf(key));

  it('accepts the token it issued with the cookie it issued, for the form’s lifetime', () => {
    const { cookieValue, formToken } = tokens.issue(now);
    expect(cookieValue).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(tokens.verify(cookieValue, formToken, now)).toBe(true);
    expect(tokens.verify(cookieValue, formToken, later(SIGN_IN_FORM_TTL_MS))).toBe(true);
    expect(tokens.verify(cookieValue, formToken, later(SIGN_IN_FORM_TTL_MS + 1))).toBe(false);
  });

  it('refuses a cookie and field the client chose, however they match', () => {
    const chosen = randomBytes(32).toString('base64url');
    expect(tokens.verify(chosen, chosen, now)).toBe(false);
    expect(tokens.verify(chosen, `${now.getTime()}.${chosen}`, now)).toBe(false);
    expect(tokens.verify(undefined, tokens.issue(now).formToken, now)).toBe(false);
    expect(tokens.verify(chosen, undefined, now)).toBe(false);
    expect(tokens.verify(chosen, ['x'], now)).toBe(false);
  });

  it('binds the token to its cookie and to its time', () => {
    const first = tokens.issue(now);
    const second = tokens.issue(now);
    expect(tokens.verify(second.cookieValue, first.formToken, now)).toBe(false);
    const [issuedAt, mac] = first.formToken.split('.');
    // The time is signed: moving it forward to stretch the lifetime breaks the signature.
    const moved = `${Number(issuedAt) + SIGN_IN_FORM_TTL_MS}.${mac}`;
    expect(tokens.verify(first.cookieValue, moved, later(SIGN_IN_FORM_TTL_MS + 1))).toBe(false);
    const flipped = `${issuedAt}.${mac.slice(0, -1)}${mac.endsWith('A') ? 'B' : 'A'}`;
    expect(tokens.verify(first.cookieValue, flipped, now)).toBe(false);
  });

  it('refuses a token issued too far in the future', () => {
    const { cookieValue, formToken } = tokens.issue(later(2 * 60_000));
    expect(tokens.verify(cookieValue, formToken, now)).toBe(false);
  });

  it('accepts tokens signed under a previous key, and refuses another hub’s', () => {
    const issuedBefore = tokens.issue(now);
    const rotated = new SignInFormTokens(keyringOf(key, randomBytes(32)));
    expect(rotated.verify(issuedBefore.cookieValue, issuedBefore.formToken, now)).toBe(true);

    const otherHub = new SignInFormTokens(keyringOf(randomBytes(32)));
    const foreign = otherHub.issue(now);
    expect(tokens.verify(foreign.cookieValue, foreign.formToken, now)).toBe(false);
  });
});
