import { metrics, type Meter } from '@opentelemetry/api';
import { defaultSleep, ProviderApiError, type HttpContext, type ProviderErrorKind, type RetryOptions, type SleepFunction } from './http.js';
import { registerUsageInstruments, type UsageInstruments } from './metrics.js';
import { ATTR_ENDPOINT, ATTR_ERROR_TYPE, ATTR_PROVIDER_NAME } from './names.js';
import { anthropicCostSource, anthropicUsageSource } from './sources/anthropic.js';
import { OPENAI_DEFAULT_ENDPOINTS, openAICostsSource, openAIUsageSource } from './sources/openai.js';
import type { ReportSource } from './sources/source.js';
import { UsageState, type SeriesTotal } from './state.js';
import type { AnthropicAccess, BucketWidth, OpenAIAccess, ProviderName } from './types.js';

/** Options of {@link UsagePoller}. Only `openai` and/or `anthropic` are needed. */
export interface UsagePollerOptions {
  /** Poll OpenAI's Usage and Costs APIs with this admin key. */
  openai?: OpenAIAccess;
  /** Poll Anthropic's usage and cost reports with this Admin API key. */
  anthropic?: AnthropicAccess;
  /** Bucket width of the usage reports (cost reports are daily). @default '1h' */
  bucketWidth?: BucketWidth;
  /**
   * How far back every poll re-reads, seconds: late usage and billing corrections inside this window
   * are picked up; older buckets are settled. At least one day, so that yesterday's cost bucket is
   * re-read after midnight. @default 172800 (2 days)
   */
  lookbackSeconds?: number;
  /** Time between two polls in {@link UsagePoller.start}. @default 300000 (5 min) */
  intervalMillis?: number;
  /** Buckets per page to ask for. @default the provider's maximum for the width */
  pageLimit?: number;
  /** State file (JSON): what makes a restart resume without double counting. @default none (memory only) */
  stateFile?: string;
  /** Meter for the metrics. @default `metrics.getMeter('@genai-otel/provider-usage')` (the global meter provider) */
  meter?: Meter;
  /** Clock, ms since the epoch. @default Date.now */
  clock?: () => number;
  /** How the poller waits (retries, between polls); tests pass one that returns at once. */
  sleep?: SleepFunction;
  /** @default globalThis.fetch */
  fetch?: typeof fetch;
  /** Retries of one request (429 / 5xx / network). */
  retry?: RetryOptions;
  /** Where problems are reported, one line each (never containing a key). @default stderr */
  log?: (line: string) => void;
}

/** The outcome of reading one report in one poll. */
export type SourceOutcome =
  | { source: string; provider: ProviderName; endpoint: string; ok: true; buckets: number }
  | { source: string; provider: ProviderName; endpoint: string; ok: false; error: ProviderApiError };

/** The outcome of one poll of every report. */
export interface PollReport {
  /** Every report was read in full. */
  ok: boolean;
  outcomes: SourceOutcome[];
}

export const DEFAULT_LOOKBACK_SECONDS = 2 * 86_400;
export const DEFAULT_INTERVAL_MILLIS = 5 * 60_000;

/**
 * Polls the providers' usage and cost reports and keeps OpenTelemetry counters of what they report
 * (`genai_otel.provider.usage.tokens`, `genai_otel.provider.requests`, `genai_otel.provider.cost`).
 * Each poll re-reads the last `lookbackSeconds` of every report and replaces the buckets it read, so
 * overlapping polls and restarts (with a state file) never count a bucket twice and corrections
 * replace a bucket's value. A report that cannot be read (bad key, provider down) keeps its last good
 * data; the error is logged and counted in `genai_otel.provider.poll.errors`.
 */
export class UsagePoller {
  readonly state: UsageState;
  readonly sources: readonly ReportSource[];
  private readonly options: UsagePollerOptions;
  private readonly instruments: UsageInstruments;
  private readonly clock: () => number;
  private readonly sleep: SleepFunction;
  private readonly log: (line: string) => void;
  private readonly failing = new Set<string>();
  private polling: Promise<PollReport> | undefined;
  private loop: { controller: AbortController; done: Promise<void> } | undefined;

  constructor(options: UsagePollerOptions) {
    if (options.openai === undefined && options.anthropic === undefined) {
      throw new TypeError('UsagePoller: give `openai` and/or `anthropic` (an admin key for each)');
    }
    const lookback = options.lookbackSeconds ?? DEFAULT_LOOKBACK_SECONDS;
    if (!Number.isFinite(lookback) || lookback < 0) throw new TypeError('UsagePoller: lookbackSeconds must be >= 0');
    this.options = options;
    this.clock = options.clock ?? Date.now;
    this.sleep = options.sleep ?? defaultSleep;
    this.log = options.log ?? ((line) => process.stderr.write(`${line}\n`));
    const width = options.bucketWidth ?? '1h';
    const sources: ReportSource[] = [];
    if (options.openai) {
      for (const endpoint of options.openai.endpoints ?? OPENAI_DEFAULT_ENDPOINTS) {
        sources.push(openAIUsageSource(options.openai, endpoint, width, options.pageLimit));
      }
      sources.push(openAICostsSource(options.openai, options.pageLimit));
    }
    if (options.anthropic) {
      sources.push(anthropicUsageSource(options.anthropic, width, options.pageLimit));
      sources.push(anthropicCostSource(options.anthropic, options.pageLimit));
    }
    this.sources = sources;
    this.state = UsageState.load(options.stateFile);
    const meter = options.meter ?? metrics.getMeter('@genai-otel/provider-usage', '0.1.0');
    this.instruments = registerUsageInstruments(meter, this.state, sources);
  }

  /** The exported counter values (what the metrics report), e.g. for tests and `--once`. */
  totals(): SeriesTotal[] {
    return this.state.totals();
  }

  /** Reads every report once (re-reading the look-back window) and saves the state. Concurrent calls share one poll. */
  pollOnce(): Promise<PollReport> {
    this.polling ??= this.poll().finally(() => {
      this.polling = undefined;
    });
    return this.polling;
  }

  private async poll(): Promise<PollReport> {
    const outcomes: SourceOutcome[] = [];
    const signal = this.loop?.controller.signal;
    for (const source of this.sources) {
      if (signal?.aborted) break;
      outcomes.push(await this.pollSource(source, signal));
    }
    try {
      this.state.save();
    } catch (error) {
      this.log(`[usage-poller] cannot write the state file ${this.state.path}: ${(error as Error).message}; a restart would re-count the look-back window`);
    }
    return { ok: outcomes.every((outcome) => outcome.ok), outcomes };
  }

  private async pollSource(source: ReportSource, signal: AbortSignal | undefined): Promise<SourceOutcome> {
    const nowMillis = this.clock();
    const nowSeconds = Math.floor(nowMillis / 1000);
    const lookback = this.options.lookbackSeconds ?? DEFAULT_LOOKBACK_SECONDS;
    const windowStart = Math.floor((nowSeconds - lookback) / source.widthSeconds) * source.widthSeconds;
    const http: HttpContext = {
      provider: source.provider,
      fetch: this.options.fetch ?? globalThis.fetch,
      sleep: this.sleep,
      now: this.clock,
      ...(this.options.retry ? { retry: this.options.retry } : {}),
      ...(signal ? { signal } : {}),
    };
    const base = { source: source.id, provider: source.provider, endpoint: source.endpoint };
    try {
      const buckets = await source.read(windowStart, http);
      this.state.apply(source.id, windowStart, buckets, nowSeconds);
      if (this.failing.delete(source.id)) this.log(`[usage-poller] ${source.id}: read again`);
      return { ...base, ok: true, buckets: buckets.length };
    } catch (caught) {
      if (signal?.aborted) return { ...base, ok: false, error: new ProviderApiError(source.provider, source.endpoint, 'network', `${source.id}: stopped`) };
      const error =
        caught instanceof ProviderApiError
          ? caught
          : new ProviderApiError(
              source.provider,
              source.endpoint,
              'invalid_response' satisfies ProviderErrorKind,
              `${source.id}: ${(caught as Error)?.message ?? String(caught)}`,
            );
      this.instruments.pollErrors.add(1, { [ATTR_PROVIDER_NAME]: source.provider, [ATTR_ENDPOINT]: source.endpoint, [ATTR_ERROR_TYPE]: error.kind });
      this.failing.add(source.id);
      const last = this.state.lastSuccess(source.id);
      const kept = last === undefined ? 'no data from it yet' : `keeping its data as of ${new Date(last * 1000).toISOString()}`;
      this.log(`[usage-poller] ${error.message} (${source.id}: ${kept})`);
      return { ...base, ok: false, error };
    }
  }

  /** Polls now and then every `intervalMillis` until {@link stop}. */
  start(): void {
    if (this.loop) return;
    const controller = new AbortController();
    const interval = this.options.intervalMillis ?? DEFAULT_INTERVAL_MILLIS;
    const run = async (): Promise<void> => {
      while (!controller.signal.aborted) {
        await this.pollOnce();
        await this.sleep(interval, controller.signal);
      }
    };
    const loop = { controller, done: Promise.resolve() };
    this.loop = loop;
    loop.done = run();
  }

  /** Stops the loop (an in-flight request is aborted; its report keeps its last good data). Idempotent. */
  async stop(): Promise<void> {
    const loop = this.loop;
    if (loop) {
      loop.controller.abort();
      await loop.done;
      this.loop = undefined;
    }
    await this.polling;
  }

  /** Stops and stops observing. */
  async close(): Promise<void> {
    await this.stop();
    this.instruments.close();
  }
}
