import type { InputContent } from '../content/message-types.js';
import type { RequestFacts, RequestParameters } from '../types.js';

/** Small readers of untrusted JSON values, shared by the wire modules. */

export function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** A token count: a finite number ≥ 0, else undefined. */
export function count(value: unknown): number | undefined {
  return typeof value === 'number' && Number.isFinite(value) && value >= 0 ? value : undefined;
}

type Keys<T> = { [K in keyof RequestParameters]-?: RequestParameters[K] extends T | undefined ? K : never }[keyof RequestParameters];

/** Sets a numeric parameter when the value is a finite number. */
export function setNumber(parameters: RequestParameters, key: Keys<number>, value: unknown): void {
  if (typeof value === 'number' && Number.isFinite(value)) parameters[key] = value;
}

/** Sets a string parameter when the value is a string. */
export function setString(parameters: RequestParameters, key: Keys<string>, value: unknown): void {
  if (typeof value === 'string') (parameters[key] as string) = value;
}

/** Sets a string-list parameter from a string or an array of strings. */
export function setStringArray(parameters: RequestParameters, key: Keys<string[]>, value: unknown): void {
  if (typeof value === 'string') parameters[key] = [value];
  else if (Array.isArray(value) && value.every((item) => typeof item === 'string')) parameters[key] = value as string[];
}

/** A fresh, empty parse result. */
export function emptyResponse(malformed = false): {
  id: string | undefined;
  model: string | undefined;
  finishReasons: string[] | undefined;
  usage: undefined;
  rawUsage: unknown;
  malformed: boolean;
} {
  return { id: undefined, model: undefined, finishReasons: undefined, usage: undefined, rawUsage: undefined, malformed };
}

/** A recognised request the instrumentation sends unchanged (every format but OpenAI chat streams). */
export function unchangedRequest(operation: RequestFacts['operation'], model: unknown, stream: boolean, parameters: RequestParameters): RequestFacts {
  return { operation, model: typeof model === 'string' ? model : undefined, stream, parameters, rewrittenBody: undefined, usageInjected: false };
}

/** Adds the captured input to a parsed request when content capture is on. */
export function withContent(request: RequestFacts, maxLength: number | undefined, read: (maxLength: number) => InputContent): RequestFacts {
  if (maxLength === undefined) return request;
  request.contentMaxLength = maxLength;
  request.input = read(maxLength);
  return request;
}
