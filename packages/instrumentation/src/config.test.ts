import { describe, expect, it } from 'vitest';
import { providerHostsFromEnv, resolveConfig } from './config.js';

describe('resolveConfig', () => {
  it('applies every default', () => {
    expect(resolveConfig({}, {})).toEqual({
      patchGlobalFetch: true,
      injectStreamUsage: true,
      chunkTimings: true,
      providerHosts: {},
      defaultProviderName: 'openai_compatible',
      semconvMetrics: 'latest',
      maxRequestBodyBytes: 16 * 1024 * 1024,
      maxResponseBodyBytes: 16 * 1024 * 1024,
      cost: true,
      maxModelNames: 200,
      anthropicSdkSpans: 'suppress',
      captureMessageContent: false,
      maxContentLength: 4096,
      customPrices: undefined,
      priceData: undefined,
      attribution: { metricKeys: [], refusedKeys: [], baggageKeys: [], maxValues: 100 },
    });
  });

  it('reads GENAI_OTEL_* variables, and options win over them', () => {
    const env = {
      GENAI_OTEL_PROVIDER_HOSTS: 'gw.internal=openai, 127.0.0.1:8787=deepseek,broken,=x',
      GENAI_OTEL_MAX_MODEL_NAMES: '50',
      GENAI_OTEL_CUSTOM_PRICES: '/etc/prices.yaml',
      OTEL_SEMCONV_STABILITY_OPT_IN: 'gen_ai_latest_experimental/dup',
      OTEL_INSTRUMENTATION_GENAI_CAPTURE_MESSAGE_CONTENT: 'TRUE',
      GENAI_OTEL_MAX_CONTENT_LENGTH: '100',
      GENAI_OTEL_CHUNK_TIMINGS: 'False',
    };
    expect(resolveConfig({}, env)).toMatchObject({
      providerHosts: { 'gw.internal': 'openai', '127.0.0.1:8787': 'deepseek' },
      maxModelNames: 50,
      customPrices: '/etc/prices.yaml',
      semconvMetrics: 'both',
      captureMessageContent: true,
      maxContentLength: 100,
      chunkTimings: false,
    });
    expect(resolveConfig({ providerHosts: { 'gw.internal': 'groq' }, maxModelNames: 10, semconvMetrics: 'legacy', chunkTimings: true }, env)).toMatchObject({
      chunkTimings: true,
      providerHosts: { 'gw.internal': 'groq', '127.0.0.1:8787': 'deepseek' },
      maxModelNames: 10,
      semconvMetrics: 'legacy',
    });
  });

  it('reads the price data source and its refresh period', () => {
    expect(resolveConfig({}, { GENAI_OTEL_PRICE_DATA: ' /etc/genai-prices.json ' }).priceData).toBe('/etc/genai-prices.json');
    expect(resolveConfig({}, { GENAI_OTEL_PRICE_DATA: 'https://example.com/data.json', GENAI_OTEL_PRICE_DATA_REFRESH_SECONDS: '3600' }).priceData).toEqual({
      source: 'https://example.com/data.json',
      refreshIntervalMs: 3_600_000,
    });
    expect(resolveConfig({}, { GENAI_OTEL_PRICE_DATA: '/p.json', GENAI_OTEL_PRICE_DATA_REFRESH_SECONDS: 'soon' }).priceData).toBe('/p.json');
    expect(resolveConfig({ priceData: '/mine.json' }, { GENAI_OTEL_PRICE_DATA: '/p.json' }).priceData).toBe('/mine.json');
  });

  it('ignores invalid sizes', () => {
    expect(resolveConfig({ maxResponseBodyBytes: -1, maxModelNames: Number.NaN }, {})).toMatchObject({
      maxResponseBodyBytes: 16 * 1024 * 1024,
      maxModelNames: 200,
    });
  });

  it('parses provider host lists', () => {
    expect(providerHostsFromEnv(undefined)).toEqual({});
    expect(providerHostsFromEnv('A.Example=openai')).toEqual({ 'a.example': 'openai' });
  });
});
