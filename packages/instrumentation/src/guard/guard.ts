import type { Attributes } from '@opentelemetry/api';
import {
  ATTR_GEN_AI_PROVIDER_NAME,
  ATTR_GEN_AI_REQUEST_MODEL,
  ATTR_GENAI_OTEL_GUARD_BREAKER_FROM,
  ATTR_GENAI_OTEL_GUARD_BREAKER_TO,
  ATTR_GENAI_OTEL_GUARD_FALLBACK_SERVER_ADDRESS,
  ATTR_GENAI_OTEL_GUARD_REASON,
} from '../semconv.js';
import type { GuardClock, GuardConfig, GuardProviderPolicy, GuardReason } from '../types.js';
import { readRateLimits } from '../wire/rate-limit-headers.js';
import type { WireFormat } from '../wire/types.js';
import { BREAKER_STATE_VALUES, CircuitBreaker, type BreakerOutcome, type BreakerState, type BreakerTicket } from './circuit-breaker.js';
import { SYSTEM_CLOCK } from './clock.js';
import { GuardRejectedError } from './errors.js';
import { fallbackTarget, type FallbackTarget } from './fallback.js';
import { Limiter } from './limiter.js';
import { resolvePolicy, type ResolvedGuardPolicy } from './policy.js';

/** The guard's metric points, recorded by `record/metrics.ts`. */
export interface GuardTelemetry {
  recordGuardTransition(attributes: Attributes): void;
  recordGuardRejection(attributes: Attributes): void;
  recordGuardFallback(attributes: Attributes): void;
  recordGuardQueueWait(attributes: Attributes, seconds: number): void;
}

/** Current values for the guard's observable gauges. */
export interface GuardObservation {
  breakers: Array<{ attributes: Attributes; state: number }>;
  queues: Array<{ attributes: Attributes; length: number }>;
}

/** One call, as the guard sees it. */
export interface GuardCall {
  provider: string;
  model: string | undefined;
  wire: Pick<WireFormat, 'name' | 'matches'>;
  method: string;
  url: URL;
  /** Identity of the logical call (its operation), the same for its SDK retries. */
  owner: object;
  signal: AbortSignal | undefined;
}

export type GuardDecision =
  /** Not guarded (provider not configured): send unchanged, nothing to report back. */
  | { kind: 'pass' }
  /** Send to the primary; report the attempt's outcome through the permit. */
  | { kind: 'admit'; permit: GuardPermit }
  /** Send to the fallback instead. */
  | { kind: 'fallback'; target: FallbackTarget }
  /** Do not send: fail fast with this error. */
  | { kind: 'reject'; error: GuardRejectedError }
  /** The caller's signal aborted while the call waited. */
  | { kind: 'aborted'; reason: unknown };

/** A call let through to the primary. */
export interface GuardPermit {
  /** The attempt to the primary ended: frees its slot, feeds the breaker, starts a 429 cool-down. Idempotent. */
  release(outcome: { errorType: string | undefined; headers: Headers | undefined }): void;
  /** The fallback to send this call to after the primary failed with `errorType`, when the policy lists it. */
  fallbackAfter(errorType: string): FallbackTarget | undefined;
}

export interface GuardOptions {
  telemetry: GuardTelemetry;
  /** Distinct models per provider that get their own breaker; later ones share `_OTHER`. */
  maxModels: number;
  warn: (message: string) => void;
}

const OTHER_MODEL = '_OTHER';

interface Blocked {
  reason: GuardReason;
  retryAfterMs: number | undefined;
  detail?: string;
}

/** Breaker, cool-down and limiter of one provider and model. */
class TargetState {
  readonly breaker: CircuitBreaker | undefined;
  cooldownUntil = Number.NEGATIVE_INFINITY;
  cooldownOwner: object | undefined;

  constructor(
    readonly policy: ResolvedGuardPolicy,
    readonly attributes: Attributes,
    readonly limiter: Limiter | undefined,
    private readonly clock: GuardClock,
    telemetry: GuardTelemetry,
  ) {
    this.breaker =
      policy.breaker &&
      new CircuitBreaker(policy.breaker, clock, (from: BreakerState, to: BreakerState) =>
        telemetry.recordGuardTransition({ ...attributes, [ATTR_GENAI_OTEL_GUARD_BREAKER_FROM]: from, [ATTR_GENAI_OTEL_GUARD_BREAKER_TO]: to }),
      );
  }

  /** Why a call of `owner` must not go to the primary now, if it must not. */
  blocked(owner: object): Blocked | undefined {
    if (this.breaker && !this.breaker.wouldPass()) return { reason: 'circuit_open', retryAfterMs: this.breaker.retryAfterMs() };
    const remaining = this.cooldownUntil - this.clock.now();
    // The SDK retry of the call that got the 429 waited retry-after itself: it goes through.
    if (remaining > 0 && owner !== this.cooldownOwner) return { reason: 'rate_limited', retryAfterMs: remaining };
    return undefined;
  }
}

/** What the guard keeps per configured provider. */
class ProviderState {
  readonly targets = new Map<string, TargetState>();
  readonly limiters: Array<{ limiter: Limiter; attributes: Attributes }> = [];
  private sharedLimiter: Limiter | undefined;

  constructor(
    readonly name: string,
    readonly config: GuardProviderPolicy,
  ) {}

  target(model: string | undefined, guard: Guard): TargetState {
    const configured = model !== undefined && this.config.models !== undefined && Object.hasOwn(this.config.models, model);
    let key = model ?? '';
    let existing = this.targets.get(key);
    if (existing) return existing;
    let policyModel = model;
    if (!configured && model !== undefined && this.targets.size >= guard.maxModels) {
      key = OTHER_MODEL;
      policyModel = undefined;
      existing = this.targets.get(key);
      if (existing) return existing;
    }
    const policy = resolvePolicy(this.config, policyModel, guard.warn);
    const attributes: Attributes = { [ATTR_GEN_AI_PROVIDER_NAME]: this.name };
    if (key !== '') attributes[ATTR_GEN_AI_REQUEST_MODEL] = key;
    let limiter: Limiter | undefined;
    if (policy.limiter) {
      if (policy.ownLimiter) {
        limiter = new Limiter(policy.limiter, guard.clock);
        this.limiters.push({ limiter, attributes });
      } else {
        if (this.sharedLimiter === undefined) {
          this.sharedLimiter = new Limiter(policy.limiter, guard.clock);
          this.limiters.push({ limiter: this.sharedLimiter, attributes: { [ATTR_GEN_AI_PROVIDER_NAME]: this.name } });
        }
        limiter = this.sharedLimiter;
      }
    }
    const state = new TargetState(policy, attributes, limiter, guard.clock, guard.telemetry);
    this.targets.set(key, state);
    return state;
  }
}

/**
 * The opt-in guard: per configured provider (and model), a circuit breaker, a 429 cool-down, a
 * concurrency limit with pacing and a bounded queue, and a fallback base URL. It decides before a call is
 * sent (`admit`) and learns how the call ended from its permit. It never sends anything itself; the one
 * case in which a request goes out twice is a configured fallback on an `error.type`.
 */
export class Guard {
  readonly clock: GuardClock;
  readonly telemetry: GuardTelemetry;
  readonly maxModels: number;
  readonly warn: (message: string) => void;
  private readonly providers = new Map<string, ProviderState>();

  constructor(config: GuardConfig, options: GuardOptions) {
    this.clock = config.clock ?? SYSTEM_CLOCK;
    this.telemetry = options.telemetry;
    this.maxModels = options.maxModels;
    this.warn = options.warn;
    for (const [name, policy] of Object.entries(config.providers ?? {})) {
      if (policy !== null && typeof policy === 'object') this.providers.set(name, new ProviderState(name, policy));
    }
  }

  async admit(call: GuardCall): Promise<GuardDecision> {
    const provider = this.providers.get(call.provider);
    if (provider === undefined) return { kind: 'pass' };
    if (call.signal?.aborted) return { kind: 'aborted', reason: call.signal.reason };
    const target = provider.target(call.model, this);
    const blocked = target.blocked(call.owner);
    if (blocked) return this.divert(target, call, blocked);

    let releaseSlot: (() => void) | undefined;
    if (target.limiter) {
      const limiter = target.limiter;
      const result = await limiter.acquire(call.signal);
      if (result.kind === 'aborted') return result;
      if (result.kind === 'queue_full') {
        const detail = `${limiter.active} in flight, ${limiter.queueLength} waiting`;
        return this.divert(target, call, { reason: 'queue_full', retryAfterMs: undefined, detail });
      }
      releaseSlot = result.release;
      this.telemetry.recordGuardQueueWait(target.attributes, result.waitedMs / 1000);
      // The breaker may have opened, or a 429 arrived, while the call waited.
      const late = target.blocked(call.owner);
      if (late) {
        releaseSlot();
        return this.divert(target, call, late);
      }
    }
    const ticket = target.breaker?.tryAcquire();
    if (target.breaker && ticket === undefined) {
      releaseSlot?.();
      return this.divert(target, call, { reason: 'circuit_open', retryAfterMs: target.breaker.retryAfterMs() });
    }
    return { kind: 'admit', permit: this.permit(target, call, ticket, releaseSlot) };
  }

  /** Breaker states and queue lengths now, for the observable gauges. */
  observe(): GuardObservation {
    const breakers: GuardObservation['breakers'] = [];
    const queues: GuardObservation['queues'] = [];
    for (const provider of this.providers.values()) {
      for (const target of provider.targets.values()) {
        if (target.breaker) breakers.push({ attributes: target.attributes, state: BREAKER_STATE_VALUES[target.breaker.state] });
      }
      for (const { limiter, attributes } of provider.limiters) queues.push({ attributes, length: limiter.queueLength });
    }
    return { breakers, queues };
  }

  /** Fallback when the policy lists the reason and the request can be redirected; otherwise reject. */
  private divert(target: TargetState, call: GuardCall, blocked: Blocked): GuardDecision {
    const redirected = this.fallback(target, call, blocked.reason);
    if (redirected) return { kind: 'fallback', target: redirected };
    this.telemetry.recordGuardRejection({ ...target.attributes, [ATTR_GENAI_OTEL_GUARD_REASON]: blocked.reason });
    return { kind: 'reject', error: new GuardRejectedError(blocked.reason, call.provider, call.model, blocked.retryAfterMs, blocked.detail) };
  }

  private fallback(target: TargetState, call: GuardCall, reason: string): FallbackTarget | undefined {
    const policy = target.policy.fallback;
    if (policy === undefined || !policy.on.has(reason)) return undefined;
    const redirected = fallbackTarget(policy, call.wire, call.method, call.url, reason);
    if (redirected) {
      this.telemetry.recordGuardFallback({
        ...target.attributes,
        [ATTR_GENAI_OTEL_GUARD_REASON]: reason,
        [ATTR_GENAI_OTEL_GUARD_FALLBACK_SERVER_ADDRESS]: redirected.serverAddress,
      });
    }
    return redirected;
  }

  private permit(target: TargetState, call: GuardCall, ticket: BreakerTicket | undefined, releaseSlot: (() => void) | undefined): GuardPermit {
    let released = false;
    return {
      release: ({ errorType, headers }) => {
        if (released) return;
        released = true;
        releaseSlot?.();
        if (ticket !== undefined) target.breaker?.release(ticket, breakerOutcome(target, errorType));
        const rateLimit = target.policy.rateLimit;
        if (rateLimit && errorType === 'rate_limited') {
          const retryAfter = headers === undefined ? undefined : readRateLimits(headers)?.retryAfter;
          const ms = Math.min(retryAfter === undefined ? rateLimit.defaultMs : retryAfter * 1000, rateLimit.maxMs);
          const until = this.clock.now() + ms;
          if (until >= target.cooldownUntil) {
            target.cooldownUntil = until;
            target.cooldownOwner = call.owner;
          }
        } else if (errorType === undefined && target.cooldownOwner === call.owner) {
          // The provider took the retry of the call it had limited: the cool-down is over.
          target.cooldownUntil = Number.NEGATIVE_INFINITY;
          target.cooldownOwner = undefined;
        }
      },
      fallbackAfter: (errorType) => this.fallback(target, call, errorType),
    };
  }
}

function breakerOutcome(target: TargetState, errorType: string | undefined): BreakerOutcome {
  if (errorType === undefined) return 'success';
  return target.policy.breaker?.failureErrorTypes.has(errorType) ? 'failure' : 'ignored';
}
