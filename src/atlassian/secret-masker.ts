import { REDACTED } from '../logging/redact';

/**
 * Secrets shorter than this are masked only where they stand alone as a word: masking every
 * occurrence of a short value inside other words would make messages unreadable (and would show
 * where the value occurs). Atlassian's API tokens, client secrets, access and refresh tokens and
 * PKCE verifiers are all far longer.
 */
export const MIN_ANYWHERE_LENGTH = 8;

// Form fields of a token request that carry a secret (RFC 6749, RFC 7636, RFC 7523).
const SECRET_FORM_FIELDS = new Set([
  'client_secret',
  'refresh_token',
  'code',
  'code_verifier',
  'access_token',
  'password',
  'assertion',
  'client_assertion',
]);

const HTML_NAMED: Record<string, string[]> = {
  '&': ['amp'],
  '<': ['lt'],
  '>': ['gt'],
  '"': ['quot'],
  "'": ['apos'],
  '/': ['sol'],
};

const JSON_SHORT_ESCAPES: Record<string, string> = {
  '\b': 'b',
  '\f': 'f',
  '\n': 'n',
  '\r': 'r',
  '\t': 't',
};

// A short secret counts as standing alone when no letter or digit touches it; an escape just
// before or after it (`Bearer%20abc`, `\u0022abc`) is not part of a word either.
const WORD_START =
  '(?:(?<![A-Za-z0-9])|(?<=%[0-9A-Fa-f]{2})|(?<=\\\\u[0-9A-Fa-f]{4})|(?<=\\\\[bfnrt]))';
const WORD_END = '(?:(?![A-Za-z0-9])|(?=%[0-9A-Fa-f]{2})|(?=\\\\u[0-9A-Fa-f]{4}))';

// A base64 text around a match, with its characters as they may be escaped in URLs and JSON.
// `=` only pads the end: leftwards it ends the value (`auth=<base64>` keeps `auth=`).
const BASE64_CHAR = /[A-Za-z0-9+/_-]/;
const BASE64_RUN_AFTER = /(?:[A-Za-z0-9+/_-]|%(?:25)*2[BbFf]|\\+\/)*(?:=|%(?:25)*3[Dd])*/y;
const BASE64_ESCAPE = /^%(?:2[BbFf])$/;
const PERCENT_ESCAPE = /^%[0-9A-Fa-f]{2}$/;

/**
 * Masks the exact values of the secrets the hub sent with a request in whatever came back: plain,
 * URL-encoded (also twice), JSON-escaped (also inside JSON held in a string), HTML-escaped, and
 * base64 (standard and URL-safe, of the secret alone or inside a longer value such as the Basic
 * `email:token`). Field-name redaction (src/logging/redact.ts) is a separate, second net.
 */
export class SecretMasker {
  static readonly none = new SecretMasker([]);

  private readonly textual?: RegExp;
  private readonly base64?: RegExp;

  constructor(secrets: Iterable<string | null | undefined>) {
    const values = [...new Set([...secrets].filter((value): value is string => !!value))];
    // Longest first: a secret that contains another is masked whole.
    values.sort((a, b) => b.length - a.length);
    const textual: string[] = [];
    const base64: string[] = [];
    for (const value of values) {
      if (value.length >= MIN_ANYWHERE_LENGTH) {
        textual.push(escapedForms(value));
        for (const core of base64Cores(value)) base64.push(escapedForms(core));
      } else {
        // The base64 of a short secret alone is masked as a word too; inside a longer base64
        // value (a Basic header) its few characters would match elsewhere by chance.
        const encoded = Buffer.from(value, 'utf8').toString('base64');
        const forms = [value, encoded, encoded.replace(/=+$/, ''), toBase64Url(encoded)];
        for (const form of new Set(forms)) {
          textual.push(`${WORD_START}${escapedForms(form)}${WORD_END}`);
        }
      }
    }
    if (textual.length) this.textual = new RegExp(textual.join('|'), 'g');
    if (base64.length) this.base64 = new RegExp(base64.join('|'), 'g');
  }

  /** The secrets in an Authorization header: the token, and for Basic the password and value. */
  static secretsOfAuthorization(header: string | undefined | null): string[] {
    const match = /^\s*(\S+)\s+(.+?)\s*$/.exec(header ?? '');
    if (!match) return header ? [header] : [];
    const [, scheme, value] = match;
    if (scheme.toLowerCase() !== 'basic') return [value];
    const decoded = Buffer.from(value, 'base64').toString('utf8');
    const colon = decoded.indexOf(':');
    if (colon < 0) return [value, decoded];
    // The user name (an email address) is not a secret. A long token is found inside
    // `email:token`, and by its base64 cores inside the header value: it alone is enough (and
    // keeps the expression small). A short one is masked only as a word, so the longer values
    // that hold it are masked as well.
    const token = decoded.slice(colon + 1);
    return token.length >= MIN_ANYWHERE_LENGTH ? [token] : [value, decoded, token];
  }

  /** The secrets in a form-encoded token request: client secret, refresh token, code, verifier. */
  static secretsOfForm(form: string): string[] {
    const secrets: string[] = [];
    for (const [name, value] of new URLSearchParams(form)) {
      if (SECRET_FORM_FIELDS.has(name)) secrets.push(value);
    }
    return secrets;
  }

  get masksAnything(): boolean {
    return this.textual !== undefined;
  }

  mask(text: string): string {
    let masked = this.textual ? text.replace(this.textual, REDACTED) : text;
    if (this.base64) masked = maskBase64Runs(masked, this.base64);
    return masked;
  }
}

/** A regular expression matching `value` with each character in any of its escaped forms. */
function escapedForms(value: string): string {
  let pattern = '';
  for (const character of value) pattern += characterForms(character);
  return pattern;
}

function characterForms(character: string): string {
  // Encoders leave letters and digits alone: matching them only as they are keeps this fast.
  if (/^[A-Za-z0-9]$/.test(character)) return character;
  const forms = new Set<string>();
  if (character === '\\') {
    // One backslash, or escaped once or more (JSON, JSON inside JSON).
    forms.add('\\\\+');
  } else {
    forms.add(escapeRegExp(character));
    if (character === '"' || character === '/') forms.add(`\\\\+${escapeRegExp(character)}`);
  }
  const short = JSON_SHORT_ESCAPES[character];
  if (short) forms.add(`\\\\+${short}`);
  // JSON's \uXXXX, per UTF-16 unit (a surrogate pair for characters beyond the BMP).
  let unicode = '';
  for (let i = 0; i < character.length; i++) {
    unicode += `\\\\+u${hex(character.charCodeAt(i), 4)}`;
  }
  forms.add(unicode);
  // Percent-encoding of each UTF-8 byte, possibly encoded again (%252F); form-encoded spaces.
  forms.add([...Buffer.from(character, 'utf8')].map((byte) => `%(?:25)*${hex(byte, 2)}`).join(''));
  if (character === ' ') forms.add('\\+');
  const code = character.codePointAt(0)!;
  forms.add(`&#0*${code};`);
  forms.add(`&#[xX]0*${hex(code, 1)};`);
  for (const name of HTML_NAMED[character] ?? []) forms.add(`&${name};`);
  return `(?:${[...forms].join('|')})`;
}

/**
 * The parts of base64 that any text containing `value` has, whatever comes before or after it:
 * one per alignment of `value` against base64's 3-byte groups, keeping only the characters made
 * of the value's bits alone. Standard and URL-safe alphabets.
 */
function base64Cores(value: string): string[] {
  const bytes = Buffer.from(value, 'utf8');
  const cores: string[] = [];
  for (let offset = 0; offset < 3; offset++) {
    const encoded = Buffer.concat([Buffer.alloc(offset), bytes]).toString('base64');
    // Character i holds bits [6i, 6i + 6); the value holds bits [8 offset, 8 (offset + length)).
    const first = Math.ceil((8 * offset) / 6);
    const end = Math.floor((8 * (offset + bytes.length)) / 6);
    const core = encoded.slice(first, end);
    cores.push(core, toBase64Url(core));
  }
  return [...new Set(cores)];
}

/** Masks each match and the whole base64 value around it, so no bit of the secret is left. */
function maskBase64Runs(text: string, cores: RegExp): string {
  let masked = '';
  let done = 0;
  cores.lastIndex = 0;
  for (let match = cores.exec(text); match; match = cores.exec(text)) {
    let start = match.index;
    while (start > done) {
      const three = text.slice(Math.max(done, start - 3), start);
      if (BASE64_ESCAPE.test(three)) start -= 3;
      else if (PERCENT_ESCAPE.test(three)) break;
      else if (BASE64_CHAR.test(text[start - 1])) start--;
      else if (text[start - 1] === '\\' && text[start] === '/') {
        while (start > done && text[start - 1] === '\\') start--;
      } else break;
    }
    BASE64_RUN_AFTER.lastIndex = match.index + match[0].length;
    const end = BASE64_RUN_AFTER.lastIndex + BASE64_RUN_AFTER.exec(text)![0].length;
    masked += text.slice(done, start) + REDACTED;
    done = end;
    cores.lastIndex = end;
  }
  return done === 0 ? text : masked + text.slice(done);
}

function hex(value: number, width: number): string {
  return value
    .toString(16)
    .padStart(width, '0')
    .replace(/[a-f]/g, (digit) => `[${digit}${digit.toUpperCase()}]`);
}

function toBase64Url(base64: string): string {
  return base64.replace(/\+/g, '-').replace(/\//g, '_');
}

function escapeRegExp(text: string): string {
  return text.replace(/[\\^$.*+?()[\]{}|/-]/g, '\\$&');
}
