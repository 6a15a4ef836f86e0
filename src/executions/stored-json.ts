import { redact } from '../logging/redact';

/** Large bodies are cut so one execution can never bloat the history. */
export const MAX_STORED_JSON_CHARS = 16 * 1024;

export function toStoredJson(value: unknown): string {
  const json = JSON.stringify(redact(value)) ?? 'null';
  if (json.length <= MAX_STORED_JSON_CHARS) return json;
  return JSON.stringify({
    truncated: true,
    originalLength: json.length,
    // Half the limit: escaping the preview's quotes can at most double it.
    preview: json.slice(0, MAX_STORED_JSON_CHARS / 2),
  });
}

export function fromStoredJson(json: string | null): unknown {
  return json === null ? null : JSON.parse(json);
}
