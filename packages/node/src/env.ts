/**
 * The environment variables genai-otel reads itself (the standard `OTEL_*` ones are read by the
 * OpenTelemetry SDK and exporters). Bad values are reported as a {@link ConfigError} with a message
 * naming the variable, never as a stack trace from inside the SDK.
 */

/** A configuration mistake the user can fix; its message is meant to be printed as is. */
export class ConfigError extends Error {
  override name = 'ConfigError';
}

export interface EnvSettings {
  /** `GENAI_OTEL_PROMETHEUS_PORT`: serve `/metrics` and `/health` from the app on this port. */
  prometheusPort: number | undefined;
  /** `GENAI_OTEL_PROMETHEUS_HOST` (default `0.0.0.0`, as `@opentelemetry/exporter-prometheus`). */
  prometheusHost: string;
  /** `OTEL_TRACES_EXPORTER`: `otlp` (default), `console`, `none`. */
  tracesExporters: string[];
  /** `OTEL_METRICS_EXPORTER`: `otlp` (default), `console`, `prometheus`, `none`. */
  metricsExporters: string[];
  /** `OTEL_EXPORTER_OTLP_{TRACES,METRICS}_PROTOCOL` or `OTEL_EXPORTER_OTLP_PROTOCOL`: `http/protobuf` (default) or `http/json`. */
  tracesProtocol: OtlpProtocol;
  metricsProtocol: OtlpProtocol;
  /** `OTEL_METRIC_EXPORT_INTERVAL` ms (default 60000) and `OTEL_METRIC_EXPORT_TIMEOUT` ms (default 30000). */
  metricExportIntervalMillis: number;
  metricExportTimeoutMillis: number;
  /** `OTEL_EXPORTER_OTLP_TIMEOUT` ms (default 10000): also the most a flush at exit may take. */
  exportTimeoutMillis: number;
  /** `OTEL_EXPORTER_OTLP_METRICS_TIMEOUT` ms, else `OTEL_EXPORTER_OTLP_TIMEOUT`: the OTLP metrics exporter's own bound, retries included. */
  otlpMetricsTimeoutMillis: number;
  /** `OTEL_SDK_DISABLED=true`: start nothing. */
  sdkDisabled: boolean;
  /** `GENAI_OTEL_CUSTOM_PRICES`: path of a custom price table (JSON or YAML). */
  customPricesPath: string | undefined;
}

export type OtlpProtocol = 'http/protobuf' | 'http/json';

const TRACE_EXPORTERS = ['otlp', 'console', 'none'];
const METRIC_EXPORTERS = ['otlp', 'console', 'prometheus', 'none'];

export function readEnv(env: NodeJS.ProcessEnv = process.env): EnvSettings {
  const prometheusPort = optionalPort(env, 'GENAI_OTEL_PROMETHEUS_PORT');
  const metricExportIntervalMillis = nonNegativeInteger(env, 'OTEL_METRIC_EXPORT_INTERVAL', 60_000);
  const exportTimeoutMillis = nonNegativeInteger(env, 'OTEL_EXPORTER_OTLP_TIMEOUT', 10_000);
  return {
    prometheusPort,
    prometheusHost: nonEmpty(env['GENAI_OTEL_PROMETHEUS_HOST']) ?? '0.0.0.0',
    tracesExporters: list(env, 'OTEL_TRACES_EXPORTER', TRACE_EXPORTERS, ['otlp']),
    metricsExporters: list(env, 'OTEL_METRICS_EXPORTER', METRIC_EXPORTERS, ['otlp']),
    tracesProtocol: protocol(env, 'OTEL_EXPORTER_OTLP_TRACES_PROTOCOL'),
    metricsProtocol: protocol(env, 'OTEL_EXPORTER_OTLP_METRICS_PROTOCOL'),
    metricExportIntervalMillis,
    metricExportTimeoutMillis: Math.min(nonNegativeInteger(env, 'OTEL_METRIC_EXPORT_TIMEOUT', 30_000), metricExportIntervalMillis),
    exportTimeoutMillis,
    otlpMetricsTimeoutMillis: nonNegativeInteger(env, 'OTEL_EXPORTER_OTLP_METRICS_TIMEOUT', exportTimeoutMillis),
    sdkDisabled: boolean(env, 'OTEL_SDK_DISABLED'),
    customPricesPath: nonEmpty(env['GENAI_OTEL_CUSTOM_PRICES']),
  };
}

function nonEmpty(value: string | undefined): string | undefined {
  const trimmed = value?.trim();
  return trimmed ? trimmed : undefined;
}

function optionalPort(env: NodeJS.ProcessEnv, name: string): number | undefined {
  const value = nonEmpty(env[name]);
  if (value === undefined) return undefined;
  const port = Number(value);
  if (!Number.isInteger(port) || port < 0 || port > 65535) {
    throw new ConfigError(`${name}="${value}" is not a TCP port (an integer from 0 to 65535)`);
  }
  return port;
}

function nonNegativeInteger(env: NodeJS.ProcessEnv, name: string, fallback: number): number {
  const value = nonEmpty(env[name]);
  if (value === undefined) return fallback;
  const number = Number(value);
  if (!Number.isInteger(number) || number < 0) {
    throw new ConfigError(`${name}="${value}" must be a non-negative integer (milliseconds)`);
  }
  return number;
}

function list(env: NodeJS.ProcessEnv, name: string, allowed: readonly string[], fallback: string[]): string[] {
  const value = nonEmpty(env[name]);
  if (value === undefined) return fallback;
  const entries = [
    ...new Set(
      value
        .split(',')
        .map((entry) => entry.trim().toLowerCase())
        .filter(Boolean),
    ),
  ];
  const unknown = entries.filter((entry) => !allowed.includes(entry));
  if (unknown.length > 0) {
    throw new ConfigError(`${name}="${value}": unsupported value ${unknown.map((entry) => `"${entry}"`).join(', ')} (supported: ${allowed.join(', ')})`);
  }
  return entries.includes('none') ? [] : entries;
}

function protocol(env: NodeJS.ProcessEnv, specific: string): OtlpProtocol {
  const name = nonEmpty(env[specific]) !== undefined ? specific : 'OTEL_EXPORTER_OTLP_PROTOCOL';
  const value = nonEmpty(env[name]);
  if (value === undefined) return 'http/protobuf';
  if (value === 'http/protobuf' || value === 'http/json') return value;
  if (value === 'grpc') throw new ConfigError(`${name}="grpc" is not supported by @genai-otel/node; use http/protobuf (the default) or http/json`);
  throw new ConfigError(`${name}="${value}" is not an OTLP protocol (use http/protobuf or http/json)`);
}

function boolean(env: NodeJS.ProcessEnv, name: string): boolean {
  const value = nonEmpty(env[name])?.toLowerCase();
  if (value === undefined || value === 'false') return false;
  if (value === 'true') return true;
  throw new ConfigError(`${name}="${env[name]}" must be true or false`);
}
