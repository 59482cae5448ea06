import type { StreamedText } from '../content/parts.js';
import { emptyResponse, isRecord } from '../json/json-values.js';
import type { EventAction, ResponseFacts, StreamParser } from '../types.js';
import { geminiOutput } from './content.js';
import { readChunk } from './response.js';

/** Each `data:` event is a GenerateContentResponse; the last `usageMetadata` is the call's usage. */
export class GeminiStreamParser implements StreamParser {
  private readonly response: ResponseFacts = emptyResponse();
  private readonly reasons = new Map<number, string>();

  constructor(private readonly text: StreamedText | undefined) {}

  onEvent(data: string): EventAction {
    let chunk: unknown;
    try {
      chunk = JSON.parse(data);
    } catch {
      this.response.malformed = true;
      return { kind: 'pass', output: true };
    }
    if (!isRecord(chunk)) return { kind: 'pass', output: false };
    if (this.text) {
      for (const message of geminiOutput(chunk, Number.MAX_SAFE_INTEGER).entries()) {
        for (const part of message[1].parts) if (part.type === 'text') this.text.append(message[0], part.content);
      }
    }
    return { kind: 'pass', output: readChunk(chunk, this.response, this.reasons) };
  }

  result(): ResponseFacts & { complete: boolean } {
    const output = this.text?.messages(this.response.finishReasons);
    return { ...this.response, ...(output ? { output } : {}), complete: this.reasons.size > 0 };
  }
}
