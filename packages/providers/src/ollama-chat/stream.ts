import { StreamedText } from '../content/parts.js';
import { emptyResponse, isRecord } from '../json/json-values.js';
import type { EventAction, ResponseFacts, StreamParser } from '../types.js';
import { readOllamaChatObject } from './response.js';

/**
 * An Ollama chat stream: one JSON object per NDJSON line (`application/x-ndjson`); the lines with
 * `message.content` (or `message.thinking`) are output, the `"done": true` line carries the finish
 * reason and the metrics, and an `{"error"}` line ends a stream that failed after it started. The
 * stream is complete when its `done` line arrived.
 */
export class OllamaChatStreamParser implements StreamParser {
  private readonly response: ResponseFacts = emptyResponse();
  private done = false;

  constructor(private readonly text: StreamedText | undefined) {}

  onEvent(data: string): EventAction {
    let line: unknown;
    try {
      line = JSON.parse(data);
    } catch {
      this.response.malformed = true;
      return { kind: 'pass', output: true };
    }
    if (!isRecord(line)) return { kind: 'pass', output: false };
    const message = isRecord(line['message']) ? line['message'] : {};
    const content = typeof message['content'] === 'string' ? message['content'] : '';
    const thinking = typeof message['thinking'] === 'string' ? message['thinking'] : '';
    if (content !== '') this.text?.append(0, content);
    const output = content !== '' || thinking !== '' || Array.isArray(message['tool_calls']);
    if (!readOllamaChatObject(line, this.response)) return { kind: 'pass', output };
    // The done line (or an in-band error line) ends the response.
    if (line['done'] === true) this.done = true;
    return { kind: 'pass', output, last: true };
  }

  result(): ResponseFacts & { complete: boolean } {
    const output = this.text?.messages(this.response.finishReasons);
    return { ...this.response, ...(output ? { output } : {}), complete: this.done };
  }
}

/** The stream parser of a request, collecting the reply's text when content is captured. */
export function ollamaChatStreamParser(contentMaxLength: number | undefined): OllamaChatStreamParser {
  return new OllamaChatStreamParser(contentMaxLength === undefined ? undefined : new StreamedText(contentMaxLength));
}
