import { createPricer, type Pricer } from '@genai-otel/pricing';
import { InstrumentationBase, type InstrumentationNodeModuleDefinition } from '@opentelemetry/instrumentation';
import { resolveConfig, type ResolvedConfig } from './config.js';
import { clientFetch } from './attribution/client-fetch.js';
import { refusedKeysWarning } from './attribution/config.js';
import { createInstrumentedFetch, isInstrumentedFetch, type CaptureRuntime } from './capture/instrument-fetch.js';
import { OpenOperations } from './capture/open-operations.js';
import { GuardObserver } from './capture/guard-observer.js';
import { AvoidableSpend, resolveAvoidableSpend } from './record/avoidable-spend.js';
import { GenAIMetrics } from './record/metrics.js';
import { anthropicModuleDefinition } from './sdk-hooks/anthropic.js';
import { googleGenAIModuleDefinition } from './sdk-hooks/google-genai.js';
import { langchainCoreModuleDefinition } from './sdk-hooks/langchain.js';
import { countEnabled } from './sdk-hooks/method-wrap.js';
import { openaiModuleDefinition } from './sdk-hooks/openai.js';
import type { FetchFunction, GenAIInstrumentationConfig, InstrumentFetchOptions } from './types.js';
import { PACKAGE_NAME, PACKAGE_VERSION } from './version.js';

/** Read by `@anthropic-ai/sdk` 1.x when a client is constructed: `false` turns its own spans off. */
const ANTHROPIC_OTEL_ENV = 'ANTHROPIC_OPEN_TELEMETRY';

/** The instance that `instrumentFetch()` reports to: the one enabled last. */
let current: GenAIInstrumentation | undefined;

/**
 * OpenTelemetry instrumentation for LLM API calls, captured at the `fetch` layer: every
 * OpenAI-compatible chat completion (streaming included) becomes a GenAI span and GenAI metrics,
 * whichever SDK or hand-written client made it. See README for the emitted telemetry.
 *
 * The SDKs that retry on their own (`openai`, `@anthropic-ai/sdk`, `@google/genai`) are also hooked at
 * their request entry point (module patching, CommonJS and ESM), so that each logical call is one
 * operation however many attempts it takes and however many identical calls run side by side.
 */
export class GenAIInstrumentation extends InstrumentationBase<GenAIInstrumentationConfig> {
  // `declare`: the base constructor calls enable() and _updateMetricInstruments() before subclass
  // field initializers would run, so these fields must not have initializers.
  declare private resolved: ResolvedConfig | undefined;
  declare private genAIMetrics: GenAIMetrics | undefined;
  declare private originalFetch: FetchFunction | undefined;
  declare private installedFetch: FetchFunction | undefined;
  declare private captureRuntime: CaptureRuntime | undefined;
  declare private openOperations: OpenOperations | undefined;
  declare private setAnthropicEnv: boolean | undefined;
  declare private guardObserver: GuardObserver | undefined;

  constructor(config: GenAIInstrumentationConfig = {}) {
    super(PACKAGE_NAME, PACKAGE_VERSION, config);
  }

  /**
   * The SDK hooks: each opens an operation scope per logical call at the SDK's request entry point
   * (what the fetch layer records stays in fetch). See sdk-hooks/ and README "Operations and retries".
   */
  protected override init(): InstrumentationNodeModuleDefinition[] {
    return [openaiModuleDefinition(), anthropicModuleDefinition(), googleGenAIModuleDefinition(), langchainCoreModuleDefinition()];
  }

  override setConfig(config: GenAIInstrumentationConfig = {}): void {
    super.setConfig(config);
    if ((config as { guard?: unknown }).guard !== undefined) {
      this._diag.warn('genai-otel: the guard option moved to @genai-otel/guard (createGuard(config).fetch, given to the SDK); calls are not guarded');
    }
    this.resolved = resolveConfig(config);
    this.dropInstruments();
  }

  protected override _updateMetricInstruments(): void {
    this.dropInstruments();
  }

  /**
   * Instruments depend on the meter and on the configured metric set: they are made again on next use
   * (runtime()), also because the base constructor calls setConfig before the meter exists.
   */
  private dropInstruments(): void {
    this.genAIMetrics?.observeGuard(undefined);
    this.genAIMetrics = undefined;
    this.captureRuntime?.avoidableSpend?.close();
    this.captureRuntime = undefined;
  }

  override enable(): void {
    if (this._enabled) return;
    // Sets _enabled and installs the module hooks (or re-applies the patches on a later enable).
    super.enable();
    countEnabled(1);
    current = this;
    // Records what an opt-in guard (@genai-otel/guard) decides; it never decides anything itself.
    this.guardObserver ??= new GuardObserver(() => (this._enabled ? this.runtime() : undefined));
    this.guardObserver.start();
    if (this.config().anthropicSdkSpans === 'suppress' && process.env[ANTHROPIC_OTEL_ENV] === undefined) {
      process.env[ANTHROPIC_OTEL_ENV] = 'false';
      this.setAnthropicEnv = true;
    }
    if (this.config().patchGlobalFetch && typeof globalThis.fetch === 'function' && !isInstrumentedFetch(globalThis.fetch)) {
      this.originalFetch = globalThis.fetch;
      this.installedFetch = this.instrumentFetch(globalThis.fetch);
      globalThis.fetch = this.installedFetch;
    }
  }

  override disable(): void {
    if (!this._enabled) return;
    super.disable();
    countEnabled(-1);
    this.guardObserver?.stop();
    // Calls still in flight end now with what is known (at shutdown: before the exporters flush).
    this.openOperations?.endAll();
    if (this.setAnthropicEnv) {
      delete process.env[ANTHROPIC_OTEL_ENV];
      this.setAnthropicEnv = false;
    }
    if (current === this) current = undefined;
    if (this.installedFetch !== undefined && globalThis.fetch === this.installedFetch && this.originalFetch) {
      globalThis.fetch = this.originalFetch;
    }
    // If someone wrapped fetch on top of ours, ours stays in their chain but passes calls through.
    this.installedFetch = undefined;
    this.originalFetch = undefined;
  }

  /**
   * Wraps a `fetch` for clients that take one, e.g. `new OpenAI({ fetch: instrumentation.instrumentFetch(fetch) })`.
   * The wrapper records through this instance while it is enabled and passes calls through otherwise.
   * `options.attributes`: the attribution of every call made through it (README "Attribution").
   */
  instrumentFetch(fetch: FetchFunction, options?: InstrumentFetchOptions): FetchFunction {
    return clientFetch(
      createInstrumentedFetch(fetch, () => (this._enabled ? this.runtime() : undefined)),
      options?.attributes,
    );
  }

  /** @internal The capture layer's view of this instance. */
  runtime(): CaptureRuntime {
    this.genAIMetrics ??= this.createMetrics();
    this.openOperations ??= new OpenOperations();
    this.captureRuntime ??= {
      tracer: this.tracer,
      metrics: this.genAIMetrics,
      config: this.config(),
      diag: this._diag,
      pricer: this.createPricer(),
      open: this.openOperations,
      avoidableSpend: this.createAvoidableSpend(this.genAIMetrics),
    };
    return this.captureRuntime;
  }

  /** Repeats and prompt-cache savings / misses (README "Avoidable spend"), unless turned off. */
  private createAvoidableSpend(metrics: GenAIMetrics): AvoidableSpend | undefined {
    const options = resolveAvoidableSpend(this._config);
    // Its counters go where the other per-call metrics go; model names capped as on every GenAI metric.
    return options && new AvoidableSpend(metrics, options, this._diag);
  }

  /** The metric instruments, with the promoted attribution keys (refused person keys are warned about here). */
  private createMetrics(): GenAIMetrics {
    const { semconvMetrics, maxModelNames, attribution } = this.config();
    if (attribution.refusedKeys.length > 0) this._diag.warn(refusedKeysWarning(attribution.refusedKeys));
    const metrics = new GenAIMetrics(this.meter, semconvMetrics, maxModelNames, { keys: attribution.metricKeys, maxValues: attribution.maxValues });
    // The guard gauges read the breaker states and queue lengths of the guards that have reported so far.
    metrics.observeGuard(() => this.guardObserver?.observe() ?? { breakers: [], queues: [] });
    return metrics;
  }

  private createPricer(): Pricer | undefined {
    const config = this.config();
    if (!config.cost) return undefined;
    try {
      return createPricer({ customPrices: config.customPrices, priceData: config.priceData });
    } catch (error) {
      this._diag.error(`genai-otel: ${error instanceof Error ? error.message : String(error)}; using the bundled prices only`);
      try {
        return createPricer();
      } catch {
        return undefined;
      }
    }
  }

  private config(): ResolvedConfig {
    this.resolved ??= resolveConfig(this._config);
    return this.resolved;
  }
}

/**
 * Wraps a `fetch` so that LLM calls through it are recorded by the GenAI instrumentation enabled
 * last (calls pass straight through while none is enabled). For SDK clients constructed before
 * registration, or that are given their own fetch: `new OpenAI({ fetch: instrumentFetch(fetch) })`.
 * `options.attributes` attributes every call made through it: `instrumentFetch(fetch, { attributes: { feature: 'search' } })`.
 */
export function instrumentFetch(fetch: FetchFunction = globalThis.fetch, options?: InstrumentFetchOptions): FetchFunction {
  return clientFetch(
    createInstrumentedFetch(fetch, () => current?.runtime()),
    options?.attributes,
  );
}
