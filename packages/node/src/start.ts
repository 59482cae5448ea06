import { GenAIInstrumentation, genAIMetricProducer, hasGenAIMetricProducers, type GenAIInstrumentationConfig } from '@genai-otel/instrumentation';
import { loadCustomPriceTable, PriceTableError } from '@genai-otel/pricing';
import { context, diag, metrics, propagation, trace } from '@opentelemetry/api';
import { registerInstrumentations, type Instrumentation } from '@opentelemetry/instrumentation';
import { UndiciInstrumentation } from '@opentelemetry/instrumentation-undici';
import { NodeSDK } from '@opentelemetry/sdk-node';
import type { IMetricReader } from '@opentelemetry/sdk-metrics';
import type { SpanProcessor } from '@opentelemetry/sdk-trace';
import { ConfigError, readEnv, type EnvSettings } from './env.js';
import { ExportGate } from './export-gate.js';
import { defaultAggregation, metricExportersFromEnv, periodicReaders, spanProcessorsFromEnv } from './exporters.js';
import { startPrometheusEndpoint, type PrometheusEndpoint } from './prometheus-endpoint.js';
import { redactedUrlAttributes } from './redact-url.js';
import { installShutdownHooks } from './shutdown-hooks.js';

/** Options of {@link start}. Every field is optional; the environment decides the rest. */
export interface StartOptions {
  /** Configuration of the GenAI instrumentation. @default {} */
  instrumentation?: GenAIInstrumentationConfig;
  /**
   * `auto`: start the OpenTelemetry NodeSDK unless the app already registered a tracer provider, in
   * which case only the GenAI instrumentation is added to it. `always` / `never` force either way.
   * @default 'auto'
   */
  sdk?: 'auto' | 'always' | 'never';
  /** Span processors added next to the ones `OTEL_TRACES_EXPORTER` selects. @default [] */
  spanProcessors?: SpanProcessor[];
  /** Metric readers added next to the ones `OTEL_METRICS_EXPORTER` selects. @default [] */
  metricReaders?: IMetricReader[];
  /** Flush on SIGTERM, SIGINT and normal exit. @default true */
  shutdownHooks?: boolean;
  /** Environment to read instead of `process.env` (tests). */
  env?: NodeJS.ProcessEnv;
}

/** What {@link start} started. */
export interface GenAIOtel {
  /** `sdk`: the NodeSDK was started; `instrumentation-only`: added to the app's own SDK; `disabled`: `OTEL_SDK_DISABLED=true`. */
  mode: 'sdk' | 'instrumentation-only' | 'disabled';
  instrumentation: GenAIInstrumentation | undefined;
  /** The app's Prometheus endpoint, when `GENAI_OTEL_PROMETHEUS_PORT` (or `OTEL_METRICS_EXPORTER=prometheus`) asked for one. */
  prometheus: PrometheusEndpoint | undefined;
  settings: EnvSettings;
  /** Flushes and stops everything started; at most the OTLP export timeout. Idempotent. */
  shutdown(): Promise<void>;
}

let started: GenAIOtel | undefined;

/**
 * Starts genai-otel: the OpenTelemetry NodeSDK with the GenAI and undici instrumentations, exporting
 * over OTLP as the standard `OTEL_*` variables say, plus the app's own Prometheus endpoint when asked.
 * Calling it again returns what the first call started. Throws a `ConfigError` for bad variables.
 */
export function start(options: StartOptions = {}): GenAIOtel {
  if (started) return started;
  const settings = readEnv(options.env);
  if (settings.sdkDisabled) {
    started = { mode: 'disabled', instrumentation: undefined, prometheus: undefined, settings, shutdown: async () => {} };
    return started;
  }
  const customPrices = options.instrumentation?.customPrices ?? (settings.customPricesPath || undefined);
  if (customPrices !== undefined) {
    // Validate now, so a bad price file is one clear line at start-up, never a failure later.
    try {
      loadCustomPriceTable(customPrices);
    } catch (error) {
      if (error instanceof PriceTableError) throw new ConfigError(`GENAI_OTEL_CUSTOM_PRICES: ${error.message}`);
      throw error;
    }
  }
  const instrumentation = new GenAIInstrumentation({ ...options.instrumentation, customPrices, enabled: false });
  const sdkMode = options.sdk ?? 'auto';
  const ownSdk = sdkMode === 'always' || (sdkMode === 'auto' && !hasGlobalTracerProvider());

  if (!ownSdk) {
    const unregister = registerInstrumentations({ instrumentations: [instrumentation] });
    instrumentation.enable();
    started = {
      mode: 'instrumentation-only',
      instrumentation,
      prometheus: undefined,
      settings,
      shutdown: async () => {
        unregister();
        started = undefined;
      },
    };
    return started;
  }

  const gate = new ExportGate();
  const exporters = metricExportersFromEnv(settings, gate);
  // The per-call metrics come from genai-otel's metric producer when every reader has one: the readers
  // built here get one unless an exporter aggregates histograms or counters otherwise, or the app adds readers of its own
  // without one (an app that gave its readers genAIMetricProducer() before start() gets them here too).
  const producers = exporters.every(defaultAggregation) && ((options.metricReaders ?? []).length === 0 || hasGenAIMetricProducers());
  const wantsPrometheus = settings.prometheusPort !== undefined || settings.metricsExporters.includes('prometheus');
  const prometheus = wantsPrometheus
    ? startPrometheusEndpoint(
        settings.prometheusHost,
        settings.prometheusPort ?? Number(options.env?.['OTEL_EXPORTER_PROMETHEUS_PORT'] ?? process.env['OTEL_EXPORTER_PROMETHEUS_PORT'] ?? 9464),
        producers ? { metricProducers: [genAIMetricProducer()] } : {},
      )
    : undefined;
  // A port in use must not take the app down: the endpoint reports and the rest keeps working.
  prometheus?.ready.catch(() => undefined);
  const instrumentations: Instrumentation[] = [instrumentation, new UndiciInstrumentation({ startSpanHook: redactedUrlAttributes })];
  const sdk = new NodeSDK({
    instrumentations,
    spanProcessors: [...spanProcessorsFromEnv(settings, gate), ...(options.spanProcessors ?? [])],
    metricReaders: [...periodicReaders(settings, exporters, producers), ...(prometheus ? [prometheus.reader] : []), ...(options.metricReaders ?? [])],
  });
  sdk.start();
  instrumentation.enable();

  let stopping: Promise<void> | undefined;
  const shutdown = (): Promise<void> => {
    stopping ??= (async () => {
      // Disabling ends the calls still waiting for a retry, so their spans and metrics are in the flush.
      try {
        instrumentation.disable();
      } catch (error) {
        diag.error('genai-otel: failed to disable the instrumentation', error);
      }
      gate.close();
      const flushed = Promise.allSettled([sdk.shutdown(), prometheus?.close()]);
      await withTimeout(flushed, settings.exportTimeoutMillis);
      if (gate.lostAtExit()) {
        diag.warn(
          `genai-otel: telemetry lost at exit: the final export to the OTLP endpoint failed or did not finish within OTEL_EXPORTER_OTLP_TIMEOUT (${settings.exportTimeoutMillis} ms)`,
        );
      }
    })()
      .catch((error: unknown) => diag.error('genai-otel: shutdown failed', error))
      .finally(() => {
        // Unregister the global providers, so that a later start() in the same process registers its own.
        trace.disable();
        metrics.disable();
        propagation.disable();
        context.disable();
        started = undefined;
      });
    return stopping;
  };
  const removeHooks = options.shutdownHooks === false ? () => {} : installShutdownHooks(shutdown);
  started = {
    mode: 'sdk',
    instrumentation,
    prometheus,
    settings,
    shutdown: () => {
      removeHooks();
      return shutdown();
    },
  };
  return started;
}

/** True when the app registered its own global tracer provider before us. */
function hasGlobalTracerProvider(): boolean {
  const provider = trace.getTracerProvider() as { getDelegate?: () => object };
  const delegate = provider.getDelegate?.();
  return delegate !== undefined && delegate.constructor.name !== 'NoopTracerProvider';
}

/**
 * Resolves when `promise` settles or after `millis`, whichever comes first. The timer is ref'd: the flush
 * at exit runs from `beforeExit`, where nothing else may keep the process alive until the deadline.
 */
function withTimeout(promise: Promise<unknown>, millis: number): Promise<void> {
  return new Promise<void>((resolve) => {
    const timer = setTimeout(resolve, millis);
    const done = (): void => {
      clearTimeout(timer);
      resolve();
    };
    promise.then(done, done);
  });
}
