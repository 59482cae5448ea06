/**
 * Failures through the real `openai` SDK: HTTP errors, timeout, abort before and during a stream, and
 * a caller breaking out of a stream. Each ends its span exactly once with the documented error.type,
 * and the caller sees exactly the error an uninstrumented call gives.
 */
import { startFakeProvider, type FakeProvider } from '@genai-otel/fake-provider';
import { SpanStatusCode } from '@opentelemetry/api';
import OpenAI from 'openai';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { points, setupTelemetry } from './telemetry.js';

const telemetry = setupTelemetry();
let provider: FakeProvider;
let client: OpenAI;

const request = { model: 'gpt-4.1', messages: [{ role: 'user' as const, content: 'Hello' }] };

beforeAll(async () => {
  provider = await startFakeProvider();
  telemetry.instrumentation.setConfig({ providerHosts: { '127.0.0.1': 'openai' } });
  telemetry.instrumentation.enable();
  client = new OpenAI({ apiKey: 'sk-test-not-a-key', baseURL: provider.baseURL, maxRetries: 0 });
});
afterAll(async () => {
  telemetry.instrumentation.disable();
  await provider.stop();
});
beforeEach(async () => {
  await telemetry.reset();
  provider.reset();
});

function describeError(error: unknown): { name: string; message: string; status: unknown } {
  const value = error as { constructor: { name: string }; message: string; status?: unknown };
  return { name: value.constructor.name, message: value.message, status: value.status };
}

/** The error a call throws with the instrumentation disabled and enabled. */
async function errorsBothWays(call: () => Promise<unknown>): Promise<{ plain: unknown; instrumented: unknown }> {
  telemetry.instrumentation.disable();
  const plain = await call().then(() => 'resolved', describeError);
  telemetry.instrumentation.enable();
  const instrumented = await call().then(() => 'resolved', describeError);
  return { plain, instrumented };
}

const requestAttributes = () => ({
  'gen_ai.operation.name': 'chat',
  'gen_ai.provider.name': 'openai',
  'gen_ai.request.model': 'gpt-4.1',
  'server.address': '127.0.0.1',
  'server.port': provider.port,
});

describe.each([
  ['429', 'rate_limited', 'RateLimitError', 429],
  ['500', 'server_error', 'InternalServerError', 500],
  ['503', 'overloaded', 'InternalServerError', 503],
])('HTTP %s', (fault, errorType, errorClass, status) => {
  it(`ends the span with error.type ${errorType} and records the failure`, async () => {
    const call = () => client.chat.completions.create(request, { headers: { 'x-fake-fault': fault } });
    const { plain, instrumented } = await errorsBothWays(call);
    expect(instrumented).toEqual(plain);
    expect(instrumented).toMatchObject({ name: errorClass, status });

    const [span] = await telemetry.waitForSpans(1);
    expect(telemetry.spans()).toHaveLength(1);
    // OpenAI does not document whether a failed call is billed: unknown, never $0.
    expect(span!.attributes).toEqual({ ...requestAttributes(), 'error.type': errorType, 'genai_otel.cost.unknown_reason': 'error_billing_unknown' });
    expect(span!.status).toEqual({ code: SpanStatusCode.ERROR, message: `HTTP ${status}` });

    const metrics = await telemetry.collectMetrics();
    expect(points(metrics.get('gen_ai.client.inference.duration')).map((point) => point.attributes)).toEqual([
      { ...requestAttributes(), 'error.type': errorType },
    ]);
    const unknown = { ...requestAttributes(), 'gen_ai.token.modality': 'unknown' };
    expect(points(metrics.get('gen_ai.client.inference.usage.input_tokens'))).toEqual([{ attributes: unknown, value: 0 }]);
    expect(points(metrics.get('gen_ai.client.inference.usage.output_tokens'))).toEqual([{ attributes: unknown, value: 0 }]);
    expect(metrics.has('gen_ai.client.inference.operation.input_tokens')).toBe(false);
    expect(metrics.has('gen_ai.client.operation.cost')).toBe(false);
    expect(points(metrics.get('genai_otel.client.operation.cost.unknown'))).toEqual([
      { attributes: { ...requestAttributes(), 'error.type': errorType, 'genai_otel.cost.unknown_reason': 'error_billing_unknown' }, value: 1 },
    ]);
  });
});

describe('timeout', () => {
  it('reads the SDK timeout as error.type timeout', async () => {
    const call = () => client.chat.completions.create(request, { headers: { 'x-fake-fault': 'hang' }, timeout: 300 });
    const { plain, instrumented } = await errorsBothWays(call);
    expect(instrumented).toEqual(plain);
    expect(instrumented).toMatchObject({ name: 'APIConnectionTimeoutError' });
    const [span] = await telemetry.waitForSpans(1);
    expect(span!.attributes['error.type']).toBe('timeout');
    expect(span!.status.code).toBe(SpanStatusCode.ERROR);
  });
});

describe('abort', () => {
  it('reads a caller abort before the response as error.type aborted', async () => {
    const call = async () => {
      provider.reset();
      const controller = new AbortController();
      const pending = client.chat.completions.create(request, { headers: { 'x-fake-fault': 'hang' }, signal: controller.signal });
      // Abort once the server holds the request.
      await provider.waitForRequests(1);
      controller.abort();
      return pending;
    };
    const { plain, instrumented } = await errorsBothWays(call);
    expect(instrumented).toEqual(plain);
    expect(instrumented).toMatchObject({ name: 'APIUserAbortError' });
    const [span] = await telemetry.waitForSpans(1);
    expect(span!.attributes['error.type']).toBe('aborted');
  });

  it('reads an abort in the middle of a stream as stream_cancelled, with the partial response', async () => {
    const controller = new AbortController();
    const stream = await client.chat.completions.create(
      { ...request, stream: true },
      { headers: { 'x-fake-fault': 'slow;ttfb-ms=0;chunk-delay-ms=20', 'x-fake-usage': 'completion=50' }, signal: controller.signal },
    );
    const received: unknown[] = [];
    const outcome = await (async () => {
      for await (const chunk of stream) {
        received.push(chunk);
        if (received.length === 2) controller.abort();
      }
    })().then(() => 'completed', describeError);
    // The SDK ends iteration quietly when the caller aborts a stream it is reading.
    expect(outcome).toBe('completed');
    expect(received).toHaveLength(2);
    const [span] = await telemetry.waitForSpans(1);
    expect(telemetry.spans()).toHaveLength(1);
    expect(span!.attributes).toMatchObject({
      'error.type': 'stream_cancelled',
      'gen_ai.response.model': 'gpt-4.1-2025-04-14',
      'gen_ai.response.finish_reasons': ['error'],
    });
    expect(span!.attributes['gen_ai.usage.input_tokens']).toBeUndefined();
  });

  it('ends the span once when the caller breaks out of a stream early', async () => {
    const stream = await client.chat.completions.create(
      { ...request, stream: true },
      { headers: { 'x-fake-fault': 'slow;ttfb-ms=0;chunk-delay-ms=20', 'x-fake-usage': 'completion=50' } },
    );
    for await (const _chunk of stream) break;
    const [span] = await telemetry.waitForSpans(1);
    expect(span!.attributes['error.type']).toBe('stream_cancelled');
    expect(span!.status).toEqual({ code: SpanStatusCode.ERROR, message: 'stream cancelled by the caller' });
    // A later call is unaffected and the early span stays the only one ended for that call.
    await client.chat.completions.create(request);
    await telemetry.waitForSpans(2);
    expect(telemetry.spans()).toHaveLength(2);
  });
});

describe('connection reset mid-stream', () => {
  it('gives the caller the same error and ends the span with connection_error', async () => {
    const call = async () => {
      const stream = await client.chat.completions.create(
        { ...request, stream: true },
        { headers: { 'x-fake-fault': 'reset;after=2', 'x-fake-usage': 'completion=20' } },
      );
      for await (const _chunk of stream) {
        // read until the connection drops
      }
    };
    const { plain, instrumented } = await errorsBothWays(call);
    expect(instrumented).toEqual(plain);
    expect(instrumented).not.toBe('resolved');
    const [span] = await telemetry.waitForSpans(1);
    expect(span!.attributes['error.type']).toBe('connection_error');
  });
});

describe('malformed responses', () => {
  it('ends the span with invalid_response for a body that is not JSON, and the caller gets the SDK’s own error', async () => {
    const call = () => client.chat.completions.create(request, { headers: { 'x-fake-fault': 'malformed-json' } });
    const { plain, instrumented } = await errorsBothWays(call);
    expect(instrumented).toEqual(plain);
    const [span] = await telemetry.waitForSpans(1);
    expect(span!.attributes['error.type']).toBe('invalid_response');
    expect(span!.attributes['gen_ai.usage.input_tokens']).toBeUndefined();
  });

  it('ends the span with invalid_response for a malformed SSE event', async () => {
    const call = async () => {
      const stream = await client.chat.completions.create({ ...request, stream: true }, { headers: { 'x-fake-fault': 'malformed-sse' } });
      for await (const _chunk of stream) {
        // consume
      }
    };
    const { plain, instrumented } = await errorsBothWays(call);
    expect(instrumented).toEqual(plain);
    const [span] = await telemetry.waitForSpans(1);
    expect(plain).toMatchObject({ name: 'SyntaxError' });
    expect(span!.attributes['error.type']).toBe('invalid_response');
  });

  it('reads gzip-encoded responses', async () => {
    const completion = await client.chat.completions.create(request, { headers: { 'x-fake-fault': 'gzip', 'x-fake-usage': 'prompt=11,completion=3' } });
    const [span] = await telemetry.waitForSpans(1);
    expect(completion.usage?.prompt_tokens).toBe(11);
    expect(span!.attributes).toMatchObject({ 'gen_ai.usage.input_tokens': 11, 'gen_ai.usage.output_tokens': 3 });
    expect(span!.attributes['error.type']).toBeUndefined();
  });
});
