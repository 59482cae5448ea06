import type { Attributes } from '@opentelemetry/api';
import type { InputContent } from './message-types.js';
import type { ParsedRequest } from './types.js';

/** Small readers of untrusted JSON values, shared by the wire modules. */

export function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** A token count: a finite number ≥ 0, else undefined. */
export function count(value: unknown): number | undefined {
  return typeof value === 'number' && Number.isFinite(value) && value >= 0 ? value : undefined;
}

export function setNumber(attributes: Attributes, key: string, value: unknown): void {
  if (typeof value === 'number' && Number.isFinite(value)) attributes[key] = value;
}

export function setString(attributes: Attributes, key: string, value: unknown): void {
  if (typeof value === 'string') attributes[key] = value;
}

export function setStringArray(attributes: Attributes, key: string, value: unknown): void {
  if (typeof value === 'string') attributes[key] = [value];
  else if (Array.isArray(value) && value.every((item) => typeof item === 'string')) attributes[key] = value as string[];
}

/** A fresh, empty parse result. */
export function emptyResponse(malformed = false): {
  id: string | undefined;
  model: string | undefined;
  finishReasons: string[] | undefined;
  usage: undefined;
  rawUsage: unknown;
  attributes: Attributes;
  malformed: boolean;
} {
  return { id: undefined, model: undefined, finishReasons: undefined, usage: undefined, rawUsage: undefined, attributes: {}, malformed };
}

/** A recognised request the instrumentation sends unchanged (every format but OpenAI chat streams). */
export function unchangedRequest(operation: string, model: unknown, stream: boolean, attributes: Attributes): ParsedRequest {
  return { operation, model: typeof model === 'string' ? model : undefined, stream, attributes, rewrittenBody: undefined, usageInjected: false };
}

/** Adds the captured input to a parsed request when content capture is on. */
export function withContent(request: ParsedRequest, maxLength: number | undefined, read: (maxLength: number) => InputContent): ParsedRequest {
  if (maxLength === undefined) return request;
  request.contentMaxLength = maxLength;
  request.input = read(maxLength);
  return request;
}
