/** One server-sent event: an optional `event:` name and its `data`. */
export interface SseEvent {
  event?: string;
  data: string;
}

/** The line ending of an event stream: `\n` (OpenAI, Anthropic) or `\r\n` (Gemini, Vertex AI). */
export type SseLineEnding = '\n' | '\r\n';

/**
 * Frames an event as `event: <name>` (if named) + `data: <line>` per data line + an empty line,
 * every line ended by `eol`.
 */
export function formatSseEvent(sseEvent: SseEvent, eol: SseLineEnding = '\n'): string {
  const name = sseEvent.event === undefined ? '' : `event: ${sseEvent.event}${eol}`;
  const data = sseEvent.data
    .split('\n')
    .map((line) => `data: ${line}${eol}`)
    .join('');
  return `${name}${data}${eol}`;
}
