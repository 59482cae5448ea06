// CLI mode: a MeterProvider exporting the poller's metrics over OTLP/HTTP (protobuf), configured by
// the standard OTEL_* variables (endpoint, headers, timeout, export interval, resource attributes).
import { OTLPMetricExporter } from '@opentelemetry/exporter-metrics-otlp-proto';
import { defaultResource, detectResources, envDetector, resourceFromAttributes } from '@opentelemetry/resources';
import { ConsoleMetricExporter, MeterProvider, PeriodicExportingMetricReader, type IMetricReader } from '@opentelemetry/sdk-metrics';
import type { UsagePollerSettings } from './config.js';

/** Where OTLP metrics go: `OTEL_EXPORTER_OTLP_METRICS_ENDPOINT`, else `OTEL_EXPORTER_OTLP_ENDPOINT` + `/v1/metrics`. */
export function otlpMetricsUrl(env: NodeJS.ProcessEnv): string {
  const specific = env['OTEL_EXPORTER_OTLP_METRICS_ENDPOINT']?.trim();
  if (specific) return specific;
  const base = env['OTEL_EXPORTER_OTLP_ENDPOINT']?.trim() || 'http://localhost:4318';
  return `${base.replace(/\/+$/, '')}/v1/metrics`;
}

/** The meter provider of the CLI: resource `service.name` + `OTEL_RESOURCE_ATTRIBUTES`, one periodic reader. */
export function createMeterProvider(settings: UsagePollerSettings, env: NodeJS.ProcessEnv): MeterProvider {
  const resource = defaultResource()
    .merge(detectResources({ detectors: [envDetector] }))
    .merge(resourceFromAttributes({ 'service.name': settings.serviceName }));
  const readers: IMetricReader[] = [];
  if (settings.metricsExporter !== 'none') {
    const exporter = settings.metricsExporter === 'console' ? new ConsoleMetricExporter() : new OTLPMetricExporter({ url: otlpMetricsUrl(env) });
    readers.push(
      new PeriodicExportingMetricReader({
        exporter,
        exportIntervalMillis: settings.exportIntervalMillis,
        exportTimeoutMillis: Math.min(30_000, settings.exportIntervalMillis),
      }),
    );
  }
  return new MeterProvider({ resource, readers });
}
