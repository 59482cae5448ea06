import { readUsageIfValid } from '../usage/read-usage.js';
import type { StreamedText } from '../content/parts.js';
import { emptyResponse, isRecord } from '../json/json-values.js';
import type { EventAction, ResponseFacts, StreamParser } from '../types.js';
import { ANTHROPIC_ERROR_TYPES } from './errors.js';
import { readAnthropicUsage } from './usage.js';

const OUTPUT: EventAction = { kind: 'pass', output: true };
const SILENT: EventAction = { kind: 'pass', output: false };

/**
 * `message_start` carries the message (id, model) and the input-side usage; `message_delta` carries
 * the stop reason and usage fields that are cumulative (take the latest value of each field, never
 * add start and delta); `message_stop` ends the message; an `error` event reports a failure
 * (typically `overloaded_error`) after a 200.
 */
export class AnthropicStreamParser implements StreamParser {
  private readonly response: ResponseFacts = emptyResponse();
  private usage: Record<string, unknown> = {};
  private stopped = false;

  constructor(private readonly text: StreamedText | undefined) {}

  onEvent(data: string): EventAction {
    // Hot path: a text delta carries nothing to read unless its text is captured. No JSON.parse.
    if (this.text === undefined && data.startsWith('{"type":"content_block_delta"') && !data.includes('"usage"')) return OUTPUT;
    let event: unknown;
    try {
      event = JSON.parse(data);
    } catch {
      this.response.malformed = true;
      return OUTPUT;
    }
    if (!isRecord(event)) return SILENT;
    switch (event['type']) {
      case 'message_start': {
        const message = event['message'];
        if (isRecord(message)) {
          if (typeof message['id'] === 'string') this.response.id = message['id'];
          if (typeof message['model'] === 'string') this.response.model = message['model'];
          this.mergeUsage(message['usage']);
        }
        return OUTPUT;
      }
      case 'content_block_delta': {
        const delta = event['delta'];
        if (this.text && isRecord(delta) && typeof delta['text'] === 'string') this.text.append(0, delta['text']);
        return OUTPUT;
      }
      case 'message_delta': {
        const delta = event['delta'];
        if (isRecord(delta) && typeof delta['stop_reason'] === 'string') this.response.finishReasons = [delta['stop_reason']];
        this.mergeUsage(event['usage']);
        return SILENT;
      }
      case 'message_stop':
        this.stopped = true;
        return SILENT;
      case 'error': {
        const error = event['error'];
        const type = isRecord(error) && typeof error['type'] === 'string' ? error['type'] : '';
        this.response.errorType = ANTHROPIC_ERROR_TYPES[type] ?? '_OTHER';
        return SILENT;
      }
      default:
        return SILENT;
    }
  }

  /** Fields that are present and not null replace earlier values (they are cumulative). */
  private mergeUsage(usage: unknown): void {
    if (!isRecord(usage)) return;
    for (const [key, value] of Object.entries(usage)) if (value !== null && value !== undefined) this.usage[key] = value;
    this.response.rawUsage = { ...this.usage };
    this.response.usage = readUsageIfValid(readAnthropicUsage, this.usage);
  }

  result(): ResponseFacts & { complete: boolean } {
    const finishReasons = this.response.finishReasons ?? (this.response.id !== undefined ? ['error'] : undefined);
    const output = this.text?.messages(finishReasons ?? ['error']);
    return { ...this.response, finishReasons, ...(output ? { output } : {}), complete: this.stopped };
  }
}
