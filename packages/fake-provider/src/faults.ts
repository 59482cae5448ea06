import type { FaultKind, FaultSpec } from './types.js';

/** Request header carrying a fault spec. */
export const FAULT_HEADER = 'x-fake-fault';

/** Model-name suffix carrying a fault spec, for clients that cannot set headers. */
export const MODEL_FAULT_MARKER = '+fault=';

/** Result of parsing a fault spec: the fault, or a message for a 400 response. */
export type FaultParseResult = { ok: true; fault: FaultSpec } | { ok: false; message: string };

/** Parameters each kind accepts, with their defaults. */
const PARAMETERS: Record<FaultKind, Record<string, number>> = {
  '429': { 'retry-after': 1 },
  '500': {},
  '503': {},
  hang: {},
  reset: { after: 2 },
  'malformed-json': {},
  'malformed-sse': { at: 1 },
  gzip: {},
  slow: { 'ttfb-ms': 250, 'chunk-delay-ms': 25 },
};

const KINDS = Object.keys(PARAMETERS) as FaultKind[];

function isFaultKind(value: string): value is FaultKind {
  return (KINDS as string[]).includes(value);
}

/**
 * Parses `<kind>[;key=value]*`, e.g. `429;retry-after=0` or `slow;ttfb-ms=50;chunk-delay-ms=5`.
 * Unknown kinds, unknown keys and values that are not non-negative integers are rejected.
 */
export function parseFaultSpec(spec: string): FaultParseResult {
  const [rawKind = '', ...rawParameters] = spec.split(';').map((part) => part.trim());
  if (!isFaultKind(rawKind)) {
    return { ok: false, message: `Unknown fault kind '${rawKind}'. Known kinds: ${KINDS.join(', ')}.` };
  }
  const values: Record<string, number> = { ...PARAMETERS[rawKind] };
  for (const rawParameter of rawParameters) {
    if (rawParameter === '') continue;
    const separator = rawParameter.indexOf('=');
    const key = separator === -1 ? rawParameter : rawParameter.slice(0, separator).trim();
    const rawValue = separator === -1 ? '' : rawParameter.slice(separator + 1).trim();
    if (!(key in values)) {
      const known = Object.keys(PARAMETERS[rawKind]);
      const accepted = known.length === 0 ? 'none' : known.join(', ');
      return { ok: false, message: `Fault '${rawKind}' has no parameter '${key}' (accepted: ${accepted}).` };
    }
    if (!/^\d+$/.test(rawValue)) {
      return { ok: false, message: `Fault parameter '${key}' must be a non-negative integer, got '${rawValue}'.` };
    }
    values[key] = Number(rawValue);
  }
  return { ok: true, fault: toFaultSpec(rawKind, values) };
}

function toFaultSpec(kind: FaultKind, values: Record<string, number>): FaultSpec {
  const value = (key: string): number => values[key] ?? 0;
  switch (kind) {
    case '429':
      return { kind, retryAfterSeconds: value('retry-after') };
    case 'reset':
      return { kind, afterEvents: value('after') };
    case 'malformed-sse':
      return { kind, atEvent: value('at') };
    case 'slow':
      return { kind, ttfbMs: value('ttfb-ms'), chunkDelayMs: value('chunk-delay-ms') };
    case '500':
    case '503':
    case 'hang':
    case 'malformed-json':
    case 'gzip':
      return { kind };
  }
}

/** A model name split into the real model and the fault spec of a `+fault=` suffix, if any. */
export interface ModelWithFault {
  model: string;
  faultSpec?: string;
}

/** Splits `gpt-4o-mini+fault=429;retry-after=0` into `gpt-4o-mini` and `429;retry-after=0`. */
export function splitModelFault(model: string): ModelWithFault {
  const marker = model.indexOf(MODEL_FAULT_MARKER);
  if (marker === -1) return { model };
  return { model: model.slice(0, marker), faultSpec: model.slice(marker + MODEL_FAULT_MARKER.length) };
}
