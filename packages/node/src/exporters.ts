import { OTLPMetricExporter as OTLPMetricExporterJson } from '@opentelemetry/exporter-metrics-otlp-http';
import { OTLPMetricExporter as OTLPMetricExporterProto } from '@opentelemetry/exporter-metrics-otlp-proto';
import { OTLPTraceExporter as OTLPTraceExporterJson } from '@opentelemetry/exporter-trace-otlp-http';
import { OTLPTraceExporter as OTLPTraceExporterProto } from '@opentelemetry/exporter-trace-otlp-proto';
import { ConsoleMetricExporter, PeriodicExportingMetricReader, type IMetricReader } from '@opentelemetry/sdk-metrics';
import { BatchSpanProcessor, ConsoleSpanExporter, SimpleSpanProcessor, type SpanProcessor } from '@opentelemetry/sdk-trace';
import type { EnvSettings } from './env.js';

/**
 * Span processors per `OTEL_TRACES_EXPORTER`. The OTLP exporters read the standard endpoint, headers,
 * timeout and compression variables themselves.
 */
export function spanProcessorsFromEnv(settings: EnvSettings): SpanProcessor[] {
  return settings.tracesExporters.map((name) =>
    name === 'console'
      ? new SimpleSpanProcessor({ exporter: new ConsoleSpanExporter() })
      : new BatchSpanProcessor({ exporter: settings.tracesProtocol === "http/json" ? new OTLPTraceExporterJson() : new OTLPTraceExporterProto() }),
  );
}

/** Periodic metric readers per `OTEL_METRICS_EXPORTER` (`prometheus` is served by the app's endpoint). */
export function metricReadersFromEnv(settings: EnvSettings): IMetricReader[] {
  const readers: IMetricReader[] = [];
  for (const name of settings.metricsExporters) {
    if (name === 'prometheus') continue;
    const exporter =
      name === 'console'
        ? new ConsoleMetricExporter()
        : settings.metricsProtocol === 'http/json'
          ? new OTLPMetricExporterJson()
          : new OTLPMetricExporterProto();
    readers.push(
      new PeriodicExportingMetricReader({
        exporter,
        exportIntervalMillis: settings.metricExportIntervalMillis,
        exportTimeoutMillis: settings.metricExportTimeoutMillis,
      }),
    );
  }
  return readers;
}
