// The environment variables of the usage poller (`genai-otel usage-poller`). Bad values are a
// ConfigError naming the variable; the admin keys are never part of a message.
import { ANTHROPIC_DEFAULT_BASE_URL, ANTHROPIC_DEFAULT_GROUP_BY } from './sources/anthropic.js';
import { OPENAI_DEFAULT_BASE_URL, OPENAI_DEFAULT_ENDPOINTS, OPENAI_DEFAULT_GROUP_BY } from './sources/openai.js';
import { DEFAULT_INTERVAL_MILLIS, DEFAULT_LOOKBACK_SECONDS, type UsagePollerOptions } from './poller.js';
import {
  ANTHROPIC_GROUP_BY,
  BUCKET_WIDTH_SECONDS,
  OPENAI_GROUP_BY,
  OPENAI_USAGE_ENDPOINTS,
  type AnthropicGroupBy,
  type BucketWidth,
  type OpenAIGroupBy,
  type OpenAIUsageEndpoint,
} from './types.js';

/** A configuration mistake the user can fix; its message is meant to be printed as is. */
export class ConfigError extends Error {
  override name = 'ConfigError';
}

/** Default state file, relative to the working directory. */
export const DEFAULT_STATE_FILE = 'genai-otel-usage-state.json';
export const DEFAULT_SERVICE_NAME = 'genai-otel-usage-poller';

/** What the environment configures. */
export interface UsagePollerSettings {
  /** Poller options without the meter and the test hooks. */
  poller: UsagePollerOptions;
  /** `OTEL_SERVICE_NAME` (default `genai-otel-usage-poller`). */
  serviceName: string;
  /** `OTEL_METRICS_EXPORTER`: `otlp` (default), `console` or `none`. */
  metricsExporter: 'otlp' | 'console' | 'none';
  /** `OTEL_METRIC_EXPORT_INTERVAL`, ms (default 60000). */
  exportIntervalMillis: number;
}

function nonEmpty(value: string | undefined): string | undefined {
  const trimmed = value?.trim();
  return trimmed ? trimmed : undefined;
}

const UNIT_MILLIS: Readonly<Record<string, number>> = { ms: 1, s: 1000, m: 60_000, h: 3_600_000, d: 86_400_000 };

/** `300`, `300s`, `5m`, `2d`, `1h30m` → ms (a bare number is seconds). */
export function parseDurationMillis(name: string, value: string): number {
  if (/^\d+(\.\d+)?$/.test(value)) return Number(value) * 1000;
  const parts = [...value.matchAll(/(\d+)(ms|s|m|h|d)/g)];
  if (parts.length === 0 || parts.map((part) => part[0]).join('') !== value) {
    throw new ConfigError(`${name}="${value}" is not a duration (e.g. 300, 300s, 5m, 2d)`);
  }
  return parts.reduce((total, part) => total + Number(part[1]) * (UNIT_MILLIS[part[2] ?? 's'] ?? 1000), 0);
}

function duration(env: NodeJS.ProcessEnv, name: string, fallbackMillis: number, minMillis: number): number {
  const value = nonEmpty(env[name]);
  if (value === undefined) return fallbackMillis;
  const millis = parseDurationMillis(name, value);
  if (millis < minMillis) throw new ConfigError(`${name}="${value}" is too short (at least ${minMillis / 1000}s)`);
  return millis;
}

function list<T extends string>(env: NodeJS.ProcessEnv, name: string, allowed: readonly T[], fallback: readonly T[]): T[] {
  const value = nonEmpty(env[name]);
  if (value === undefined) return [...fallback];
  const entries = [
    ...new Set(
      value
        .split(',')
        .map((entry) => entry.trim())
        .filter(Boolean),
    ),
  ];
  const unknown = entries.filter((entry) => !(allowed as readonly string[]).includes(entry));
  if (unknown.length > 0) {
    throw new ConfigError(`${name}="${value}": unsupported ${unknown.map((entry) => `"${entry}"`).join(', ')} (supported: ${allowed.join(', ')})`);
  }
  return entries as T[];
}

function url(env: NodeJS.ProcessEnv, name: string, fallback: string): string {
  const value = nonEmpty(env[name]) ?? fallback;
  try {
    const parsed = new URL(value);
    if (parsed.protocol !== 'http:' && parsed.protocol !== 'https:') throw new Error('not http(s)');
  } catch {
    throw new ConfigError(`${name}="${value}" is not an http(s) URL`);
  }
  return value;
}

/**
 * Reads the poller's variables:
 * `OPENAI_ADMIN_KEY`, `OPENAI_ADMIN_BASE_URL`, `ANTHROPIC_ADMIN_KEY`, `ANTHROPIC_ADMIN_BASE_URL`,
 * `GENAI_OTEL_USAGE_POLL_INTERVAL`, `GENAI_OTEL_USAGE_LOOKBACK`, `GENAI_OTEL_USAGE_BUCKET_WIDTH`,
 * `GENAI_OTEL_USAGE_STATE_FILE`, `GENAI_OTEL_USAGE_OPENAI_ENDPOINTS`, `GENAI_OTEL_USAGE_OPENAI_GROUP_BY`,
 * `GENAI_OTEL_USAGE_ANTHROPIC_GROUP_BY`, `OTEL_SERVICE_NAME`, `OTEL_METRICS_EXPORTER`, `OTEL_METRIC_EXPORT_INTERVAL`.
 */
export function readUsagePollerEnv(env: NodeJS.ProcessEnv = process.env): UsagePollerSettings {
  const openaiKey = nonEmpty(env['OPENAI_ADMIN_KEY']);
  const anthropicKey = nonEmpty(env['ANTHROPIC_ADMIN_KEY']);
  if (openaiKey === undefined && anthropicKey === undefined) {
    throw new ConfigError(
      'no admin key: set OPENAI_ADMIN_KEY (an OpenAI admin key, sk-admin-…) and/or ANTHROPIC_ADMIN_KEY (an Anthropic Admin API key, sk-ant-admin…)',
    );
  }
  const width = nonEmpty(env['GENAI_OTEL_USAGE_BUCKET_WIDTH']) ?? '1h';
  if (!Object.hasOwn(BUCKET_WIDTH_SECONDS, width)) {
    throw new ConfigError(`GENAI_OTEL_USAGE_BUCKET_WIDTH="${width}" must be 1m, 1h or 1d`);
  }
  const poller: UsagePollerOptions = {
    bucketWidth: width as BucketWidth,
    lookbackSeconds: duration(env, 'GENAI_OTEL_USAGE_LOOKBACK', DEFAULT_LOOKBACK_SECONDS * 1000, 86_400_000) / 1000,
    intervalMillis: duration(env, 'GENAI_OTEL_USAGE_POLL_INTERVAL', DEFAULT_INTERVAL_MILLIS, 1000),
    stateFile: nonEmpty(env['GENAI_OTEL_USAGE_STATE_FILE']) ?? DEFAULT_STATE_FILE,
  };
  if (openaiKey !== undefined) {
    poller.openai = {
      adminKey: openaiKey,
      baseURL: url(env, 'OPENAI_ADMIN_BASE_URL', OPENAI_DEFAULT_BASE_URL),
      endpoints: list<OpenAIUsageEndpoint>(env, 'GENAI_OTEL_USAGE_OPENAI_ENDPOINTS', OPENAI_USAGE_ENDPOINTS, OPENAI_DEFAULT_ENDPOINTS),
      groupBy: list<OpenAIGroupBy>(env, 'GENAI_OTEL_USAGE_OPENAI_GROUP_BY', OPENAI_GROUP_BY, OPENAI_DEFAULT_GROUP_BY),
    };
  }
  if (anthropicKey !== undefined) {
    poller.anthropic = {
      adminKey: anthropicKey,
      baseURL: url(env, 'ANTHROPIC_ADMIN_BASE_URL', ANTHROPIC_DEFAULT_BASE_URL),
      groupBy: list<AnthropicGroupBy>(env, 'GENAI_OTEL_USAGE_ANTHROPIC_GROUP_BY', ANTHROPIC_GROUP_BY, ANTHROPIC_DEFAULT_GROUP_BY),
    };
  }
  const exporter = (nonEmpty(env['OTEL_METRICS_EXPORTER']) ?? 'otlp').toLowerCase();
  if (exporter !== 'otlp' && exporter !== 'console' && exporter !== 'none') {
    throw new ConfigError(`OTEL_METRICS_EXPORTER="${exporter}": the usage poller exports with otlp (default), console or none`);
  }
  const interval = nonEmpty(env['OTEL_METRIC_EXPORT_INTERVAL']);
  const exportIntervalMillis = interval === undefined ? 60_000 : Number(interval);
  if (!Number.isInteger(exportIntervalMillis) || exportIntervalMillis < 1) {
    throw new ConfigError(`OTEL_METRIC_EXPORT_INTERVAL="${interval}" must be a positive integer (milliseconds)`);
  }
  return {
    poller,
    serviceName: nonEmpty(env['OTEL_SERVICE_NAME']) ?? DEFAULT_SERVICE_NAME,
    metricsExporter: exporter,
    exportIntervalMillis,
  };
}
