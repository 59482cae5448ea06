import type { FaultSpec } from './types.js';

/** Header the OpenAI and Anthropic SDKs (Stainless-generated) send: 0 on the first attempt, +1 per retry. */
export const RETRY_COUNT_HEADER = 'x-stainless-retry-count';

/** Server-side attempt counters for fault `key=` values; one per provider, cleared by `reset()`. */
export class KeyedAttempts {
  readonly #counts = new Map<string, number>();

  /** Counts one more request with `key`; returns its 1-based attempt number. */
  next(key: string): number {
    const attempt = (this.#counts.get(key) ?? 0) + 1;
    this.#counts.set(key, attempt);
    return attempt;
  }

  clear(): void {
    this.#counts.clear();
  }
}

/** The 1-based attempt a `x-stainless-retry-count` value stands for, if it is a non-negative integer. */
export function attemptFromRetryCount(header: string | undefined): number | undefined {
  return header !== undefined && /^\d+$/.test(header.trim()) ? Number(header.trim()) + 1 : undefined;
}

/** Whether the fault applies to this attempt, and the attempt number when it is known. */
export type ScheduleResult = { ok: true; fault: FaultSpec | undefined; attempt: number | undefined } | { ok: false; message: string };

/**
 * Applies a fault's schedule. The attempt is counted per `key=` when the fault has one (each call
 * counts, so do it once per request), else read from `x-stainless-retry-count`. A fault with
 * `times=N` applies to attempts 1…N only; it needs one of the two ways of counting.
 */
export function scheduleFault(fault: FaultSpec | undefined, retryCountHeader: string | undefined, keyed: KeyedAttempts): ScheduleResult {
  const attempt = fault?.key === undefined ? attemptFromRetryCount(retryCountHeader) : keyed.next(fault.key);
  if (fault?.times === undefined) return { ok: true, fault, attempt };
  if (attempt === undefined) {
    return {
      ok: false,
      message: `Fault parameter 'times' needs a way to count attempts: add 'key=<name>' to the fault, or send the ${RETRY_COUNT_HEADER} header.`,
    };
  }
  return { ok: true, fault: attempt <= fault.times ? fault : undefined, attempt };
}
