/** Field names whose values never reach a log: credentials, tokens, keys, passwords. */
const SECRET_KEY =
  /(authorization|cookie|password|secret|token|api[-_]?key|apikey|private[-_]?key|encryption[-_]?key|credential[-_]?value)/i;

export const REDACTED = '[redacted]';

/** A copy of `value` with every secret-named field masked, at any depth. */
export function redact(value: unknown, depth = 0): unknown {
  if (depth > 8 || value === null || typeof value !== 'object') return value;
  if (Array.isArray(value)) return value.map((item) => redact(item, depth + 1));
  if (value instanceof Date) return value;
  const copy: Record<string, unknown> = {};
  for (const [key, field] of Object.entries(value)) {
    copy[key] =
      SECRET_KEY.test(key) && field !== null && field !== undefined
        ? REDACTED
        : redact(field, depth + 1);
  }
  return copy;
}

/** Masks credentials that appear inside free text, such as a header echoed into an error message. */
export function redactText(text: string): string {
  return text
    .replace(/\b(Basic|Bearer)\s+[A-Za-z0-9._~+/=-]+/gi, `$1 ${REDACTED}`)
    .replace(/\bihub_[A-Za-z0-9_-]{20,}/g, REDACTED);
}
