import type { TokenUsage } from '../types.js';
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

function describe(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'an array';
  if (typeof value === 'string') return JSON.stringify(value.length > 40 ? `${value.slice(0, 40)}…` : value);
  if (typeof value === 'object') return 'an object';
  return String(value);
}

/** A usage with its totals and only the subsets that are defined (the provider reported them). */
export function reported(usage: TokenUsage): TokenUsage {
  const out: TokenUsage = { inputTokens: usage.inputTokens, outputTokens: usage.outputTokens };
  // for…in, not Object.entries: no array of pairs per usage read (a reader's literal has no inherited members).
  for (const key in usage) {
    const value = usage[key as keyof TokenUsage];
    if (value !== undefined) (out as unknown as Record<string, unknown>)[key] = value;
  }
  return out;
}
