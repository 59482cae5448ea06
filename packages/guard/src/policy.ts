import type { GuardBreakerPolicy, GuardFallbackPolicy, GuardPolicy, GuardProviderPolicy, GuardRateLimitPolicy } from './types.js';

export interface ResolvedBreakerPolicy {
  failureRatio: number;
  minimumCalls: number;
  windowMs: number;
  openMs: number;
  halfOpenCalls: number;
  failureErrorTypes: ReadonlySet<string>;
}

export interface ResolvedRateLimitPolicy {
  defaultMs: number;
  maxMs: number;
}

export interface ResolvedLimiterPolicy {
  /** `Infinity` when unlimited. */
  maxConcurrent: number;
  /** Minimum spacing between request starts (ms); 0 when unpaced. */
  intervalMs: number;
  maxQueue: number;
}

export interface ResolvedFallbackPolicy {
  baseURL: string;
  primaryBaseURL: string | undefined;
  on: ReadonlySet<string>;
  wireFormats: ReadonlySet<string> | undefined;
  headers: Readonly<Record<string, string>>;
}

/** A provider's (or model's) policy with every default applied. */
export interface ResolvedGuardPolicy {
  breaker: ResolvedBreakerPolicy | undefined;
  rateLimit: ResolvedRateLimitPolicy | undefined;
  /** Undefined when neither a concurrency limit nor pacing is configured. */
  limiter: ResolvedLimiterPolicy | undefined;
  fallback: ResolvedFallbackPolicy | undefined;
  /** True when a model override sets limiter options: the model gets its own limiter. */
  ownLimiter: boolean;
}

export const BREAKER_DEFAULTS = {
  failureRatio: 0.5,
  minimumCalls: 10,
  windowMs: 60_000,
  openMs: 30_000,
  halfOpenCalls: 1,
  failureErrorTypes: ['server_error', 'overloaded', 'timeout'],
} as const;

export const RATE_LIMIT_DEFAULTS = { defaultMs: 1_000, maxMs: 60_000 } as const;

export const DEFAULT_MAX_QUEUE = 100;

const LIMITER_KEYS = ['maxConcurrent', 'requestsPerSecond', 'maxQueue'] as const;

/** The policy for `model` of `provider`: the provider's, with the model's overrides merged over it. */
export function resolvePolicy(provider: GuardProviderPolicy, model: string | undefined, warn: (message: string) => void): ResolvedGuardPolicy {
  const override: Partial<GuardPolicy> | undefined = model === undefined ? undefined : ownEntry(provider.models, model);
  const merged: GuardPolicy = { ...provider };
  let ownLimiter = false;
  if (override !== undefined) {
    merged.breaker = mergeSection(provider.breaker, override.breaker);
    merged.rateLimitCooldown = mergeSection(provider.rateLimitCooldown, override.rateLimitCooldown);
    for (const key of ['maxConcurrent', 'requestsPerSecond', 'maxQueue', 'fallback'] as const) {
      if (override[key] !== undefined) (merged as Record<string, unknown>)[key] = override[key];
    }
    ownLimiter = LIMITER_KEYS.some((key) => override[key] !== undefined);
  }
  return {
    breaker: merged.breaker === false ? undefined : resolveBreaker(merged.breaker ?? {}, warn),
    rateLimit: merged.rateLimitCooldown === false ? undefined : resolveRateLimit(merged.rateLimitCooldown ?? {}, warn),
    limiter: resolveLimiter(merged, warn),
    fallback: merged.fallback === undefined ? undefined : resolveFallback(merged.fallback, warn),
    ownLimiter,
  };
}

function ownEntry<T>(record: Record<string, T> | undefined, key: string): T | undefined {
  return record !== undefined && Object.hasOwn(record, key) ? record[key] : undefined;
}

function mergeSection<T extends object>(base: T | false | undefined, over: T | false | undefined): T | false | undefined {
  if (over === undefined) return base;
  if (over === false) return false;
  return { ...(base === false || base === undefined ? {} : base), ...over };
}

function resolveBreaker(policy: GuardBreakerPolicy, warn: (message: string) => void): ResolvedBreakerPolicy {
  const failureTypes = Array.isArray(policy.failureErrorTypes) ? policy.failureErrorTypes.filter((type) => typeof type === 'string') : undefined;
  return {
    failureRatio: checked('breaker.failureRatio', policy.failureRatio, BREAKER_DEFAULTS.failureRatio, (v) => v > 0 && v <= 1, warn),
    minimumCalls: checked('breaker.minimumCalls', policy.minimumCalls, BREAKER_DEFAULTS.minimumCalls, (v) => Number.isInteger(v) && v >= 1, warn),
    windowMs: checked('breaker.windowMs', policy.windowMs, BREAKER_DEFAULTS.windowMs, (v) => v > 0, warn),
    openMs: checked('breaker.openMs', policy.openMs, BREAKER_DEFAULTS.openMs, (v) => v >= 0, warn),
    halfOpenCalls: checked('breaker.halfOpenCalls', policy.halfOpenCalls, BREAKER_DEFAULTS.halfOpenCalls, (v) => Number.isInteger(v) && v >= 1, warn),
    failureErrorTypes: new Set(failureTypes ?? BREAKER_DEFAULTS.failureErrorTypes),
  };
}

function resolveRateLimit(policy: GuardRateLimitPolicy, warn: (message: string) => void): ResolvedRateLimitPolicy {
  return {
    defaultMs: checked('rateLimitCooldown.defaultMs', policy.defaultMs, RATE_LIMIT_DEFAULTS.defaultMs, (v) => v >= 0, warn),
    maxMs: checked('rateLimitCooldown.maxMs', policy.maxMs, RATE_LIMIT_DEFAULTS.maxMs, (v) => v >= 0, warn),
  };
}

function resolveLimiter(policy: GuardPolicy, warn: (message: string) => void): ResolvedLimiterPolicy | undefined {
  const maxConcurrent =
    policy.maxConcurrent === undefined ? Infinity : checked('maxConcurrent', policy.maxConcurrent, Infinity, (v) => Number.isInteger(v) && v >= 1, warn);
  const rps = policy.requestsPerSecond === undefined ? undefined : checked('requestsPerSecond', policy.requestsPerSecond, Number.NaN, (v) => v > 0, warn);
  const intervalMs = rps === undefined || Number.isNaN(rps) ? 0 : 1000 / rps;
  if (maxConcurrent === Infinity && intervalMs === 0) return undefined;
  const maxQueue = checked('maxQueue', policy.maxQueue, DEFAULT_MAX_QUEUE, (v) => Number.isInteger(v) && v >= 0, warn);
  return { maxConcurrent, intervalMs, maxQueue };
}

function resolveFallback(policy: GuardFallbackPolicy, warn: (message: string) => void): ResolvedFallbackPolicy | undefined {
  const baseURL = typeof policy.baseURL === 'string' ? policy.baseURL.replace(/\/+$/, '') : '';
  if (!URL.canParse(baseURL)) {
    warn(`genai-otel guard: fallback.baseURL ${JSON.stringify(policy.baseURL)} is not a URL; no fallback`);
    return undefined;
  }
  let primaryBaseURL: string | undefined;
  if (policy.primaryBaseURL !== undefined) {
    primaryBaseURL = String(policy.primaryBaseURL).replace(/\/+$/, '');
    if (!URL.canParse(primaryBaseURL)) {
      warn(`genai-otel guard: fallback.primaryBaseURL ${JSON.stringify(policy.primaryBaseURL)} is not a URL; no fallback`);
      return undefined;
    }
  }
  return {
    baseURL,
    primaryBaseURL,
    on: new Set(Array.isArray(policy.on) ? policy.on : ['circuit_open']),
    wireFormats: Array.isArray(policy.wireFormats) ? new Set(policy.wireFormats) : undefined,
    headers: { ...policy.headers },
  };
}

function checked(name: string, value: number | undefined, fallback: number, valid: (value: number) => boolean, warn: (message: string) => void): number {
  if (value === undefined) return fallback;
  if (typeof value === 'number' && Number.isFinite(value) && valid(value)) return value;
  warn(`genai-otel guard: invalid ${name} ${JSON.stringify(value)}; using ${fallback}`);
  return fallback;
}
