/** One server-sent event: an optional `event:` name and its `data`. */
export interface SseEvent {
  event?: string;
  data: string;
}

/** Frames an event as `event: <name>\n` (if named) + `data: <line>\n` per data line + `\n`. */
export function formatSseEvent(sseEvent: SseEvent): string {
  const name = sseEvent.event === undefined ? '' : `event: ${sseEvent.event}\n`;
  const data = sseEvent.data
    .split('\n')
    .map((line) => `data: ${line}\n`)
    .join('');
  return `${name}${data}\n`;
}
