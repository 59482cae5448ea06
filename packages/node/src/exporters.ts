import { OTLPMetricExporter as OTLPMetricExporterJson } from '@opentelemetry/exporter-metrics-otlp-http';
import { OTLPMetricExporter as OTLPMetricExporterProto } from '@opentelemetry/exporter-metrics-otlp-proto';
import { OTLPTraceExporter as OTLPTraceExporterJson } from '@opentelemetry/exporter-trace-otlp-http';
import { OTLPTraceExporter as OTLPTraceExporterProto } from '@opentelemetry/exporter-trace-otlp-proto';
import { genAIMetricProducer } from '@genai-otel/instrumentation';
import {
  AggregationType,
  ConsoleMetricExporter,
  InstrumentType,
  PeriodicExportingMetricReader,
  type IMetricReader,
  type PushMetricExporter,
  type ResourceMetrics,
} from '@opentelemetry/sdk-metrics';
import {
  BatchSpanProcessor,
  ConsoleSpanExporter,
  SimpleSpanProcessor,
  type ReadableSpan,
  type SpanExporter,
  type SpanProcessor,
} from '@opentelemetry/sdk-trace';
import type { EnvSettings } from './env.js';

/**
 * Span processors per `OTEL_TRACES_EXPORTER`. The OTLP exporters read the standard endpoint, headers,
 * timeout and compression variables themselves, and go through `gate`.
 */
export function spanProcessorsFromEnv(settings: EnvSettings, gate: ExportGate): SpanProcessor[] {
  return settings.tracesExporters.map((name) =>
    name === 'console'
      ? new SimpleSpanProcessor({ exporter: new ConsoleSpanExporter() })
      : new BatchSpanProcessor({
          // Not paced: the batch processor exports one batch at a time on its own, and only when spans end.
          exporter: gate.add<ReadableSpan[]>(settings.tracesProtocol === 'http/json' ? new OTLPTraceExporterJson() : new OTLPTraceExporterProto(), {
            paced: false,
          }),
        }),
  );
}

/** Metric exporters per `OTEL_METRICS_EXPORTER` (`prometheus` is served by the app's endpoint). */
export function metricExportersFromEnv(settings: EnvSettings, gate: ExportGate): PushMetricExporter[] {
  const exporters: PushMetricExporter[] = [];
  for (const name of settings.metricsExporters) {
    if (name === 'prometheus') continue;
    if (name === 'console') {
      exporters.push(new ConsoleMetricExporter());
      continue;
    }
    // The reader gives up on an export after its export timeout; the exporter's retries must not outlive
    // that, or with a short interval a new export (and its retry timers) starts before the last one ends.
    const config = { timeoutMillis: Math.min(settings.otlpMetricsTimeoutMillis, settings.metricExportTimeoutMillis) || undefined };
    const otlp = settings.metricsProtocol === 'http/json' ? new OTLPMetricExporterJson(config) : new OTLPMetricExporterProto(config);
    exporters.push(gate.add<ResourceMetrics>(otlp, { paced: true }));
  }
  return exporters;
}

/**
 * Whether an exporter aggregates histograms and counters the default way (explicit buckets from the instrument's
 * advice, sums): genai-otel's metric producer exports its per-call metrics so, and only so.
 */
export function defaultAggregation(exporter: Pick<PushMetricExporter, 'selectAggregation'>): boolean {
  return [InstrumentType.HISTOGRAM, InstrumentType.COUNTER].every((type) => {
    const aggregation = exporter.selectAggregation?.(type);
    return aggregation === undefined || aggregation.type === AggregationType.DEFAULT;
  });
}

/**
 * A periodic reader per exporter; with `producers`, each gets genai-otel's metric producer (the per-call metrics
 * from genai-otel's own accumulators, the instrumentation's record/metric-store.ts) at the exporter's temporality.
 */
export function periodicReaders(settings: EnvSettings, exporters: PushMetricExporter[], producers: boolean): IMetricReader[] {
  return exporters.map(
    (exporter) =>
      new PeriodicExportingMetricReader({
        exporter,
        exportIntervalMillis: settings.metricExportIntervalMillis,
        exportTimeoutMillis: settings.metricExportTimeoutMillis,
        ...(producers
          ? {
              metricProducers: [
                genAIMetricProducer(exporter.selectAggregationTemporality ? { temporality: exporter.selectAggregationTemporality.bind(exporter) } : {}),
              ],
            }
          : {}),
      }),
  );
}

type ResultCallback = Parameters<SpanExporter['export']>[1];
type ExportResult = Parameters<ResultCallback>[0];
const SUCCESS = 0 as ExportResult['code'];
const FAILED = 1 as ExportResult['code'];

interface Exporter<Items> {
  export(items: Items, resultCallback: ResultCallback): void;
  forceFlush?(): Promise<void>;
  shutdown(): Promise<void>;
  selectAggregationTemporality?: PushMetricExporter['selectAggregationTemporality'];
  selectAggregation?: PushMetricExporter['selectAggregation'];
}

/** One export handed to an OTLP exporter. */
interface Sent {
  /** The processor's callback, until it is called. */
  callback: ResultCallback | undefined;
  outcome: 'pending' | 'success' | 'failure';
}

/**
 * Keeps the OTLP exporters of one `start()` from holding the process. The OTLP exporters retry with ref'd
 * timers up to their timeout, and the periodic metric reader holds a ref'd timer while an export runs but
 * starts the next one at every interval, even when it gave up on the last one while the exporter still
 * retries: with the collector down, exports then follow each other without a gap and keep an app that is
 * done alive forever (its `beforeExit`, where the flush at exit starts, never comes). Until {@link close},
 * a paced exporter (metrics) fails an export at once while its previous one still runs, and the export
 * after a failed one too, which leaves a whole interval with nothing of ours in the event loop. From
 * {@link close} (the flush at exit): exports go straight through, and the processors stop waiting for
 * the ones still running. {@link lostAtExit} then says whether the flush at exit delivered everything.
 */
export class ExportGate {
  private readonly exporters: GatedExporter<never>[] = [];
  private closed = false;

  /** Wraps an OTLP exporter. */
  add<Items>(exporter: Exporter<Items>, options: { paced: boolean }): GatedExporter<Items> {
    const gated = new GatedExporter(exporter, options.paced, () => this.closed);
    this.exporters.push(gated as GatedExporter<never>);
    return gated;
  }

  /** The flush at exit begins. */
  close(): void {
    this.closed = true;
    for (const exporter of this.exporters) exporter.close();
  }

  /** True when an export of the flush at exit (or one running when it began) failed or has not finished. */
  lostAtExit(): boolean {
    return this.exporters.some((exporter) => exporter.lostAtExit());
  }
}

class GatedExporter<Items> {
  readonly selectAggregationTemporality?: PushMetricExporter['selectAggregationTemporality'];
  readonly selectAggregation?: PushMetricExporter['selectAggregation'];
  private readonly running = new Set<Sent>();
  private readonly atExit: Sent[] = [];
  private paused = false;

  constructor(
    private readonly inner: Exporter<Items>,
    private readonly paced: boolean,
    private readonly closed: () => boolean,
  ) {
    // The metric reader asks the exporter for temporality and aggregation once, at construction.
    if (inner.selectAggregationTemporality) this.selectAggregationTemporality = inner.selectAggregationTemporality.bind(inner);
    if (inner.selectAggregation) this.selectAggregation = inner.selectAggregation.bind(inner);
  }

  export(items: Items, resultCallback: ResultCallback): void {
    const atExit = this.closed();
    if (this.paced && !atExit) {
      if (this.running.size > 0) {
        fail(resultCallback, 'genai-otel: export skipped, the previous one to the OTLP endpoint is still running');
        return;
      }
      if (this.paused) {
        this.paused = false;
        fail(resultCallback, 'genai-otel: export skipped after a failed one; the next interval tries again');
        return;
      }
    }
    const sent: Sent = { callback: resultCallback, outcome: 'pending' };
    this.running.add(sent);
    if (atExit) this.atExit.push(sent);
    const settle = (result: ExportResult): void => {
      if (sent.outcome !== 'pending') return;
      sent.outcome = result.code === SUCCESS ? 'success' : 'failure';
      this.running.delete(sent);
      if (sent.outcome === 'failure' && this.paced && !this.closed()) this.paused = true;
      const callback = sent.callback;
      sent.callback = undefined;
      callback?.(result);
    };
    try {
      this.inner.export(items, settle);
    } catch (error) {
      settle({ code: FAILED, error: error instanceof Error ? error : new Error(String(error)) });
    }
  }

  /** The flush at exit begins: the processors stop waiting for the exports still running (their own timeout ends them). */
  close(): void {
    for (const sent of [...this.running]) {
      this.atExit.push(sent);
      const callback = sent.callback;
      sent.callback = undefined;
      fail(callback, 'genai-otel: export still running at exit; not waited for');
    }
  }

  lostAtExit(): boolean {
    return this.atExit.some((sent) => sent.outcome !== 'success');
  }

  forceFlush(): Promise<void> {
    return this.inner.forceFlush?.() ?? Promise.resolve();
  }

  shutdown(): Promise<void> {
    return this.inner.shutdown();
  }
}

function fail(callback: ResultCallback | undefined, message: string): void {
  callback?.({ code: FAILED, error: new Error(message) });
}
