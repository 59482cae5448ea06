/*
 * Spend that could have been saved (README "Avoidable spend"): exact repeats of answered requests (what a response
 * cache would have answered), what prompt caching saved, prompt-cache misses and Anthropic cache writes never read.
 * Reads only the call record, the parsed request's parameters and keyed digests; never request or response content.
 */
import type { Attributes, DiagLogger } from '@opentelemetry/api';
import { RequestFingerprinter, type PromptPrefixes, type RequestFingerprint } from '../capture/request-fingerprint.js';
import {
  ATTR_GENAI_OTEL_PROMPT_CACHE_TTL,
  ATTR_GENAI_OTEL_REQUEST_SAMPLING,
  GEN_AI_OPERATION_NAME_VALUE_EMBEDDINGS,
  GENAI_OTEL_REQUEST_SAMPLING_VALUE_FIXED,
  GENAI_OTEL_REQUEST_SAMPLING_VALUE_VARIED,
  METRIC_GENAI_OTEL_PROMPT_CACHE_MISS_COST,
  METRIC_GENAI_OTEL_PROMPT_CACHE_MISSES,
  METRIC_GENAI_OTEL_PROMPT_CACHE_SAVINGS,
  METRIC_GENAI_OTEL_PROMPT_CACHE_UNREAD_WRITE_COST,
  METRIC_GENAI_OTEL_PROMPT_CACHE_UNREAD_WRITES,
  METRIC_GENAI_OTEL_REPEAT_COST,
  METRIC_GENAI_OTEL_REPEATS,
} from '../semconv.js';
import type { AvoidableSpendConfig, GenAIInstrumentationConfig } from '../types.js';
import { canonicalRequest, type ProviderApi, type RequestFacts } from '@genai-otel/providers';
import { metricAttributes, type CallRecord } from './call-record.js';
import { PendingCacheWrites, promptCacheMiss, promptCacheSavings, promptCacheWrites, cacheReadTokens } from './prompt-cache.js';
import type { MetricPoints } from './metric-store.js';
import { RepeatTable } from './repeat-table.js';
import type { Series } from './series.js';

export interface ResolvedAvoidableSpend {
  repeatWindowSeconds: number;
  repeatCapacity: number;
  maxPendingCacheWrites: number;
}

/** The option with its defaults and env; undefined when turned off (`avoidableSpend: false`, `GENAI_OTEL_AVOIDABLE_SPEND=false`). */
export function resolveAvoidableSpend(config: GenAIInstrumentationConfig, env: NodeJS.ProcessEnv = process.env): ResolvedAvoidableSpend | undefined {
  const option = config.avoidableSpend;
  if (option === false || (option === undefined && env['GENAI_OTEL_AVOIDABLE_SPEND']?.trim().toLowerCase() === 'false')) return undefined;
  const given: AvoidableSpendConfig = option === true || option === undefined ? {} : option;
  return {
    repeatWindowSeconds: positive(given.repeatWindowSeconds ?? numberFrom(env['GENAI_OTEL_REPEAT_WINDOW_SECONDS']), 3600),
    repeatCapacity: positive(given.repeatCapacity ?? numberFrom(env['GENAI_OTEL_REPEAT_CAPACITY']), 32_768),
    maxPendingCacheWrites: positive(given.maxPendingCacheWrites, 4096),
  };
}

/** What the capture layer keeps of a request for this module: keyed digests only. */
export interface RequestDigests {
  fingerprint: RequestFingerprint | undefined;
  prefixes: PromptPrefixes | undefined;
}

/**
 * `fixed`: the request asks for one reproducible answer — temperature 0, greedy top_k 1, a seed, or no sampling at all
 * (embeddings) — so a cached answer is the answer it would get. `varied`: sampling makes answers differ (temperature
 * above 0 without a seed, or no temperature: the providers' default is 1; or several choices `n` > 1); caching such a
 * request would change the app's behaviour.
 */
export function requestSampling(request: Pick<RequestFacts, 'operation' | 'parameters'>): 'fixed' | 'varied' {
  if (request.operation === GEN_AI_OPERATION_NAME_VALUE_EMBEDDINGS) return GENAI_OTEL_REQUEST_SAMPLING_VALUE_FIXED;
  const { parameters } = request;
  if (parameters.choiceCount !== undefined && parameters.choiceCount > 1) return GENAI_OTEL_REQUEST_SAMPLING_VALUE_VARIED;
  if (parameters.seed !== undefined) return GENAI_OTEL_REQUEST_SAMPLING_VALUE_FIXED;
  if (parameters.temperature === 0 || parameters.topK === 1) return GENAI_OTEL_REQUEST_SAMPLING_VALUE_FIXED;
  return GENAI_OTEL_REQUEST_SAMPLING_VALUE_VARIED;
}

/** How often pending cache writes are checked for expiry when no call ends (milliseconds). */
const SWEEP_INTERVAL_MS = 15_000;

/**
 * The avoidable-spend instruments and the state behind them: the repeat table (fixed size) and the pending cache
 * writes (bounded). One per instrumentation runtime.
 */
export class AvoidableSpend {
  private readonly fingerprinter = new RequestFingerprinter();
  readonly repeats: RepeatTable;
  readonly pendingWrites: PendingCacheWrites<Series>;
  private readonly series: (uncapped: Attributes) => Series;
  private readonly now: () => number;
  private timer: ReturnType<typeof setInterval> | undefined;
  private readonly counters: {
    repeats: MetricPoints;
    repeatCost: MetricPoints;
    savings: MetricPoints;
    misses: MetricPoints;
    missCost: MetricPoints;
    unreadWrites: MetricPoints;
    unreadWriteCost: MetricPoints;
  };

  constructor(
    /** The counters (as the contract names them) and the call's series, model names capped as on every GenAI metric (GenAIMetrics). */
    metrics: { metricPoints(name: string): MetricPoints; series(uncapped: Attributes): Series },
    options: ResolvedAvoidableSpend,
    private readonly diag?: DiagLogger,
    now: () => number = () => Date.now(),
  ) {
    this.now = now;
    this.series = (attributes) => metrics.series(attributes);
    this.repeats = new RepeatTable({ capacity: options.repeatCapacity, windowSeconds: options.repeatWindowSeconds, now });
    this.pendingWrites = new PendingCacheWrites(options.maxPendingCacheWrites);
    const counter = (name: string) => metrics.metricPoints(name);
    this.counters = {
      repeats: counter(METRIC_GENAI_OTEL_REPEATS),
      repeatCost: counter(METRIC_GENAI_OTEL_REPEAT_COST),
      savings: counter(METRIC_GENAI_OTEL_PROMPT_CACHE_SAVINGS),
      misses: counter(METRIC_GENAI_OTEL_PROMPT_CACHE_MISSES),
      missCost: counter(METRIC_GENAI_OTEL_PROMPT_CACHE_MISS_COST),
      unreadWrites: counter(METRIC_GENAI_OTEL_PROMPT_CACHE_UNREAD_WRITES),
      unreadWriteCost: counter(METRIC_GENAI_OTEL_PROMPT_CACHE_UNREAD_WRITE_COST),
    };
  }

  /**
   * At the start of a call: the keyed digests of its request (the fingerprint; for an Anthropic request that uses
   * prompt caching, its prefix digests). Never throws.
   */
  digest(api: ProviderApi, provider: string, request: RequestFacts, body: unknown): RequestDigests | undefined {
    try {
      const identity = { api: api.name, provider, model: request.model };
      const cache = api.promptCacheBlocks?.(body);
      return {
        fingerprint: this.fingerprinter.fingerprint(identity, canonicalRequest(api, body)),
        prefixes: cache === undefined ? undefined : this.fingerprinter.promptPrefixes(identity, cache),
      };
    } catch (error) {
      this.diag?.error('genai-otel: could not fingerprint a request (avoidable spend)', error);
      return undefined;
    }
  }

  /** A call ended: its repeat, savings, miss and cache writes. Answered calls only. Never throws. */
  recordCall(record: CallRecord, request: RequestFacts, digests: RequestDigests | undefined): void {
    try {
      this.record(record, request, digests);
    } catch (error) {
      this.diag?.error('genai-otel: failed to record avoidable spend', error);
    }
  }

  /** Reports the cache writes whose TTL has run out unread (also run on every call and every 15 s while any is pending). */
  sweep(): void {
    // Nothing pending (every call without prompt-cache writes): no clock read, no walk, nothing allocated.
    if (this.pendingWrites.size === 0 && this.timer === undefined) return;
    for (const write of this.pendingWrites.sweep(this.now())) {
      const series = write.attributes.with(ATTR_GENAI_OTEL_PROMPT_CACHE_TTL, write.ttl);
      this.counters.unreadWrites.record(1, series);
      if (write.premium > 0) this.counters.unreadWriteCost.record(write.premium, series);
    }
    if (this.pendingWrites.size === 0 && this.timer !== undefined) {
      clearInterval(this.timer);
      this.timer = undefined;
    }
  }

  /** Stops the expiry timer (pending writes are dropped, uncounted). */
  close(): void {
    if (this.timer !== undefined) clearInterval(this.timer);
    this.timer = undefined;
  }

  private record(record: CallRecord, request: RequestFacts, digests: RequestDigests | undefined): void {
    if (record.errorType !== undefined || record.response === undefined) {
      this.sweep();
      return;
    }
    const base = this.series(metricAttributes(record, record.response.model));
    const sampling = requestSampling(request);
    const cost = record.cost?.status === 'priced' ? record.cost : undefined;

    let fixedRepeat = false;
    if (digests?.fingerprint !== undefined && this.repeats.seen(digests.fingerprint, true)) {
      const series = base.with(ATTR_GENAI_OTEL_REQUEST_SAMPLING, sampling);
      this.counters.repeats.record(1, series);
      if (cost !== undefined && cost.amount > 0) this.counters.repeatCost.record(cost.amount, series);
      fixedRepeat = sampling === GENAI_OTEL_REQUEST_SAMPLING_VALUE_FIXED;
    }

    if (cost !== undefined) {
      const breakdown = cost.breakdown;
      const saved = promptCacheSavings(breakdown);
      if (saved > 0) this.counters.savings.record(saved, base);
      const model = record.response.model ?? record.requestModel ?? '';
      const prefixes = digests?.prefixes;
      if (prefixes !== undefined && cacheReadTokens(breakdown) > 0) this.pendingWrites.read(prefixes.boundaries);
      // A repeat a response cache would have answered is avoidable as a whole: not counted again as a miss or write.
      if (!fixedRepeat) {
        const miss = promptCacheMiss(record.provider, model, breakdown);
        if (miss !== undefined) {
          this.counters.misses.record(1, base);
          this.counters.missCost.record(miss.cost, base);
        }
        const written = prefixes?.lastBreakpoint;
        if (written !== undefined && record.provider === 'anthropic') {
          for (const write of promptCacheWrites(breakdown)) this.pendingWrites.add(written, write, base, this.now());
          this.startTimer();
        }
      }
    }
    this.sweep();
  }

  private startTimer(): void {
    if (this.timer !== undefined || this.pendingWrites.size === 0) return;
    this.timer = setInterval(() => this.sweep(), SWEEP_INTERVAL_MS);
    this.timer.unref?.();
  }
}

function numberFrom(value: string | undefined): number | undefined {
  return value === undefined || value.trim() === '' ? undefined : Number(value);
}

function positive(value: number | undefined, fallback: number): number {
  return typeof value === 'number' && Number.isFinite(value) && value > 0 ? value : fallback;
}
