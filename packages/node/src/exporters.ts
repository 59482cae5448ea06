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
import { BatchSpanProcessor, ConsoleSpanExporter, SimpleSpanProcessor, type ReadableSpan, type SpanProcessor } from '@opentelemetry/sdk-trace';
import type { EnvSettings } from './env.js';
import type { ExportGate } from './export-gate.js';

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
