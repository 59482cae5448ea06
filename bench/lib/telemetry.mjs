// The OpenTelemetry SDK set-up shared by every instrumented row: a TracerProvider with a
// BatchSpanProcessor to a counting (no-op) exporter and a MeterProvider with a
// PeriodicExportingMetricReader to a counting (no-op) exporter, plus the AsyncLocalStorage context
// manager. Exporters count what they receive (and keep one sample span) so the client can check that
// the row really instrumented the calls; they never serialise or send anything.
import { context, metrics, trace } from '@opentelemetry/api';
import { AsyncLocalStorageContextManager } from '@opentelemetry/context-async-hooks';
import { BatchSpanProcessor, TracerProvider } from '@opentelemetry/sdk-trace';
import { MeterProvider, PeriodicExportingMetricReader, AggregationTemporality, AggregationType } from '@opentelemetry/sdk-metrics';

const SUCCESS = { code: 0 };

/** A View that drops one instrument: what an operator writes to turn a metric off. */
export function dropView(instrumentName) {
  return { instrumentName, aggregation: { type: AggregationType.DROP } };
}

export class CountingSpanExporter {
  spans = 0;
  sample = undefined;
  export(spans, done) {
    this.spans += spans.length;
    if (this.sample === undefined && spans.length > 0) {
      // Prefer a GenAI span (some rows also emit attempt / HTTP spans).
      this.sample = spans.find((s) => s.kind === 2 /* CLIENT */) ?? spans[0];
    }
    done(SUCCESS);
  }
  shutdown() {
    return Promise.resolve();
  }
  forceFlush() {
    return Promise.resolve();
  }
}

export class CountingMetricExporter {
  exports = 0;
  names = new Set();
  points = 0;
  /** Per metric, from the latest (cumulative) export: its series' attribute-key sets and, for histograms, the records. */
  shapes = new Map();
  export(resourceMetrics, done) {
    this.exports++;
    for (const scope of resourceMetrics.scopeMetrics) {
      for (const metric of scope.metrics) {
        this.names.add(metric.descriptor.name);
        this.points += metric.dataPoints.length;
        const keySets = new Set(metric.dataPoints.map((point) => Object.keys(point.attributes).sort().join(',')));
        const records = metric.dataPoints.reduce((sum, point) => sum + (typeof point.value === 'object' ? point.value.count : 0), 0);
        this.shapes.set(metric.descriptor.name, { unit: metric.descriptor.unit, keySets: [...keySets].sort(), records });
      }
    }
    done(SUCCESS);
  }
  selectAggregationTemporality() {
    return AggregationTemporality.CUMULATIVE;
  }
  shutdown() {
    return Promise.resolve();
  }
  forceFlush() {
    return Promise.resolve();
  }
}

/** Metric export interval: OTel's default is 60 s; 5 s makes collection happen during each trial. */
export const METRIC_EXPORT_INTERVAL_MS = 5000;

/**
 * `traces` / `metrics`: false leaves that signal's global provider unset (the API's no-op), for ablation rows.
 * `metricProducers`: given to the reader (genai-otel's genAIMetricProducer(), as @genai-otel/node's readers have it).
 */
export function startTelemetry({ traces = true, metrics: withMetrics = true, views = [], metricProducers = [] } = {}) {
  const contextManager = new AsyncLocalStorageContextManager();
  contextManager.enable();
  context.setGlobalContextManager(contextManager);

  const spanExporter = new CountingSpanExporter();
  const spanProcessor = new BatchSpanProcessor({ exporter: spanExporter }); // defaults: 2048 queue, 512 batch, 5 s
  const tracerProvider = new TracerProvider({ spanProcessors: [spanProcessor] });
  if (traces) trace.setGlobalTracerProvider(tracerProvider);

  const metricExporter = new CountingMetricExporter();
  const meterProvider = new MeterProvider({
    views,
    readers: [new PeriodicExportingMetricReader({ exporter: metricExporter, exportIntervalMillis: METRIC_EXPORT_INTERVAL_MS, metricProducers })],
  });
  if (withMetrics) metrics.setGlobalMeterProvider(meterProvider);

  return {
    tracerProvider,
    meterProvider,
    spanExporter,
    metricExporter,
    /** Exports what the calls so far produced: pending spans through the BatchSpanProcessor, one metric collection. */
    flush() {
      return Promise.all([tracerProvider.forceFlush(), meterProvider.forceFlush()]);
    },
    /** Flushes both pipelines and reports what reached the exporters. */
    async finish() {
      await tracerProvider.forceFlush();
      await meterProvider.forceFlush();
      const sample = spanExporter.sample;
      const report = {
        spansExported: spanExporter.spans,
        metricExports: metricExporter.exports,
        metricNames: [...metricExporter.names].sort(),
        metricShapes: Object.fromEntries([...metricExporter.shapes].sort(([a], [b]) => a.localeCompare(b))),
        sampleSpan: sample && {
          name: sample.name,
          kind: sample.kind,
          attributes: Object.fromEntries(
            Object.entries(sample.attributes).map(([k, v]) => [k, typeof v === 'string' && v.length > 80 ? `${v.slice(0, 77)}...` : v]),
          ),
        },
      };
      await tracerProvider.shutdown();
      await meterProvider.shutdown();
      return report;
    },
  };
}
