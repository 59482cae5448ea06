/**
 * Timeouts and caller-side cancellations through the real SDKs against the fake provider: an SDK's own
 * timeout is `timeout` however it was configured (client option, default, per request), a caller's
 * AbortController before the answer is `aborted`, and a caller that stops reading a stream (`break`,
 * or its signal once the stream is flowing) is `stream_cancelled`. Exact span status, attributes and
 * metric points for each; the caller sees the same outcome as without instrumentation.
 *
 * openai 6 is the bench's `openai-v6` alias (the workspace installs both majors): they differ in how a
 * caller's signal reaches fetch (a listener vs `AbortSignal.any`) and in openai 7's timeout on reading a
 * JSON body. Neither sends `X-Stainless-Timeout` for the client's `timeout`, only for a per-request one.
 */
import Anthropic from '@anthropic-ai/sdk';
import { GoogleGenAI } from '@google/genai';
import { SpanStatusCode, type Attributes } from '@opentelemetry/api';
import type { MetricData } from '@opentelemetry/sdk-metrics';
import type { ReadableSpan } from '@opentelemetry/sdk-trace';
import OpenAI from 'openai';
import OpenAIv6 from 'openai-v6';
import { describe, expect, it } from 'vitest';
import { setupFakeProviders } from './fake-providers.js';
import { points, setupTelemetry } from './telemetry.js';

const telemetry = setupTelemetry();
const fakes = setupFakeProviders(telemetry);

const ABORT_MESSAGE = 'AbortError: This operation was aborted';
const STREAM_CANCELLED = { code: SpanStatusCode.ERROR, message: 'stream cancelled by the caller' };

/** The caller's outcome: the value's kind, or the error's class and message. */
async function outcome(call: () => Promise<unknown>): Promise<string> {
  return call().then(
    () => 'resolved',
    (error: unknown) => `${(error as Error).constructor.name}: ${(error as Error).message}`,
  );
}

/** The same call without and with the instrumentation (each call makes its own request). */
async function outcomesBothWays(call: () => Promise<unknown>): Promise<{ plain: string; instrumented: string }> {
  telemetry.instrumentation.disable();
  const plain = await outcome(call);
  telemetry.instrumentation.enable();
  const instrumented = await outcome(call);
  return { plain, instrumented };
}

/** The one operation span of the test, once ended. */
async function onlySpan(): Promise<ReadableSpan> {
  const [span] = await telemetry.waitForSpans(1);
  expect(telemetry.spans()).toHaveLength(1);
  return span!;
}

/** The metric points every failed call without usage records (duration, tokens, unknown cost, attempts). */
function failedCallPoints(metrics: Map<string, MetricData>) {
  return {
    duration: points(metrics.get('gen_ai.client.inference.duration')).map((point) => point.attributes),
    inputTokens: points(metrics.get('gen_ai.client.inference.usage.input_tokens')),
    costUnknown: points(metrics.get('genai_otel.client.operation.cost.unknown')),
    attempts: points(metrics.get('genai_otel.client.attempts')),
  };
}

/** `response`: the metric dimensions once the response model is known; `tokens`: what token points add (service tier). */
function expectedFailedCallPoints(base: Attributes, withResponseModel: Attributes, errorType: string, tokens: Attributes = {}) {
  return {
    duration: [{ ...withResponseModel, 'error.type': errorType }],
    inputTokens: [{ attributes: { ...withResponseModel, ...tokens, 'gen_ai.token.modality': 'unknown' }, value: 0 }],
    costUnknown: [{ attributes: { ...withResponseModel, 'error.type': errorType, 'genai_otel.cost.unknown_reason': 'aborted' }, value: 1 }],
    attempts: [{ attributes: { ...base, 'error.type': errorType }, value: 1 }],
  };
}

describe.each([
  ['openai 7', OpenAI],
  ['openai 6', OpenAIv6 as unknown as typeof OpenAI],
])('%s', (_name, OpenAIClient) => {
  const request = { model: 'gpt-4.1', messages: [{ role: 'user' as const, content: 'Hello' }] };
  const slowStream = { 'x-fake-fault': 'slow;ttfb-ms=0;chunk-delay-ms=20', 'x-fake-usage': 'completion=50' };
  const base = () => ({
    'gen_ai.operation.name': 'chat',
    'gen_ai.provider.name': 'openai',
    'gen_ai.request.model': 'gpt-4.1',
    'server.address': '127.0.0.1',
    'server.port': fakes.openai.port,
  });

  /** A client whose requests' `X-Stainless-Timeout` values are kept in `timeoutHeaders`. */
  function client(options: { timeout?: number } = {}): { client: OpenAI; timeoutHeaders: Array<string | null> } {
    const timeoutHeaders: Array<string | null> = [];
    const made = new OpenAIClient({
      apiKey: 'sk-test-not-a-key',
      baseURL: fakes.openai.baseURL,
      maxRetries: 0,
      ...options,
      fetch: (url: string | URL | Request, init?: RequestInit) => {
        timeoutHeaders.push(new Headers(init?.headers).get('x-stainless-timeout'));
        return globalThis.fetch(url, init);
      },
    });
    return { client: made, timeoutHeaders };
  }

  it('reads the client-level timeout as timeout, though no X-Stainless-Timeout is sent for it', async () => {
    const { client: timed, timeoutHeaders } = client({ timeout: 300 });
    const call = () => timed.chat.completions.create(request, { headers: { 'x-fake-fault': 'hang' } });
    const { plain, instrumented } = await outcomesBothWays(call);
    expect(instrumented).toBe(plain);
    expect(instrumented).toBe('APIConnectionTimeoutError: Request timed out.');
    expect(timeoutHeaders).toEqual([null, null]);

    const span = await onlySpan();
    expect(span.attributes).toEqual({ ...base(), 'error.type': 'timeout', 'genai_otel.cost.unknown_reason': 'aborted' });
    expect(span.status).toEqual({ code: SpanStatusCode.ERROR, message: ABORT_MESSAGE });
    expect(failedCallPoints(await telemetry.collectMetrics())).toEqual(expectedFailedCallPoints(base(), base(), 'timeout'));
  });

  it('reads a per-request timeout as timeout (X-Stainless-Timeout: 0 for under a second)', async () => {
    const { client: plain, timeoutHeaders } = client();
    const result = await outcome(() => plain.chat.completions.create(request, { headers: { 'x-fake-fault': 'hang' }, timeout: 300 }));
    expect(result).toBe('APIConnectionTimeoutError: Request timed out.');
    expect(timeoutHeaders).toEqual(['0']);
    const span = await onlySpan();
    expect(span.attributes).toEqual({ ...base(), 'error.type': 'timeout', 'genai_otel.cost.unknown_reason': 'aborted' });
    expect(span.status).toEqual({ code: SpanStatusCode.ERROR, message: ABORT_MESSAGE });
  });

  it('reads the caller’s AbortController as aborted, also within a per-request timeout', async () => {
    const { client: timed, timeoutHeaders } = client({ timeout: 60_000 });
    const call = async () => {
      fakes.openai.reset();
      const controller = new AbortController();
      // Under a second: X-Stainless-Timeout 0, which the header alone would read as already timed out.
      const pending = timed.chat.completions.create(request, { headers: { 'x-fake-fault': 'hang' }, signal: controller.signal, timeout: 900 });
      await fakes.openai.waitForRequests(1);
      controller.abort();
      return pending;
    };
    const { plain, instrumented } = await outcomesBothWays(call);
    expect(instrumented).toBe(plain);
    expect(instrumented).toBe('APIUserAbortError: Request was aborted.');
    expect(timeoutHeaders).toEqual(['0', '0']);

    const span = await onlySpan();
    expect(span.attributes).toEqual({ ...base(), 'error.type': 'aborted', 'genai_otel.cost.unknown_reason': 'aborted' });
    expect(span.status).toEqual({ code: SpanStatusCode.ERROR, message: ABORT_MESSAGE });
    expect(failedCallPoints(await telemetry.collectMetrics())).toEqual(expectedFailedCallPoints(base(), base(), 'aborted'));
  });

  /** What a stream cut after its first chunks records: what it read, no usage (it comes last), unknown cost. */
  const cutStreamAttributes = (first: { id: string; system_fingerprint?: string | null }) => ({
    ...base(),
    'gen_ai.request.stream': true,
    'gen_ai.response.id': first.id,
    'gen_ai.response.model': 'gpt-4.1-2025-04-14',
    'gen_ai.response.finish_reasons': ['error'],
    'gen_ai.response.time_to_first_chunk': expect.any(Number),
    'openai.response.service_tier': 'default',
    'openai.response.system_fingerprint': first.system_fingerprint,
    'error.type': 'stream_cancelled',
    'genai_otel.cost.unknown_reason': 'aborted',
  });

  it('reads a break out of a stream as stream_cancelled', async () => {
    const { client: plain } = client();
    const stream = await plain.chat.completions.create({ ...request, stream: true }, { headers: slowStream });
    const received: OpenAI.ChatCompletionChunk[] = [];
    for await (const chunk of stream) {
      received.push(chunk);
      if (received.length === 2) break;
    }
    const span = await onlySpan();
    expect(span.attributes).toEqual(cutStreamAttributes(received[0]!));
    expect(span.status).toEqual(STREAM_CANCELLED);
    const withModel = { ...base(), 'gen_ai.response.model': 'gpt-4.1-2025-04-14' };
    expect(failedCallPoints(await telemetry.collectMetrics())).toEqual(
      expectedFailedCallPoints(base(), withModel, 'stream_cancelled', { 'openai.response.service_tier': 'default' }),
    );
  });

  it('reads the caller’s AbortController in the middle of a stream as stream_cancelled', async () => {
    const { client: plain } = client();
    const controller = new AbortController();
    const stream = await plain.chat.completions.create({ ...request, stream: true }, { headers: slowStream, signal: controller.signal });
    const received: OpenAI.ChatCompletionChunk[] = [];
    const result = await outcome(async () => {
      for await (const chunk of stream) {
        received.push(chunk);
        if (received.length === 2) controller.abort();
      }
    });
    // The SDK ends the iteration quietly: for the caller the stream was simply shorter.
    expect(result).toBe('resolved');
    expect(received).toHaveLength(2);
    const span = await onlySpan();
    expect(span.attributes).toEqual(cutStreamAttributes(received[0]!));
    expect(span.status).toEqual(STREAM_CANCELLED);
  });
});

describe('openai 7: timeout while reading a JSON body', () => {
  it('reads the SDK’s body timeout as timeout', async () => {
    const client = new OpenAI({ apiKey: 'sk-test-not-a-key', baseURL: fakes.openai.baseURL, maxRetries: 0, timeout: 300 });
    const request = { model: 'gpt-4.1', messages: [{ role: 'user' as const, content: 'Hello' }] };
    // The headers and half the body at once, the rest after a minute.
    const result = await outcome(() => client.chat.completions.create(request, { headers: { 'x-fake-fault': 'slow;ttfb-ms=0;body-delay-ms=60000' } }));
    expect(result).toBe('APIConnectionTimeoutError: Request timed out.');
    const span = await onlySpan();
    expect(span.attributes).toEqual({
      'gen_ai.operation.name': 'chat',
      'gen_ai.provider.name': 'openai',
      'gen_ai.request.model': 'gpt-4.1',
      'server.address': '127.0.0.1',
      'server.port': fakes.openai.port,
      'error.type': 'timeout',
      'genai_otel.cost.unknown_reason': 'aborted',
    });
    expect(span.status).toEqual({ code: SpanStatusCode.ERROR, message: ABORT_MESSAGE });
  });
});

describe('@anthropic-ai/sdk', () => {
  const MODEL = 'claude-sonnet-4-5-20250929';
  const request = { model: MODEL, max_tokens: 256, messages: [{ role: 'user' as const, content: 'Hello, Claude' }] };
  const base = () => ({
    'gen_ai.operation.name': 'chat',
    'gen_ai.provider.name': 'anthropic',
    'gen_ai.request.model': MODEL,
    'server.address': '127.0.0.1',
    'server.port': fakes.other.port,
  });
  const client = (timeout?: number) =>
    new Anthropic({ apiKey: 'sk-ant-test-not-a-key', baseURL: fakes.other.url, maxRetries: 0, ...(timeout === undefined ? {} : { timeout }) });

  it('reads the client-level timeout as timeout', async () => {
    const result = await outcome(() => client(300).messages.create(request, { headers: { 'x-fake-fault': 'hang' } }));
    expect(result).toBe('APIConnectionTimeoutError: Request timed out.');
    const span = await onlySpan();
    expect(span.attributes).toEqual({ ...base(), 'gen_ai.request.max_tokens': 256, 'error.type': 'timeout', 'genai_otel.cost.unknown_reason': 'aborted' });
    expect(span.status).toEqual({ code: SpanStatusCode.ERROR, message: ABORT_MESSAGE });
    const expected = expectedFailedCallPoints(base(), base(), 'timeout');
    expect(failedCallPoints(await telemetry.collectMetrics())).toEqual(expected);
  });

  it('reads the caller’s AbortController as aborted, also within a sub-second timeout', async () => {
    const controller = new AbortController();
    const pending = outcome(() => client(900).messages.create(request, { headers: { 'x-fake-fault': 'hang' }, signal: controller.signal }));
    await fakes.other.waitForRequests(1);
    controller.abort();
    expect(await pending).toBe('APIUserAbortError: Request was aborted.');
    const span = await onlySpan();
    expect(span.attributes).toEqual({ ...base(), 'gen_ai.request.max_tokens': 256, 'error.type': 'aborted', 'genai_otel.cost.unknown_reason': 'aborted' });
    expect(span.status).toEqual({ code: SpanStatusCode.ERROR, message: ABORT_MESSAGE });
  });

  it('reads a break out of a stream as stream_cancelled', async () => {
    const stream = await client().messages.create(
      { ...request, stream: true },
      { headers: { 'x-fake-fault': 'slow;ttfb-ms=0;chunk-delay-ms=20', 'x-fake-usage': 'input=100,output=50' } },
    );
    const events: Anthropic.RawMessageStreamEvent[] = [];
    for await (const event of stream) {
      events.push(event);
      if (events.length === 3) break;
    }
    const start = events[0] as Anthropic.RawMessageStartEvent;
    const span = await onlySpan();
    // message_start carries the input tokens and a first output token: priced, as a lower bound.
    expect(span.attributes).toEqual({
      ...base(),
      'gen_ai.request.max_tokens': 256,
      'gen_ai.request.stream': true,
      'gen_ai.response.id': start.message.id,
      'gen_ai.response.model': MODEL,
      'gen_ai.response.finish_reasons': ['error'],
      'gen_ai.usage.input_tokens': 100,
      'gen_ai.usage.output_tokens': 1,
      'gen_ai.response.time_to_first_chunk': expect.any(Number),
      'gen_ai.usage.cost.amount': expect.closeTo((100 * 3 + 1 * 15) / 1e6, 12),
      'gen_ai.usage.cost.currency': 'USD',
      'gen_ai.usage.cost.source': 'price-table',
      'genai_otel.cost.data_version': 'genai-prices@0.1.8',
      'error.type': 'stream_cancelled',
    });
    expect(span.status).toEqual(STREAM_CANCELLED);
    const metrics = await telemetry.collectMetrics();
    const withModel = { ...base(), 'gen_ai.response.model': MODEL };
    expect(points(metrics.get('gen_ai.client.inference.duration')).map((point) => point.attributes)).toEqual([
      { ...withModel, 'error.type': 'stream_cancelled' },
    ]);
    expect(points(metrics.get('genai_otel.client.attempts'))).toEqual([{ attributes: { ...base(), 'error.type': 'stream_cancelled' }, value: 1 }]);
    expect(metrics.has('genai_otel.client.operation.cost.unknown')).toBe(false);
  });
});

describe('@google/genai', () => {
  const MODEL = 'gemini-2.5-flash';
  const base = () => ({
    'gen_ai.operation.name': 'generate_content',
    'gen_ai.provider.name': 'gcp.gemini',
    'gen_ai.request.model': MODEL,
    'server.address': '127.0.0.1',
    'server.port': fakes.other.port,
  });
  const client = (options: { timeout?: number; headers?: Record<string, string> } = {}) =>
    new GoogleGenAI({
      apiKey: 'AIza-test-not-a-key-0123456789',
      httpOptions: { baseUrl: fakes.other.url, ...(options.timeout === undefined ? {} : { timeout: options.timeout }), headers: options.headers ?? {} },
    });

  it('reads the client-level timeout as timeout', async () => {
    const call = () => client({ timeout: 300, headers: { 'x-fake-fault': 'hang' } }).models.generateContent({ model: MODEL, contents: 'Hello' });
    const { plain, instrumented } = await outcomesBothWays(call);
    expect(instrumented).toBe(plain);
    const span = await onlySpan();
    expect(span.attributes).toEqual({ ...base(), 'error.type': 'timeout', 'genai_otel.cost.unknown_reason': 'aborted' });
    expect(span.status).toEqual({ code: SpanStatusCode.ERROR, message: ABORT_MESSAGE });
    expect(failedCallPoints(await telemetry.collectMetrics())).toEqual(expectedFailedCallPoints(base(), base(), 'timeout'));
  });

  it('reads its timeout in the middle of a stream (it stays armed while the body is read) as timeout', async () => {
    const stream = await client({ timeout: 300, headers: { 'x-fake-fault': 'slow;ttfb-ms=0;chunk-delay-ms=60000' } }).models.generateContentStream({
      model: MODEL,
      contents: 'Hello',
    });
    const result = await outcome(async () => {
      for await (const _chunk of stream) {
        // the first chunk arrives at once, the second never
      }
    });
    expect(result).toBe('DOMException: This operation was aborted');
    const span = await onlySpan();
    expect(span.attributes).toMatchObject({ 'gen_ai.request.stream': true, 'error.type': 'timeout' });
    expect(span.attributes['genai_otel.cost.unknown_reason']).toBeUndefined();
    expect(span.status).toEqual({ code: SpanStatusCode.ERROR, message: ABORT_MESSAGE });
  });

  it('reads the caller’s abortSignal as aborted', async () => {
    const controller = new AbortController();
    const pending = outcome(() =>
      client({ headers: { 'x-fake-fault': 'hang' } }).models.generateContent({ model: MODEL, contents: 'Hello', config: { abortSignal: controller.signal } }),
    );
    await fakes.other.waitForRequests(1);
    controller.abort();
    expect(await pending).toBe('DOMException: This operation was aborted');
    const span = await onlySpan();
    expect(span.attributes).toEqual({ ...base(), 'error.type': 'aborted', 'genai_otel.cost.unknown_reason': 'aborted' });
    expect(span.status).toEqual({ code: SpanStatusCode.ERROR, message: ABORT_MESSAGE });
  });

  it('reads the caller’s abortSignal in the middle of a stream as stream_cancelled', async () => {
    const controller = new AbortController();
    const stream = await client({ headers: { 'x-fake-fault': 'slow;ttfb-ms=0;chunk-delay-ms=20' } }).models.generateContentStream({
      model: MODEL,
      contents: 'Hello',
      config: { abortSignal: controller.signal },
    });
    const result = await outcome(async () => {
      for await (const _chunk of stream) controller.abort();
    });
    // This SDK rethrows the abort into the caller's loop; at the fetch layer it is the same cut.
    expect(result).toBe('DOMException: This operation was aborted');
    const span = await onlySpan();
    expect(span.attributes).toMatchObject({ 'gen_ai.request.stream': true, 'error.type': 'stream_cancelled' });
    expect(span.status).toEqual(STREAM_CANCELLED);
  });
});
