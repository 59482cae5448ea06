import { emptyResponse, isRecord } from '../json/json-values.js';
import type { EventAction, ResponseFacts, StreamParser } from '../types.js';
import { readResponseObject } from './response.js';

const TERMINAL = new Set(['response.completed', 'response.incomplete', 'response.failed']);

/** Stream events carry a `type`; the response object rides on `response.*` lifecycle events. */
export class ResponsesStreamParser implements StreamParser {
  private readonly response: ResponseFacts = emptyResponse();
  private done = false;

  constructor(private readonly contentMaxLength: number | undefined) {}

  onEvent(data: string): EventAction {
    let event: unknown;
    try {
      event = JSON.parse(data);
    } catch {
      this.response.malformed = true;
      return { kind: 'pass', output: true };
    }
    if (!isRecord(event) || typeof event['type'] !== 'string') return { kind: 'pass', output: false };
    const type = event['type'];
    if (isRecord(event['response'])) readResponseObject(event['response'], this.response, this.contentMaxLength);
    if (TERMINAL.has(type)) this.done = true;
    if (type === 'error') this.response.errorType = '_OTHER';
    return { kind: 'pass', output: type.endsWith('.delta') };
  }

  result(): ResponseFacts & { complete: boolean } {
    const finishReasons = this.response.finishReasons ?? (this.response.id !== undefined ? ['error'] : undefined);
    return { ...this.response, finishReasons, complete: this.done };
  }
}
