/**
 * `@opentelemetry/instrumentation-undici` records `url.full` and `url.query` as sent, and the Gemini
 * REST API (like many signed-URL schemes) takes the API key as a `key=` query parameter. The HTTP
 * semantic conventions say to replace the values of sensitive query parameters with `REDACTED`; this
 * start-span hook does that, for the parameters below, before the span starts.
 */
const SENSITIVE = new Set(['key', 'api_key', 'apikey', 'api-key', 'access_token', 'token', 'sig', 'signature', 'x-goog-signature', 'awsaccesskeyid']);

/** The `url.full` / `url.query` attributes with sensitive values replaced, or nothing when there are none. */
export function redactedUrlAttributes(request: { origin: string; path: string }): Record<string, string> {
  const question = request.path.indexOf('?');
  if (question === -1) return {};
  const search = new URLSearchParams(request.path.slice(question + 1));
  let redacted = false;
  for (const name of [...search.keys()]) {
    if (SENSITIVE.has(name.toLowerCase())) {
      search.set(name, 'REDACTED');
      redacted = true;
    }
  }
  if (!redacted) return {};
  const query = `?${search.toString()}`;
  return { 'url.full': `${request.origin}${request.path.slice(0, question)}${query}`, 'url.query': query };
}
