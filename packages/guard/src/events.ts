import { channel } from 'node:diagnostics_channel';
import type { GuardRejectedError } from './errors.js';
import type { FetchInput, GuardReason } from './types.js';

/**
 * The `node:diagnostics_channel` the guard publishes its decisions on, one {@link GuardEvent} per message. It is
 * how `@genai-otel/instrumentation` learns what the guard did (spans and `genai_otel.guard.*` metrics) without
 * either package depending on the other, as undici reports requests to `@opentelemetry/instrumentation-undici`.
 * Messages are published synchronously, in the async context of the call they describe.
 */
export const GUARD_CHANNEL = 'genai-otel:guard';

/** The provider and model a policy applies to (`model`: the key of its breaker, `_OTHER` past `maxModels`). */
export interface GuardTarget {
  provider: string;
  model: string | undefined;
}

export type BreakerState = 'closed' | 'open' | 'half_open';

/** What a guard holds now, read by the instrumentation's observable gauges. */
export interface GuardSnapshot {
  breakers: Array<GuardTarget & { state: BreakerState }>;
  /** One per limiter: a provider's shared one (`model` undefined) or a model's own. */
  queues: Array<GuardTarget & { length: number }>;
}

/** The guard a message comes from; `snapshot()` is cheap and never throws. */
export interface GuardHandle {
  snapshot(): GuardSnapshot;
}

/** The caller's request as it was given to the guard's fetch. */
export interface GuardRequest {
  input: FetchInput;
  init: RequestInit | undefined;
}

export type GuardEvent =
  /** Every guard publishes this once, when it is made (a late subscriber learns of it from its next message). */
  | { type: 'created'; guard: GuardHandle }
  /** The guard was closed: it holds nothing any more (its gauges end). */
  | { type: 'closed'; guard: GuardHandle }
  /** The call was turned away: `fetch` throws `error` and nothing was sent. */
  | { type: 'rejected'; guard: GuardHandle; target: GuardTarget; reason: GuardReason; error: GuardRejectedError; request: GuardRequest }
  /** The caller's signal aborted while the call waited in a queue: `fetch` throws `error` and nothing was sent. */
  | { type: 'aborted'; guard: GuardHandle; target: GuardTarget; error: unknown; request: GuardRequest }
  /** The call got its concurrency slot and pacing turn after `waitedMs` (0: at once). Only for limited targets. */
  | { type: 'admitted'; guard: GuardHandle; target: GuardTarget; waitedMs: number }
  /**
   * The call goes to the fallback instead (`reason`: a guard reason, or the failed primary attempt's `error.type`).
   * `sent` is the request the guard passes to its `fetch` next: an observer below the guard knows it by `sent.init`.
   */
  | {
      type: 'fallback';
      guard: GuardHandle;
      target: GuardTarget;
      reason: string;
      server: { address: string; port: number };
      request: GuardRequest;
      sent: { input: string; init: RequestInit };
    }
  /** A circuit breaker changed state. */
  | { type: 'breaker'; guard: GuardHandle; target: GuardTarget; from: BreakerState; to: BreakerState };

const guardChannel = channel(GUARD_CHANNEL);

/** Publishes `event` when someone listens; an observer's exception never reaches the call. */
export function publish(event: GuardEvent | (() => GuardEvent)): void {
  if (!guardChannel.hasSubscribers) return;
  try {
    guardChannel.publish(typeof event === 'function' ? event() : event);
  } catch {
    // diagnostics_channel reports subscriber errors on process 'uncaughtException'; nothing to do here
  }
}
