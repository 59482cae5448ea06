// Google's two JSON styles (ESF): bodies are indented by two spaces; stream events are on one line
// with `": "` after every key and nothing after commas:
// {"candidates": [{"content": {"parts": [{"text": "Hi"}],"role": "model"},"index": 0}],…}

/** A complete response body: two-space indentation, as the Gemini API and Vertex AI send it. */
export function googleJsonBody(value: unknown): string {
  return JSON.stringify(value, null, 2);
}

/** One stream event's data: `"key": value` pairs joined by bare commas, on one line. */
export function googleJsonLine(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map((item) => googleJsonLine(item)).join(',')}]`;
  if (typeof value === 'object' && value !== null) {
    const entries = Object.entries(value).filter(([, item]) => item !== undefined);
    return `{${entries.map(([key, item]) => `${JSON.stringify(key)}: ${googleJsonLine(item)}`).join(',')}}`;
  }
  return JSON.stringify(value);
}
