import { Breaker, type BreakerOutcome } from './breaker.js';
import { publish, type GuardHandle, type GuardSnapshot, type GuardTarget } from './events.js';
import { Limiter } from './limiter.js';
import { retryAfterMs } from '@genai-otel/providers';
import { resolvePolicy, type ResolvedGuardPolicy } from './policy.js';
import type { RecognisedCall } from './recognise.js';
import type { GuardProviderPolicy, GuardReason } from './types.js';

const OTHER_MODEL = '_OTHER';

/** Why a call must not go to the primary now. */
export interface Blocked {
  reason: GuardReason;
  retryAfterMs: number | undefined;
  detail?: string;
}

/** Breaker, 429 cool-down and limiter of one provider and model. */
export class TargetState {
  readonly breaker: Breaker | undefined;
  private cooldownUntil = Number.NEGATIVE_INFINITY;
  /** Body of the request the provider answered 429: its SDK retries pass the cool-down (they waited for it). */
  private cooldownOwner: string | undefined;

  constructor(
    readonly policy: ResolvedGuardPolicy,
    readonly target: GuardTarget,
    readonly limiter: Limiter | undefined,
    guard: GuardHandle,
  ) {
    this.breaker = policy.breaker && new Breaker(policy.breaker, (from, to) => publish(() => ({ type: 'breaker', guard, target, from, to })));
  }

  /** Why `call` must not go to the primary now, if it must not. */
  blocked(call: RecognisedCall): Blocked | undefined {
    const breakerWait = this.breaker?.blockedFor();
    if (breakerWait !== undefined) return { reason: 'circuit_open', retryAfterMs: breakerWait };
    const remaining = this.cooldownUntil - Date.now();
    const ownRetry = call.retryCount > 0 && call.body !== undefined && call.body === this.cooldownOwner;
    if (remaining > 0 && !ownRetry) return { reason: 'rate_limited', retryAfterMs: remaining };
    return undefined;
  }

  /** The primary's answer (`errorType` undefined: success) to a call the breaker let through: feeds breaker and cool-down. */
  settle(call: RecognisedCall, report: ((outcome: BreakerOutcome) => void) | undefined, errorType: string | undefined, headers: Headers | undefined): void {
    report?.(this.breakerOutcome(errorType));
    const rateLimit = this.policy.rateLimit;
    if (rateLimit && errorType === 'rate_limited') {
      const now = Date.now();
      const asked = headers === undefined ? undefined : retryAfterMs(headers, now);
      const until = now + Math.min(asked ?? rateLimit.defaultMs, rateLimit.maxMs);
      if (until >= this.cooldownUntil) {
        this.cooldownUntil = until;
        this.cooldownOwner = call.body;
      }
    } else if (errorType === undefined && call.body !== undefined && call.body === this.cooldownOwner) {
      // The provider took the retry of the call it had limited: the cool-down is over.
      this.cooldownUntil = Number.NEGATIVE_INFINITY;
      this.cooldownOwner = undefined;
    }
  }

  private breakerOutcome(errorType: string | undefined): BreakerOutcome {
    if (errorType === undefined) return 'success';
    return this.policy.breaker?.failureErrorTypes.has(errorType) ? 'failure' : 'ignored';
  }
}

/** The targets of one configured provider, made on first use. */
export class ProviderState {
  private readonly targets = new Map<string, TargetState>();
  private readonly limiters: Array<{ limiter: Limiter; target: GuardTarget }> = [];
  private sharedLimiter: Limiter | undefined;

  constructor(
    readonly name: string,
    private readonly config: GuardProviderPolicy,
    private readonly options: { maxModels: number; warn: (message: string) => void; guard: GuardHandle },
  ) {}

  target(model: string | undefined): TargetState {
    const configured = model !== undefined && this.config.models !== undefined && Object.hasOwn(this.config.models, model);
    let key = model ?? '';
    let existing = this.targets.get(key);
    if (existing) return existing;
    let policyModel = model;
    if (!configured && model !== undefined && this.targets.size >= this.options.maxModels) {
      key = OTHER_MODEL;
      policyModel = undefined;
      existing = this.targets.get(key);
      if (existing) return existing;
    }
    const policy = resolvePolicy(this.config, policyModel, this.options.warn);
    const target: GuardTarget = { provider: this.name, model: key === '' ? undefined : key };
    let limiter: Limiter | undefined;
    if (policy.limiter) {
      if (policy.ownLimiter) {
        limiter = new Limiter(policy.limiter);
        this.limiters.push({ limiter, target });
      } else {
        if (this.sharedLimiter === undefined) {
          this.sharedLimiter = new Limiter(policy.limiter);
          this.limiters.push({ limiter: this.sharedLimiter, target: { provider: this.name, model: undefined } });
        }
        limiter = this.sharedLimiter;
      }
    }
    const state = new TargetState(policy, target, limiter, this.options.guard);
    this.targets.set(key, state);
    return state;
  }

  snapshot(into: GuardSnapshot): void {
    for (const state of this.targets.values()) if (state.breaker) into.breakers.push({ ...state.target, state: state.breaker.state });
    for (const { limiter, target } of this.limiters) into.queues.push({ ...target, length: limiter.queueLength });
  }
}
