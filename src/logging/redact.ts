/** Field names whose values never reach a log: credentials, tokens, keys, passwords. */
const SECRET_KEY =
  /(authorization|cookie|password|secret|token|verifier|api[-_]?key|apikey|private[-_]?key|encryption[-_]?key|credential[-_]?value)/i;

export const REDACTED = '[redacted]';

/** A copy of `value` with every secret-named field masked, at any depth. */
export function redact(value: unknown): unknown {
  return redactWithin(value, 0, new WeakSet());
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
      SECRET_KEY.test(key) && field !== null && field !== undefined
        ? REDACTED
        : redactWithin(field, depth + 1, seen);
  }
  return copy;
}

/** Masks credentials that appear inside free text, such as a header echoed into an error message. */
export function redactText(text: string): string {
  return text
    .replace(/\b(Basic|Bearer)\s+[A-Za-z0-9._~+/=-]+/gi, `$1 ${REDACTED}`)
    .replace(/\bihub_[A-Za-z0-9_-]{20,}/g, REDACTED);
}
