import type { CustomPriceTable, PriceDataSource } from '@genai-otel/pricing';
import type { GenAIInstrumentationConfig, SemconvMetricSet } from './types.js';
import { resolveAttribution, type ResolvedAttribution } from './attribution/config.js';

/** Configuration with every default applied. */
export interface ResolvedConfig {
  patchGlobalFetch: boolean;
  injectStreamUsage: boolean;
  chunkTimings: boolean;
  providerHosts: Record<string, string>;
  defaultProviderName: string;
  semconvMetrics: SemconvMetricSet;
  maxRequestBodyBytes: number;
  maxResponseBodyBytes: number;
  cost: boolean;
  maxModelNames: number;
  anthropicSdkSpans: 'suppress' | 'keep';
  captureMessageContent: boolean;
  maxContentLength: number;
  customPrices: CustomPriceTable | string | undefined;
  priceData: string | PriceDataSource | undefined;
  /** Metric dimensions, their cap and the Baggage allowlist (attribution/config.ts). */
  attribution: ResolvedAttribution;
}

const MIB = 1024 * 1024;

/** Reads the GenAI entry of `OTEL_SEMCONV_STABILITY_OPT_IN` (a comma-separated list). */
export function semconvMetricsFromEnv(value: string | undefined): SemconvMetricSet | undefined {
  if (!value) return undefined;
  const entries = value.split(',').map((entry) => entry.trim());
  if (entries.includes('gen_ai_latest_experimental/dup')) return 'both';
  if (entries.includes('gen_ai_latest_experimental')) return 'latest';
  if (entries.includes('gen_ai_legacy')) return 'legacy';
  return undefined;
}

export function resolveConfig(config: GenAIInstrumentationConfig, env: NodeJS.ProcessEnv = process.env): ResolvedConfig {
  return {
    patchGlobalFetch: config.patchGlobalFetch ?? true,
    injectStreamUsage: config.injectStreamUsage ?? true,
    chunkTimings: config.chunkTimings ?? env['GENAI_OTEL_CHUNK_TIMINGS']?.trim().toLowerCase() !== 'false',
    providerHosts: { ...providerHostsFromEnv(env['GENAI_OTEL_PROVIDER_HOSTS']), ...config.providerHosts },
    defaultProviderName: config.defaultProviderName ?? 'openai_compatible',
    semconvMetrics: config.semconvMetrics ?? semconvMetricsFromEnv(env['OTEL_SEMCONV_STABILITY_OPT_IN']) ?? 'latest',
    maxRequestBodyBytes: positiveOr(config.maxRequestBodyBytes, 16 * MIB),
    maxResponseBodyBytes: positiveOr(config.maxResponseBodyBytes, 16 * MIB),
    cost: config.cost ?? true,
    maxModelNames: positiveOr(config.maxModelNames ?? numberFrom(env['GENAI_OTEL_MAX_MODEL_NAMES']), 200),
    captureMessageContent: config.captureMessageContent ?? env['OTEL_INSTRUMENTATION_GENAI_CAPTURE_MESSAGE_CONTENT']?.trim().toLowerCase() === 'true',
    maxContentLength: positiveOr(config.maxContentLength ?? numberFrom(env['GENAI_OTEL_MAX_CONTENT_LENGTH']), 4096),
    anthropicSdkSpans: config.anthropicSdkSpans ?? 'suppress',
    customPrices: config.customPrices ?? (env['GENAI_OTEL_CUSTOM_PRICES']?.trim() || undefined),
    priceData: config.priceData ?? priceDataFromEnv(env['GENAI_OTEL_PRICE_DATA'], env['GENAI_OTEL_PRICE_DATA_REFRESH_SECONDS']),
    attribution: resolveAttribution(config, env),
  };
}

/**
 * `GENAI_OTEL_PROVIDER_HOSTS`: comma-separated `host=provider` entries (`host` may be `host:port` or a
 * `.suffix`), e.g. `llm-gateway.internal=openai,127.0.0.1:8787=deepseek`. Malformed entries are skipped.
 */
export function providerHostsFromEnv(value: string | undefined): Record<string, string> {
  const hosts: Record<string, string> = {};
  for (const entry of (value ?? '').split(',')) {
    const at = entry.lastIndexOf('=');
    const host = entry.slice(0, at).trim().toLowerCase();
    const provider = entry.slice(at + 1).trim();
    if (at > 0 && host && provider) hosts[host] = provider;
  }
  return hosts;
}

function numberFrom(value: string | undefined): number | undefined {
  return value === undefined || value.trim() === '' ? undefined : Number(value);
}

function positiveOr(value: number | undefined, fallback: number): number {
  return typeof value === 'number' && Number.isFinite(value) && value > 0 ? value : fallback;
}

/** `GENAI_OTEL_PRICE_DATA` (a path or URL) and, optionally, `GENAI_OTEL_PRICE_DATA_REFRESH_SECONDS` (a reload period). */
export function priceDataFromEnv(source: string | undefined, refreshSeconds: string | undefined): string | PriceDataSource | undefined {
  const trimmed = source?.trim();
  if (!trimmed) return undefined;
  const seconds = numberFrom(refreshSeconds);
  return seconds === undefined || !Number.isFinite(seconds) || seconds <= 0 ? trimmed : { source: trimmed, refreshIntervalMs: seconds * 1000 };
}
