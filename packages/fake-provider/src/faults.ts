import type { FaultKind, FaultSchedule, FaultSpec } from './types.js';

/** Request header carrying a fault spec. */
export const FAULT_HEADER = 'x-fake-fault';

/** Model-name suffix carrying a fault spec, for clients that cannot set headers. */
export const MODEL_FAULT_MARKER = '+fault=';

/** Result of parsing a fault spec: the fault, or a message for a 400 response. */
export type FaultParseResult = { ok: true; fault: FaultSpec } | { ok: false; message: string };

/** Integer parameters each kind accepts, with their defaults (`undefined`: optional, no default). */
const PARAMETERS: Record<FaultKind, Record<string, number | undefined>> = {
  '404': {},
  '429': { 'retry-after': 1, 'retry-after-ms': undefined },
  '500': {},
  '503': {},
  '529': { 'retry-after': 1, 'retry-after-ms': undefined },
  hang: {},
  reset: { after: 2 },
  'malformed-json': {},
  'malformed-sse': { at: 1 },
  'stream-error': { after: 2 },
  gzip: {},
  brotli: {},
  slow: { 'ttfb-ms': 250, 'chunk-delay-ms': 25, 'body-delay-ms': undefined },
};

/** Parameters every kind accepts: the attempt schedule (`times` an integer, `key` a name). */
const SCHEDULE_PARAMETERS = ['times', 'key'] as const;

/** What a `key=` value may contain. */
const KEY_PATTERN = /^[A-Za-z0-9._:-]+$/;

const KINDS = Object.keys(PARAMETERS) as FaultKind[];

function isFaultKind(value: string): value is FaultKind {
  return (KINDS as string[]).includes(value);
}

/**
 * Parses `<kind>[;key=value]*`, e.g. `429;retry-after=0` or `slow;ttfb-ms=50;chunk-delay-ms=5`.
 * Every kind also takes `times=<n>` and `key=<name>` (see {@link FaultSchedule}). Unknown kinds,
 * unknown keys and values that are not non-negative integers (names for `key`) are rejected.
 */
export function parseFaultSpec(spec: string): FaultParseResult {
  const [rawKind = '', ...rawParameters] = spec.split(';').map((part) => part.trim());
  if (!isFaultKind(rawKind)) {
    return { ok: false, message: `Unknown fault kind '${rawKind}'. Known kinds: ${KINDS.join(', ')}.` };
  }
  const accepted = PARAMETERS[rawKind];
  const values: Record<string, number | undefined> = { ...accepted };
  const schedule: FaultSchedule = {};
  for (const rawParameter of rawParameters) {
    if (rawParameter === '') continue;
    const separator = rawParameter.indexOf('=');
    const key = separator === -1 ? rawParameter : rawParameter.slice(0, separator).trim();
    const rawValue = separator === -1 ? '' : rawParameter.slice(separator + 1).trim();
    if (key === 'key') {
      if (!KEY_PATTERN.test(rawValue)) {
        return { ok: false, message: `Fault parameter 'key' must match ${KEY_PATTERN.source}, got '${rawValue}'.` };
      }
      schedule.key = rawValue;
      continue;
    }
    if (!(key in accepted) && key !== 'times') {
      const known = [...Object.keys(accepted), ...SCHEDULE_PARAMETERS].join(', ');
      return { ok: false, message: `Fault '${rawKind}' has no parameter '${key}' (accepted: ${known}).` };
    }
    if (!/^\d+$/.test(rawValue)) {
      return { ok: false, message: `Fault parameter '${key}' must be a non-negative integer, got '${rawValue}'.` };
    }
    if (key === 'times') schedule.times = Number(rawValue);
    else values[key] = Number(rawValue);
  }
  return { ok: true, fault: { ...toFaultSpec(rawKind, values), ...schedule } };
}

function toFaultSpec(kind: FaultKind, values: Record<string, number | undefined>): FaultSpec {
  const value = (key: string): number => values[key] ?? 0;
  switch (kind) {
    case '429':
    case '529': {
      const retryAfterMs = values['retry-after-ms'];
      return retryAfterMs === undefined ? { kind, retryAfterSeconds: value('retry-after') } : { kind, retryAfterSeconds: value('retry-after'), retryAfterMs };
    }
    case 'reset':
      return { kind, afterEvents: value('after') };
    case 'malformed-sse':
      return { kind, atEvent: value('at') };
    case 'stream-error':
      return { kind, afterEvents: value('after') };
    case 'slow': {
      const bodyDelayMs = values['body-delay-ms'];
      const slow = { kind, ttfbMs: value('ttfb-ms'), chunkDelayMs: value('chunk-delay-ms') };
      return bodyDelayMs === undefined ? slow : { ...slow, bodyDelayMs };
    }
    case '404':
    case '500':
    case '503':
    case 'hang':
    case 'malformed-json':
    case 'gzip':
    case 'brotli':
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
