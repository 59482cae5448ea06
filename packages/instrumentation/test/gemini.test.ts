/**
 * Gemini through the real `@google/genai` (3.x) against the fake provider: generateContent and
 * generateContentStream on the Gemini API (gcp.gemini) and Vertex AI (gcp.vertex_ai); output tokens
 * include thoughts, cached content is a subset of input, the API key never reaches telemetry.
 */
import { GoogleGenAI } from '@google/genai';
import { startFakeProvider, type FakeProvider } from '@genai-otel/fake-provider';
import { SpanStatusCode } from '@opentelemetry/api';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { points, setupTelemetry } from './telemetry.js';

const telemetry = setupTelemetry();
let provider: FakeProvider;

beforeAll(async () => {
  provider = await startFakeProvider();
  telemetry.instrumentation.enable();
});
afterAll(async () => {
  telemetry.instrumentation.disable();
  await provider.stop();
});
beforeEach(async () => {
  await telemetry.reset();
  provider.reset();
});

const MODEL = 'gemini-2.5-flash';
const usage = 'prompt=1000,candidates=200,thoughts=300,cached=400';
// gemini-2.5-flash list prices (USD/MTok, Gemini API pricing = genai-prices 0.1.8): input 0.30, cached 0.03,
// output (thinking included) 2.50.
const EXPECTED_COST = ((1000 - 400) * 0.3 + 400 * 0.03 + (200 + 300) * 2.5) / 1e6;

function client(options: { vertex?: boolean; headers?: Record<string, string> } = {}): GoogleGenAI {
  return new GoogleGenAI({
    apiKey: 'AIza-test-not-a-key-0123456789',
    ...(options.vertex ? { vertexai: true, project: 'test-project', location: 'us-central1', apiVersion: 'v1' } : {}),
    httpOptions: { baseUrl: provider.url, headers: { 'x-fake-usage': usage, ...options.headers } },
  });
}

describe('generateContent', () => {
  it('on the Gemini API: generate_content span, thoughts counted as output, cost', async () => {
    const response = await client().models.generateContent({ model: MODEL, contents: 'Hello', config: { temperature: 0.5, maxOutputTokens: 800 } });
    const [span] = await telemetry.waitForSpans(1);
    expect(span!.name).toBe(`generate_content ${MODEL}`);
    expect(span!.attributes).toEqual({
      'gen_ai.operation.name': 'generate_content',
      'gen_ai.provider.name': 'gcp.gemini',
      'gen_ai.request.model': MODEL,
      'gen_ai.request.temperature': 0.5,
      'gen_ai.request.max_tokens': 800,
      'server.address': '127.0.0.1',
      'server.port': provider.port,
      'gen_ai.response.id': response.responseId,
      'gen_ai.response.model': response.modelVersion,
      'gen_ai.response.finish_reasons': [response.candidates![0]!.finishReason],
      'gen_ai.usage.input_tokens': 1000,
      'gen_ai.usage.output_tokens': 500,
      'gen_ai.usage.cache_read.input_tokens': 400,
      'gen_ai.usage.reasoning.output_tokens': 300,
      'gen_ai.usage.cost.amount': expect.closeTo(EXPECTED_COST, 12),
      'gen_ai.usage.cost.currency': 'USD',
      'gen_ai.usage.cost.source': 'price-table',
      'genai_otel.cost.data_version': 'genai-prices@0.1.8',
    });
    expect(response.usageMetadata).toMatchObject({ promptTokenCount: 1000, candidatesTokenCount: 200, thoughtsTokenCount: 300 });
    // The key travels in x-goog-api-key; nothing of it is recorded.
    expect(JSON.stringify(telemetry.allSpans().map((each) => each.attributes))).not.toContain('AIza');
  });

  it('on Vertex AI: gcp.vertex_ai', async () => {
    await client({ vertex: true }).models.generateContent({ model: MODEL, contents: 'Hello' });
    const [span] = await telemetry.waitForSpans(1);
    expect(span!.attributes).toMatchObject({ 'gen_ai.provider.name': 'gcp.vertex_ai', 'gen_ai.usage.output_tokens': 500 });
  });
});

describe('generateContentStream', () => {
  it('takes the last usageMetadata and the time to first chunk', async () => {
    let chunks = 0;
    for await (const _chunk of await client().models.generateContentStream({ model: MODEL, contents: 'Hello' })) chunks += 1;
    const [span] = await telemetry.waitForSpans(1);
    expect(chunks).toBeGreaterThan(1);
    expect(span!.attributes).toMatchObject({
      'gen_ai.request.stream': true,
      'gen_ai.usage.input_tokens': 1000,
      'gen_ai.usage.output_tokens': 500,
      'gen_ai.usage.reasoning.output_tokens': 300,
      'gen_ai.usage.cost.amount': expect.closeTo(EXPECTED_COST, 12),
    });
    expect(span!.attributes['gen_ai.response.time_to_first_chunk']).toBeGreaterThan(0);
    const metrics = await telemetry.collectMetrics();
    expect(points(metrics.get('gen_ai.client.inference.usage.reasoning.output_tokens')).map((point) => point.value)).toEqual([300]);
  });
});

describe('errors', () => {
  it.each([
    ['429', 'rate_limited'],
    ['503', 'overloaded'],
    ['500', 'server_error'],
  ])('%s → error.type %s, cost 0 (Gemini does not bill failed requests)', async (fault, errorType) => {
    await client({ headers: { 'x-fake-fault': fault } })
      .models.generateContent({ model: MODEL, contents: 'Hello' })
      .catch(() => undefined);
    const [span] = await telemetry.waitForSpans(1);
    expect(span!.attributes).toMatchObject({ 'error.type': errorType, 'gen_ai.usage.cost.amount': 0 });
    expect(span!.status.code).toBe(SpanStatusCode.ERROR);
  });
});
