/** Field names whose values never reach a log: credentials, tokens, keys, passwords. */
const SECRET_KEY =
  /(authorization|cookie|password|secret|token|verifier|api[-_]?key|apikey|private[-_]?key|encryption[-_]?key|credential[-_]?value)/i;

// Paging cursors (Jira's nextPageToken) say where a list continues, not who may read it.
const PAGING_TOKEN = /^(next|prev|previous)?[-_]?page[-_]?token$/i;

function isSecretName(key: string): boolean {
  return SECRET_KEY.test(key) && !PAGING_TOKEN.test(key);
}

export const REDACTED = '[redacted]';

/**
 * `value` with every secret-named field masked, at any depth: a copy where anything needs masking,
 * else `value` itself (walking is several times cheaper than copying a large clean body).
 */
export function redact(value: unknown): unknown {
  return needsRedaction(value) ? redactWithin(value, 0, new WeakSet()) : value;
}

const MAX_DEPTH = 8;

// Deeper or circular structures are cut, never passed through: what is not inspected is not shown.
function redactWithin(value: unknown, depth: number, seen: WeakSet<object>): unknown {
  if (value === null || typeof value !== 'object' || value instanceof Date) return value;
  if (depth >= MAX_DEPTH || seen.has(value)) return '[truncated]';
  seen.add(value);
  if (Array.isArray(value)) return value.map((item) => redactWithin(item, depth + 1, seen));
  const copy: Record<string, unknown> = {};
  for (const [key, field] of Object.entries(value)) {
    copy[key] =
      isSecretKey(key) && field !== null && field !== undefined
        ? REDACTED
        : redactWithin(field, depth + 1, seen);
  }
  return copy;
}

/**
 * Whether masking would change `value` as JSON: a secret-named field, a structure deeper than
 * redact() goes, an object met twice, or anything but plain objects, arrays and dates.
 */
export function needsRedaction(value: unknown): boolean {
  return needsRedactionWithin(value, 0, new WeakSet());
}

function needsRedactionWithin(value: unknown, depth: number, seen: WeakSet<object>): boolean {
  if (value === null || typeof value !== 'object' || value instanceof Date) return false;
  if (depth >= MAX_DEPTH || seen.has(value)) return true;
  seen.add(value);
  if (Array.isArray(value)) {
    return value.some((item) => needsRedactionWithin(item, depth + 1, seen));
  }
  const prototype: unknown = Object.getPrototypeOf(value);
  if (prototype !== Object.prototype && prototype !== null) return true;
  for (const key in value) {
    if (!Object.hasOwn(value, key)) continue;
    const field = (value as Record<string, unknown>)[key];
    if (field !== null && field !== undefined && isSecretKey(key)) return true;
    if (needsRedactionWithin(field, depth + 1, seen)) return true;
  }
  return false;
}

// Bodies repeat the same few keys thousands of times: test each name against the pattern once.
const secretKeyCache = new Map<string, boolean>();

function isSecretKey(key: string): boolean {
  let secret = secretKeyCache.get(key);
  if (secret === undefined) {
    secret = isSecretName(key);
    if (secretKeyCache.size < 10_000) secretKeyCache.set(key, secret);
  }
  return secret;
}

/**
 * redact(), then redactText() on every string left: for what Atlassian sends back, which may echo
 * a header or a token in free text (`received Authorization: Bearer …`) as well as by field name.
 */
export function redactEchoes(value: unknown): unknown {
  return maskTextWithin(redact(value));
}

function maskTextWithin(value: unknown): unknown {
  if (typeof value === 'string') return redactText(value);
  if (Array.isArray(value)) return value.map(maskTextWithin);
  if (value === null || typeof value !== 'object' || value instanceof Date) return value;
  return Object.fromEntries(
    Object.entries(value).map(([key, field]) => [key, maskTextWithin(field)]),
  );
}

/** Masks credentials that appear inside free text, such as a header echoed into an error message. */
export function redactText(text: string): string {
  return text
    .replace(/\b(Basic|Bearer)\s+[A-Za-z0-9._~+/=-]+/gi, `$1 ${REDACTED}`)
    .replace(/\bihub_[A-Za-z0-9_-]{20,}/g, REDACTED);
}
