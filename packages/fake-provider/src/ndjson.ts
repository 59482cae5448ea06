// Newline-delimited JSON framing: one compact JSON value per line, each line ended by `\n`, no
// end marker. Ollama streams this way with `Content-Type: application/x-ndjson`
// (ollama/ollama server/routes.go `streamResponse`: `json.Marshal(val)`, then `append(bts, '\n')`).

/** The content type of an NDJSON stream, as Ollama sends it. */
export const NDJSON_CONTENT_TYPE = 'application/x-ndjson';

/** Frames one value (already compact JSON, no line break inside) as an NDJSON line. */
export function formatNdjsonLine(json: string): string {
  if (json.includes('\n')) throw new Error('an NDJSON line cannot contain a line break');
  return `${json}\n`;
}
