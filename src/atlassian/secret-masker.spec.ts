import { REDACTED } from '../logging/redact';
import { MIN_ANYWHERE_LENGTH, SecretMasker } from './secret-masker';

// Characters that JSON, URLs and HTML escape, inside a token-like value.
const TOKEN = 'ATATT3xFf/GF0"tok+en=with\\odd&chars<~>';
const EMAIL = 'automation@example.com';
const base64 = (text: string) => Buffer.from(text, 'utf8').toString('base64');
const base64Url = (text: string) => Buffer.from(text, 'utf8').toString('base64url');

describe(SecretMasker.name, () => {
  const sut = new SecretMasker([TOKEN]);

  it.each([
    ['plain', TOKEN],
    ['JSON-escaped', JSON.stringify(TOKEN).slice(1, -1)],
    ['JSON-escaped with \\/', JSON.stringify(TOKEN).slice(1, -1).replace(/\//g, '\\/')],
    ['JSON-escaped twice', JSON.stringify(JSON.stringify(TOKEN)).slice(1, -1)],
    ['\\u-escaped (ASCII-only encoders)', TOKEN.replace(/[^A-Za-z0-9]/g, unicodeEscape)],
    ['URL-encoded', encodeURIComponent(TOKEN)],
    ['URL-encoded in lower case', encodeURIComponent(TOKEN).replace(/%[0-9A-F]{2}/g, lower)],
    ['URL-encoded twice', encodeURIComponent(encodeURIComponent(TOKEN))],
    ['form-encoded', new URLSearchParams({ t: TOKEN }).toString().slice(2)],
    ['HTML-escaped', htmlEscape(TOKEN)],
    ['HTML numeric entities', TOKEN.replace(/[^A-Za-z0-9]/g, (c) => `&#${c.charCodeAt(0)};`)],
    ['base64 of the token', base64(TOKEN)],
    ['base64url of the token', base64Url(TOKEN)],
    ['base64 of email:token (the Basic value)', base64(`${EMAIL}:${TOKEN}`)],
    ['base64 of x:token', base64(`x:${TOKEN}`)],
    ['base64 of xy:token', base64(`xy:${TOKEN}`)],
    ['base64 of the token with more after it', base64(`${TOKEN} and more`)],
    ['URL-encoded base64 of email:token', encodeURIComponent(base64(`${EMAIL}:${TOKEN}`))],
    ['JSON-escaped base64 (\\/)', base64(`a:${TOKEN}`).replace(/\//g, '\\/')],
  ])('masks the secret %s, inside other text', (_form, echoed) => {
    const text = `Atlassian says: credential "${echoed}" was refused (see logs)`;

    const masked = sut.mask(text);

    expect(masked).toContain(REDACTED);
    expect(masked).not.toContain(echoed);
    expect(masked.startsWith('Atlassian says: credential ')).toBe(true);
    expect(masked.endsWith(' was refused (see logs)')).toBe(true);
  });

  it('leaves no character of a base64 value around the secret: the whole value goes', () => {
    const value = base64(`${EMAIL}:${TOKEN}`);

    expect(sut.mask(`Authorization: Basic ${value} is not valid`)).toBe(
      `Authorization: Basic ${REDACTED} is not valid`,
    );
    expect(sut.mask(`{"header":"Basic ${value.replace(/\//g, '\\/')}"}`)).toBe(
      `{"header":"Basic ${REDACTED}"}`,
    );
    expect(sut.mask(`auth=Basic%20${encodeURIComponent(value)}&x=1`)).toBe(
      `auth=Basic%20${REDACTED}&x=1`,
    );
  });

  it('masks every occurrence, of several secrets, and keeps the rest of the text', () => {
    const masker = new SecretMasker(['refresh-token-0123456789', 'client-secret-abcdefgh']);

    expect(
      masker.mask(
        'refresh_token=refresh-token-0123456789&client_secret=client-secret-abcdefgh; again refresh-token-0123456789',
      ),
    ).toBe(`refresh_token=${REDACTED}&client_secret=${REDACTED}; again ${REDACTED}`);
  });

  it('masks a secret that contains another one whole', () => {
    const masker = new SecretMasker(['abcdefgh12', 'xxabcdefgh12yy']);

    expect(masker.mask('value xxabcdefgh12yy')).toBe(`value ${REDACTED}`);
  });

  it('keeps JSON valid where the secret sat inside a string', () => {
    const body = JSON.stringify({ message: `bad token ${TOKEN}`, errors: { token: TOKEN } });

    const parsed = JSON.parse(sut.mask(body)) as unknown;

    expect(parsed).toEqual({
      message: `bad token ${REDACTED}`,
      errors: { token: REDACTED },
    });
  });

  it('leaves text without the secret as it is, also text that is nearly the secret', () => {
    const text = `{"errorMessages":["${TOKEN.slice(0, -1)}"],"id":"ATATT3xFf"}`;

    expect(sut.mask(text)).toBe(text);
  });

  it(`masks a secret shorter than ${MIN_ANYWHERE_LENGTH} characters only where it stands alone`, () => {
    const masker = new SecretMasker(['s3cr3t']);

    expect(masker.mask('token s3cr3t refused; Bearer%20s3cr3t; "s3cr3t"')).toBe(
      `token ${REDACTED} refused; Bearer%20${REDACTED}; "${REDACTED}"`,
    );
    expect(masker.mask(`as base64: ${base64('s3cr3t')}`)).toBe(`as base64: ${REDACTED}`);
    // Inside a longer word it is left: masking it there would garble ordinary text.
    expect(masker.mask('xs3cr3ts and s3cr3t2')).toBe('xs3cr3ts and s3cr3t2');
  });

  it(`masks a secret of exactly ${MIN_ANYWHERE_LENGTH} characters anywhere`, () => {
    const masker = new SecretMasker(['8chars!!']);

    expect(masker.mask('x8chars!!y')).toBe(`x${REDACTED}y`);
    expect(masker.mask(`v=${base64('me:8chars!!')}`)).toBe(`v=${REDACTED}`);
  });

  it('masks non-ASCII secrets in UTF-8 percent-encoding and \\u escapes', () => {
    const secret = 'pässwörd-€-🔑-long';
    const masker = new SecretMasker([secret]);

    for (const form of [
      secret,
      encodeURIComponent(secret),
      JSON.stringify(secret)
        .slice(1, -1)
        .replace(/[^\x20-\x7e]/g, unicodeEscape),
      base64(secret),
    ]) {
      expect(masker.mask(`<${form}>`)).toBe(`<${REDACTED}>`);
    }
  });

  it('masks nothing without secrets, and ignores empty ones', () => {
    const masker = new SecretMasker(['', null, undefined]);

    expect(masker.masksAnything).toBe(false);
    expect(masker.mask('Bearer abc')).toBe('Bearer abc');
    expect(SecretMasker.none.mask('anything')).toBe('anything');
  });

  it('stays fast on a large body without the secret', () => {
    const masker = new SecretMasker([
      TOKEN,
      'refresh-token-0123456789',
      base64(`${EMAIL}:${TOKEN}`),
    ]);
    const body = JSON.stringify(
      Array.from({ length: 5000 }, (_, i) => ({
        key: `ISSUE-${i}`,
        summary: `A summary with words, symbols /+=%&<> and base64 ${base64(`x${i}`)}`,
        avatar: `https://example.com/a/${base64(String(i)).repeat(8)}`,
      })),
    );

    const started = process.hrtime.bigint();
    const masked = masker.mask(body);
    const ms = Number(process.hrtime.bigint() - started) / 1e6;

    expect(masked).toBe(body);
    expect(ms).toBeLessThan(500);
  });

  describe('secrets of a request', () => {
    it('takes the token of a Bearer header', () => {
      expect(SecretMasker.secretsOfAuthorization('Bearer abc.def')).toEqual(['abc.def']);
    });

    it('takes the token of a Basic header, which masks the header value too', () => {
      const value = base64(`${EMAIL}:${TOKEN}`);
      const secrets = SecretMasker.secretsOfAuthorization(`Basic ${value}`);

      expect(secrets).toEqual([TOKEN]);
      expect(new SecretMasker(secrets).mask(`got ${value} and ${EMAIL}:${TOKEN}`)).toBe(
        `got ${REDACTED} and ${EMAIL}:${REDACTED}`,
      );
    });

    it('takes the value, email:token and the token of a Basic header with a short token', () => {
      const value = base64(`${EMAIL}:abc123`);
      const secrets = SecretMasker.secretsOfAuthorization(`Basic ${value}`);

      expect(secrets).toEqual([value, `${EMAIL}:abc123`, 'abc123']);
      expect(new SecretMasker(secrets).mask(`got ${value}; ${EMAIL}:abc123; abc123`)).toBe(
        `got ${REDACTED}; ${REDACTED}; ${REDACTED}`,
      );
    });

    it('takes nothing from a missing header', () => {
      expect(SecretMasker.secretsOfAuthorization(undefined)).toEqual([]);
    });

    it('takes the secret fields of a token request form, not the others', () => {
      const form = new URLSearchParams({
        grant_type: 'authorization_code',
        client_id: 'client-1',
        client_secret: 'the-secret',
        code: 'the-code',
        code_verifier: 'the-verifier',
        redirect_uri: 'https://hub.example.com/oauth/callback',
        refresh_token: 'the-refresh-token',
      }).toString();

      expect(SecretMasker.secretsOfForm(form).sort()).toEqual(
        ['the-code', 'the-refresh-token', 'the-secret', 'the-verifier'].sort(),
      );
    });
  });
});

function unicodeEscape(character: string): string {
  return `\\u${character.charCodeAt(0).toString(16).padStart(4, '0')}`;
}

function lower(escape: string): string {
  return escape.toLowerCase();
}

function htmlEscape(text: string): string {
  return text.replace(
    /[&<>"']/g,
    (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!,
  );
}
