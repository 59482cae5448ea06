/**
 * Error messages from fetch implementations can quote the URL (and with it a `key=` query parameter,
 * as the Gemini API accepts) or a header value: such values are masked before they reach a span.
 */
export function redactSecrets(text: string): string {
  return text
    .replace(/([?&](?:key|api[-_]?key|access_token|token)=)[^&#\s"']+/gi, '$1REDACTED')
    .replace(/(Bearer\s+)[A-Za-z0-9._~+/=-]+/g, '$1REDACTED')
    .replace(/\b(sk-(?:ant-)?)[A-Za-z0-9_-]{8,}/g, '$1REDACTED')
    .replace(/\bAIza[0-9A-Za-z_-]{20,}/g, 'AIzaREDACTED');
}

/** A short description of a failure for the span status; never a body, header or URL query. */
export function failureMessage(error: unknown): string {
  const text = error instanceof Error ? `${error.name}: ${error.message}` : String(error);
  return redactSecrets(text).slice(0, 200);
}
