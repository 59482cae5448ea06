import type { NormalizedUsage } from '../types.js';
import { UsageError } from './usage-error.js';

/** A JSON object (not null, not an array). */
export type JsonObject = Record<string, unknown>;

export function isJsonObject(value: unknown): value is JsonObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** The usage object itself; throws when it is not an object. */
export function usageObject(value: unknown, format: string): JsonObject {
  if (!isJsonObject(value)) {
    throw new UsageError(`${format} usage must be an object, got ${describe(value)}`);
  }
  return value;
}

/** A token count: absent/null → undefined; otherwise a finite number ≥ 0, or a UsageError naming the field. */
export function count(object: JsonObject | undefined, key: string, path: string): number | undefined {
  if (object === undefined) return undefined;
  const value = object[key];
  if (value === undefined || value === null) return undefined;
  if (typeof value !== 'number' || !Number.isFinite(value) || value < 0) {
    throw new UsageError(`${path}.${key} must be a non-negative number, got ${describe(value)}`);
  }
  return value;
}

/** A nested details object: absent/null → undefined; otherwise an object, or a UsageError. */
export function child(object: JsonObject, key: string, path: string): JsonObject | undefined {
  const value = object[key];
  if (value === undefined || value === null) return undefined;
  if (!isJsonObject(value)) throw new UsageError(`${path}.${key} must be an object, got ${describe(value)}`);
  return value;
}

/** A string field, or undefined when absent or not a string. */
export function text(object: JsonObject, key: string): string | undefined {
  const value = object[key];
  return typeof value === 'string' ? value : undefined;
}

/** All counts zero. */
export function emptyUsage(): NormalizedUsage {
  return {
    inputTokens: 0,
    outputTokens: 0,
    cacheReadInputTokens: 0,
    cacheWriteInputTokens: 0,
    cacheWrite5mInputTokens: 0,
    cacheWrite1hInputTokens: 0,
    reasoningOutputTokens: 0,
    inputAudioTokens: 0,
    inputImageTokens: 0,
    inputVideoTokens: 0,
    cacheReadAudioTokens: 0,
    cacheReadImageTokens: 0,
    cacheReadVideoTokens: 0,
    outputAudioTokens: 0,
    outputImageTokens: 0,
    webSearchCalls: 0,
  };
}

function describe(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'an array';
  if (typeof value === 'string') return JSON.stringify(value.length > 40 ? `${value.slice(0, 40)}…` : value);
  if (typeof value === 'object') return 'an object';
  return String(value);
}
