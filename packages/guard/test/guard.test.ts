/**
 * The guard against fault schedules of the fake provider, through hand-written fetch and the real `openai` and
 * `@anthropic-ai/sdk` SDKs given `guard.fetch`, with the instrumentation enabled (its fetch wrapper on the global
 * fetch, below the guard): circuit breaker (threshold, cool-down driven by a faked Date, half-open trials), the
 * 429 cool-down, the concurrency limit with its bounded queue, pacing, the fallback base URL (a second
 * fake-provider instance), and byte-for-byte transparency when the guard does not apply. What the guard decided
 * reaches the spans and the genai_otel.guard.* metrics through its diagnostics channel only.
 */
import { startFakeProvider, type FakeProvider } from '@genai-otel/fake-provider';
import { SpanStatusCode } from '@opentelemetry/api';
import Anthropic from '@anthropic-ai/sdk';
import OpenAI from 'openai';
import { instrumentFetch, withGenAIOperation } from '@genai-otel/instrumentation';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { createGuard, GuardRejectedError, guardRejection, type FetchFunction, type Guard, type GuardConfig, type GuardProviderPolicy } from '../src/index.js';
import { histogram, points, setupTelemetry } from './telemetry.js';

const telemetry = setupTelemetry();
let primary: FakeProvider;
let secondary: FakeProvider;
/** The guarded fetch of the current test, and its guard. */
let guarded: FetchFunction;
let current: Guard | undefined;
/** GenAI operation spans expected so far in the current test. */
let spanCount = 0;

const FIXED_CLOCK = () => 1_767_225_600_000;
const MODEL = 'gpt-4.1';
const target = { 'gen_ai.provider.name': 'openai', 'gen_ai.request.model': MODEL };

/** The guard's time is Date's (as cockatiel's): faked, so that cool-downs and pacing move only when told. */
const clock = { advance: (ms: number) => vi.setSystemTime(Date.now() + ms) };

beforeAll(async () => {
  primary = await startFakeProvider({ clock: FIXED_CLOCK });
  secondary = await startFakeProvider({ clock: FIXED_CLOCK });
  telemetry.instrumentation.enable();
});
afterAll(async () => {
  telemetry.instrumentation.disable();
  await primary.stop();
  await secondary.stop();
});
beforeEach(async () => {
  vi.useFakeTimers({ toFake: ['Date'] });
  vi.setSystemTime(FIXED_CLOCK());
  spanCount = 0;
  primary.reset();
  secondary.reset();
  guarded = fetch;
  telemetry.instrumentation.setConfig({ providerHosts: hosts() });
  await telemetry.reset();
});
afterEach(() => {
  current?.close();
  current = undefined;
  vi.useRealTimers();
});

/** The primary fake provider's host:port is provider `openai`, for the guard and the instrumentation alike. */
const hosts = () => ({ [`127.0.0.1:${primary.port}`]: 'openai' });

/** Guards provider `openai` with `policy`: `guarded` is the guard's fetch. */
function guard(policy: GuardProviderPolicy, config: Partial<GuardConfig> = {}): FetchFunction {
  current?.close();
  current = createGuard({ providers: { openai: policy }, providerHosts: hosts(), ...config });
  guarded = current.fetch;
  return guarded;
}

const chatBody = (model = MODEL, extra: object = {}) => JSON.stringify({ model, messages: [{ role: 'user', content: 'hi' }], ...extra });

type Outcome = { status: number; body: string } | { error: unknown };

/** One hand-written chat call to the primary; its outcome once its operation span has ended. */
async function chat(
  fault?: string,
  options: { fetch?: FetchFunction; signal?: AbortSignal; body?: string; path?: string; headers?: Record<string, string> } = {},
): Promise<Outcome> {
  const headers: Record<string, string> = { 'content-type': 'application/json', authorization: 'Bearer sk-test-not-a-key', ...options.headers };
  if (fault !== undefined) headers['x-fake-fault'] = fault;
  const outcome = await (options.fetch ?? guarded)(`${primary.baseURL}${options.path ?? '/chat/completions'}`, {
    method: 'POST',
    headers,
    body: options.body ?? chatBody(),
    signal: options.signal,
  }).then(
    async (response) => ({ status: response.status, body: await response.text() }),
    (error: unknown) => ({ error }),
  );
  await telemetry.waitForSpans(++spanCount);
  return outcome;
}

function rejection(outcome: Outcome): GuardRejectedError {
  if (!('error' in outcome) || !(outcome.error instanceof GuardRejectedError)) throw new Error(`not a guard rejection: ${JSON.stringify(outcome)}`);
  return outcome.error;
}

const status = (outcome: Outcome) => ('status' in outcome ? outcome.status : outcome.error);
const lastSpan = () => telemetry.spans().at(-1)!;

async function breakerState(): Promise<unknown> {
  const metrics = await telemetry.collectMetrics();
  return points(metrics.get('genai_otel.guard.breaker.state'));
}

describe('circuit breaker', () => {
  it('opens at the threshold and not before, fails fast while open, half-opens after the cool-down and closes on a successful trial', async () => {
    guard({ breaker: { minimumCalls: 4, failureRatio: 0.5, openMs: 10_000 } });

    expect(status(await chat())).toBe(200);
    expect(status(await chat())).toBe(200);
    expect(status(await chat('500'))).toBe(500);
    // 1 failure in 3 calls: below minimumCalls
    expect(await breakerState()).toEqual([{ attributes: target, value: 0 }]);
    expect(status(await chat('503'))).toBe(503); // 2 of 4 = 0.5: opens
    let metrics = await telemetry.collectMetrics();
    expect(points(metrics.get('genai_otel.guard.breaker.state'))).toEqual([{ attributes: target, value: 1 }]);
    expect(points(metrics.get('genai_otel.guard.breaker.transitions'))).toEqual([
      { attributes: { ...target, 'genai_otel.guard.breaker.from': 'closed', 'genai_otel.guard.breaker.to': 'open' }, value: 1 },
    ]);
    expect(primary.served).toHaveLength(4);

    // open: the call never reaches the network
    const error = rejection(await chat());
    expect(error).toMatchObject({ name: 'GuardRejectedError', reason: 'circuit_open', provider: 'openai', model: MODEL, retryAfterMs: 10_000 });
    expect(error.message).toBe('genai-otel guard: circuit breaker open for openai gpt-4.1, call not sent; retry in 10000 ms');
    expect(primary.served).toHaveLength(4);
    const span = lastSpan();
    expect(span.attributes).toMatchObject({
      'error.type': 'guard_rejected',
      'genai_otel.guard.reason': 'circuit_open',
      'server.port': primary.port,
      // not billed, but the price table has no "not sent" outcome: unknown, never a silent $0
      'genai_otel.cost.unknown_reason': 'aborted',
    });
    expect(span.status).toEqual({ code: SpanStatusCode.ERROR, message: `GuardRejectedError: ${error.message}` });
    metrics = await telemetry.collectMetrics();
    expect(points(metrics.get('genai_otel.guard.rejections'))).toEqual([{ attributes: { ...target, 'genai_otel.guard.reason': 'circuit_open' }, value: 1 }]);
    // a rejected call is an operation (duration with error.type) but not an HTTP attempt
    expect(points(metrics.get('gen_ai.client.inference.duration')).map((point) => point.attributes['error.type'])).toEqual(['guard_rejected']);
    expect(metrics.has('genai_otel.client.attempts')).toBe(false);

    clock.advance(9_999);
    expect(rejection(await chat()).retryAfterMs).toBe(1);
    clock.advance(1);
    // the cool-down is over: the gauge reads half-open without waiting for a call; cockatiel's breaker
    // half-opens (the transition is counted) when the trial call comes
    metrics = await telemetry.collectMetrics();
    expect(points(metrics.get('genai_otel.guard.breaker.state'))).toEqual([{ attributes: target, value: 2 }]);
    expect(metrics.has('genai_otel.guard.breaker.transitions')).toBe(false);

    // half-open: one trial at a time; a second call meanwhile is rejected
    const trial = chat('slow;ttfb-ms=50;chunk-delay-ms=0');
    await primary.waitForRequests(5);
    const during = await guarded(`${primary.baseURL}/chat/completions`, { method: 'POST', body: chatBody() }).catch((caught: unknown) => caught);
    expect(during).toMatchObject({ reason: 'circuit_open', retryAfterMs: 0 });
    spanCount += 1;
    expect(status(await trial)).toBe(200);
    metrics = await telemetry.collectMetrics();
    expect(points(metrics.get('genai_otel.guard.breaker.state'))).toEqual([{ attributes: target, value: 0 }]);
    expect(points(metrics.get('genai_otel.guard.breaker.transitions'))).toEqual([
      { attributes: { ...target, 'genai_otel.guard.breaker.from': 'half_open', 'genai_otel.guard.breaker.to': 'closed' }, value: 1 },
      { attributes: { ...target, 'genai_otel.guard.breaker.from': 'open', 'genai_otel.guard.breaker.to': 'half_open' }, value: 1 },
    ]);
    expect(status(await chat())).toBe(200);
    expect(primary.served).toHaveLength(6);
  });

  it('re-opens on a failed trial, and counts only server errors, overload and timeouts', async () => {
    guard({ breaker: { minimumCalls: 1, openMs: 5_000 } });
    // 4xx and 429s are not breaker failures
    expect(status(await chat('429;retry-after=0'))).toBe(429);
    expect(status(await chat(undefined, { headers: { 'x-fake-usage': 'bogus=1' } }))).toBe(400);
    expect(await breakerState()).toEqual([{ attributes: target, value: 0 }]);

    expect(status(await chat('500'))).toBe(500);
    clock.advance(5_000);
    expect(status(await chat('500'))).toBe(500); // the trial fails
    const metrics = await telemetry.collectMetrics();
    expect(points(metrics.get('genai_otel.guard.breaker.state'))).toEqual([{ attributes: target, value: 1 }]);
    expect(
      points(metrics.get('genai_otel.guard.breaker.transitions')).map((point) => [
        point.attributes['genai_otel.guard.breaker.from'],
        point.attributes['genai_otel.guard.breaker.to'],
        point.value,
      ]),
    ).toEqual([
      ['closed', 'open', 1],
      ['half_open', 'open', 1],
      ['open', 'half_open', 1],
    ]);
    expect(rejection(await chat()).retryAfterMs).toBe(5_000);
  });

  it('counts timeouts and Anthropic 529s as failures', async () => {
    guard({ breaker: { minimumCalls: 2, failureRatio: 1 } });
    const messages = (fault: string, signal?: AbortSignal) =>
      chat(fault, {
        path: '/messages',
        signal,
        body: JSON.stringify({ model: 'claude-haiku-4-5', max_tokens: 16, messages: [{ role: 'user', content: 'hi' }] }),
      });
    expect(status(await messages('529;retry-after=0'))).toBe(529);
    expect(lastSpan().attributes['error.type']).toBe('overloaded');
    const timedOut = await messages('hang', AbortSignal.timeout(50));
    expect('error' in timedOut && (timedOut.error as Error).name).toBe('TimeoutError');
    expect(lastSpan().attributes['error.type']).toBe('timeout');
    expect(rejection(await messages('529'))).toMatchObject({ reason: 'circuit_open', model: 'claude-haiku-4-5' });
    // @anthropic-ai/sdk wraps the rejection as a connection error, like openai
    const anthropic = new Anthropic({ apiKey: 'sk-ant-test-not-a-key', baseURL: primary.url, maxRetries: 0, fetch: guarded });
    const error = await anthropic.messages
      .create({ model: 'claude-haiku-4-5', max_tokens: 16, messages: [{ role: 'user', content: 'hi' }] })
      .catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(Anthropic.APIConnectionError);
    expect(guardRejection(error)).toMatchObject({ reason: 'circuit_open', provider: 'openai', model: 'claude-haiku-4-5' });
    await telemetry.waitForSpans(++spanCount);
    // the hung request is in the ledger once the server has seen its socket close
    while (primary.served.length < 2) await new Promise((resolve) => setImmediate(resolve));
    expect(primary.served.map((call) => call.status)).toEqual([529, 0]);
  });

  it('is per model: another model of the same provider is unaffected', async () => {
    guard({ breaker: { minimumCalls: 1 } });
    await chat('500');
    expect(rejection(await chat()).reason).toBe('circuit_open');
    expect(status(await chat(undefined, { body: chatBody('gpt-4.1-mini') }))).toBe(200);
  });

  it('rejects every SDK retry of a rejected call, fast, within one operation', async () => {
    guard({ breaker: { minimumCalls: 1 } });
    await chat('500');
    const client = new OpenAI({ apiKey: 'sk-test-not-a-key', baseURL: primary.baseURL, maxRetries: 1, fetch: guarded });
    const error = await client.chat.completions.create({ model: MODEL, messages: [{ role: 'user', content: 'hi' }] }).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(OpenAI.APIConnectionError);
    expect(guardRejection(error)).toMatchObject({ reason: 'circuit_open', provider: 'openai', model: MODEL });
    expect(primary.served).toHaveLength(1);

    // The operation ended when the SDK gave up (the call's promise rejected), after its second rejected attempt.
    const [, operation] = await telemetry.waitForSpans(++spanCount);
    expect(operation!.attributes).toMatchObject({ 'error.type': 'guard_rejected', 'genai_otel.guard.reason': 'circuit_open' });
    const attempts = telemetry.allSpans().filter((span) => span.name === `chat ${MODEL} attempt`);
    expect(
      attempts.map((span) => [span.attributes['http.request.resend_count'], span.attributes['error.type'], span.attributes['genai_otel.guard.reason']]),
    ).toEqual([
      [undefined, 'guard_rejected', 'circuit_open'],
      [1, 'guard_rejected', 'circuit_open'],
    ]);
    expect(attempts.every((span) => span.parentSpanContext?.spanId === operation!.spanContext().spanId)).toBe(true);
    const metrics = await telemetry.collectMetrics();
    expect(points(metrics.get('genai_otel.guard.rejections'))).toEqual([{ attributes: { ...target, 'genai_otel.guard.reason': 'circuit_open' }, value: 2 }]);
    // the one HTTP attempt is the 500 that opened the breaker
    expect(points(metrics.get('genai_otel.client.attempts')).map((point) => [point.attributes['error.type'], point.value])).toEqual([['server_error', 1]]);
  });
});

describe('429 cool-down', () => {
  it('fails calls fast until retry-after has passed, without counting 429s as breaker failures', async () => {
    guard({ breaker: { minimumCalls: 1 } });
    expect(status(await chat('429;retry-after=2'))).toBe(429);
    const error = rejection(await chat());
    expect(error).toMatchObject({ reason: 'rate_limited', retryAfterMs: 2_000 });
    expect(error.message).toBe('genai-otel guard: openai gpt-4.1 asked to wait after a 429, call not sent; retry in 2000 ms');
    clock.advance(1_999);
    expect(rejection(await chat()).retryAfterMs).toBe(1);
    clock.advance(1);
    expect(status(await chat())).toBe(200);
    expect(primary.served.map((call) => call.status)).toEqual([429, 200]);
    const metrics = await telemetry.collectMetrics();
    expect(points(metrics.get('genai_otel.guard.rejections'))).toEqual([{ attributes: { ...target, 'genai_otel.guard.reason': 'rate_limited' }, value: 2 }]);
    expect(points(metrics.get('genai_otel.guard.breaker.state'))).toEqual([{ attributes: target, value: 0 }]);
    expect(metrics.has('genai_otel.guard.breaker.transitions')).toBe(false);
  });

  it('prefers retry-after-ms, and lets the SDK’s own retry of the limited call through', async () => {
    guard({});
    expect(status(await chat('429;retry-after=30;retry-after-ms=1500'))).toBe(429);
    expect(rejection(await chat()).retryAfterMs).toBe(1_500);

    clock.advance(1_500);
    primary.reset();
    // The SDK waits retry-after-ms (real time) and retries; the guard's clock has not moved, but the
    // retry belongs to the call that was limited, so it passes, and its success ends the cool-down.
    const client = new OpenAI({ apiKey: 'sk-test-not-a-key', baseURL: primary.baseURL, maxRetries: 2, fetch: guarded });
    const completion = await client.chat.completions.create(
      { model: MODEL, messages: [{ role: 'user', content: 'hi' }] },
      { headers: { 'x-fake-fault': '429;retry-after-ms=5;retry-after=60;times=1' } },
    );
    expect(completion.choices).toHaveLength(1);
    await telemetry.waitForSpans(++spanCount);
    expect(primary.served.map((call) => [call.status, call.attempt])).toEqual([
      [429, 1],
      [200, 2],
    ]);
    expect(status(await chat())).toBe(200);
  });
});

describe('concurrency limit and pacing', () => {
  it('holds the limit and the queue bound under a burst: 2 in flight, 3 queued, 5 rejected fast', async () => {
    let inFlight = 0;
    let maxInFlight = 0;
    /** The network below the instrumentation: counts requests from send until their body is read. */
    const counting: FetchFunction = async (input, init) => {
      inFlight += 1;
      maxInFlight = Math.max(maxInFlight, inFlight);
      try {
        const response = await fetch(input, init);
        const bytes = await response.arrayBuffer();
        return new Response(bytes, { status: response.status, headers: response.headers });
      } finally {
        inFlight -= 1;
      }
    };
    // the guard above an instrumented fetch of its own (not the global one)
    guard({ breaker: false, maxConcurrent: 2, maxQueue: 3 }, { fetch: instrumentFetch(counting) });
    const settled: string[] = [];
    const calls = Array.from({ length: 10 }, (_, index) =>
      guarded(`${primary.baseURL}/chat/completions`, {
        method: 'POST',
        headers: { 'x-fake-fault': 'slow;ttfb-ms=100;chunk-delay-ms=0' },
        body: chatBody(MODEL, { n: 1, seed: index }),
      }).then(
        async (response) => {
          await response.text();
          settled.push(`served ${index}`);
          return response.status;
        },
        (error: unknown) => {
          settled.push(`rejected ${index}`);
          return error;
        },
      ),
    );
    // the five that find the queue full fail before anything is served
    await Promise.all(calls.slice(5));
    expect(settled).toEqual(['rejected 5', 'rejected 6', 'rejected 7', 'rejected 8', 'rejected 9']);
    const errors = (await Promise.all(calls.slice(5))) as GuardRejectedError[];
    expect(errors.map((error) => [error.reason, error.message])).toEqual(
      Array.from({ length: 5 }, () => ['queue_full', 'genai-otel guard: queue full for openai gpt-4.1 (2 in flight, 3 waiting), call not sent']),
    );
    let metrics = await telemetry.collectMetrics();
    expect(points(metrics.get('genai_otel.guard.queue.length'))).toEqual([{ attributes: { 'gen_ai.provider.name': 'openai' }, value: 3 }]);
    expect(points(metrics.get('genai_otel.guard.rejections'))).toEqual([{ attributes: { ...target, 'genai_otel.guard.reason': 'queue_full' }, value: 5 }]);

    expect(await Promise.all(calls.slice(0, 5))).toEqual([200, 200, 200, 200, 200]);
    spanCount += 10;
    await telemetry.waitForSpans(spanCount);
    expect(maxInFlight).toBe(2);
    expect(primary.served).toHaveLength(5);
    metrics = await telemetry.collectMetrics();
    expect(metrics.has('genai_otel.guard.rejections')).toBe(false);
    expect(points(metrics.get('genai_otel.guard.queue.length'))).toEqual([{ attributes: { 'gen_ai.provider.name': 'openai' }, value: 0 }]);
    const wait = metrics.get('genai_otel.guard.queue.wait_time')!;
    expect(wait.descriptor.unit).toBe('s');
    // the two that started at once were recorded with the first collection
    expect(histogram(wait).count).toBe(3);
    expect(telemetry.spans().filter((span) => span.attributes['error.type'] === 'guard_rejected')).toHaveLength(5);
  });

  it('paces calls requestsPerSecond apart on the guard clock', async () => {
    guard({ breaker: false, requestsPerSecond: 10 });
    const calls = [chat(), chat(), chat()];
    await primary.waitForRequests(1);
    /** Queue waits recorded over the whole test (each collection is a delta). */
    const waits: number[] = [];
    const queue = async () => {
      const metrics = await telemetry.collectMetrics();
      const wait = metrics.get('genai_otel.guard.queue.wait_time');
      if (wait) waits.push(histogram(wait).sum);
      return points(metrics.get('genai_otel.guard.queue.length'))[0]?.value;
    };
    expect(await queue()).toBe(2);
    clock.advance(99);
    expect(await queue()).toBe(2);
    clock.advance(1);
    await primary.waitForRequests(2);
    expect(await queue()).toBe(1);
    clock.advance(100);
    expect((await Promise.all(calls)).map(status)).toEqual([200, 200, 200]);
    expect(await queue()).toBe(0);
    // started at 0, 100 and 200 ms on the guard clock: waited 0, 0.1 and 0.2 s
    expect(waits).toEqual([0, 0.1, 0.2]);
  });

  it('lets a caller abort a queued call: fetch rejects with the abort reason, and nothing is sent', async () => {
    guard({ breaker: false, maxConcurrent: 1, maxQueue: 1 });
    const held = chat('slow;ttfb-ms=100;chunk-delay-ms=0');
    await primary.waitForRequests(1);
    const controller = new AbortController();
    const queued = chat(undefined, { signal: controller.signal });
    controller.abort();
    const outcome = await queued;
    expect('error' in outcome && (outcome.error as Error).name).toBe('AbortError');
    expect(lastSpan().attributes['error.type']).toBe('aborted');
    expect(status(await held)).toBe(200);
    // the queued call never left: one request served, one HTTP attempt
    expect(primary.served.map((call) => call.status)).toEqual([200]);
    const metrics = await telemetry.collectMetrics();
    expect(points(metrics.get('genai_otel.client.attempts')).map((point) => [point.attributes['error.type'], point.value])).toEqual([[undefined, 1]]);
  });
});

describe('fallback', () => {
  const fallbackTo = (extra: object = {}) => ({ baseURL: secondary.baseURL, primaryBaseURL: primary.baseURL, ...extra });

  it('sends calls to the secondary while the breaker is open, visible on spans and metrics', async () => {
    guard({ breaker: { minimumCalls: 1 }, fallback: fallbackTo() });
    await chat('500');
    const client = new OpenAI({ apiKey: 'sk-test-not-a-key', baseURL: primary.baseURL, maxRetries: 0, fetch: guarded });
    const completion = await client.chat.completions.create({ model: MODEL, messages: [{ role: 'user', content: 'hi' }] });
    const [, span] = await telemetry.waitForSpans(++spanCount);
    expect(primary.served).toHaveLength(1);
    expect(secondary.calls('openai.chat')).toHaveLength(1);
    expect(completion.usage?.prompt_tokens).toBe(secondary.calls('openai.chat')[0]!.usage!.prompt_tokens);
    expect(span!.attributes).toMatchObject({
      'server.address': '127.0.0.1',
      'server.port': primary.port,
      'genai_otel.guard.fallback': true,
      'genai_otel.guard.reason': 'circuit_open',
      'genai_otel.guard.fallback.server.address': '127.0.0.1',
      'genai_otel.guard.fallback.server.port': secondary.port,
      'gen_ai.usage.input_tokens': completion.usage!.prompt_tokens,
    });
    expect(span!.attributes['error.type']).toBeUndefined();
    const metrics = await telemetry.collectMetrics();
    expect(points(metrics.get('genai_otel.guard.fallbacks'))).toEqual([
      { attributes: { ...target, 'genai_otel.guard.reason': 'circuit_open', 'genai_otel.guard.fallback.server.address': '127.0.0.1' }, value: 1 },
    ]);
    expect(metrics.has('genai_otel.guard.rejections')).toBe(false);
  });

  it('re-sends a request that failed with a listed error.type to the secondary, once: a second attempt of the call', async () => {
    guard({ breaker: false, fallback: fallbackTo({ on: ['overloaded'], headers: { 'x-fake-fault': 'slow;ttfb-ms=0;chunk-delay-ms=0' } }) });
    // The primary's 503 and the fallback are two HTTP requests: one operation when the call is one (an SDK
    // call, or withGenAIOperation for a hand-written one), each request an attempt of it.
    const outcome = await withGenAIOperation(async () => {
      const response = await guarded(`${primary.baseURL}/chat/completions`, { method: 'POST', headers: { 'x-fake-fault': '503' }, body: chatBody() });
      return { status: response.status, body: await response.text() };
    });
    await telemetry.waitForSpans(++spanCount);
    expect(status(outcome)).toBe(200);
    expect(primary.served.map((call) => call.status)).toEqual([503]);
    expect(secondary.served.map((call) => call.status)).toEqual([200]);
    expect(lastSpan().attributes).toMatchObject({ 'genai_otel.guard.fallback': true, 'genai_otel.guard.reason': 'overloaded', 'server.port': primary.port });
    const attempts = telemetry.allSpans().filter((span) => span.name === `chat ${MODEL} attempt`);
    expect(attempts.map((span) => [span.attributes['error.type'], span.attributes['genai_otel.guard.fallback']])).toEqual([
      ['overloaded', undefined],
      [undefined, true],
    ]);
    const metrics = await telemetry.collectMetrics();
    // both HTTP attempts are counted: the primary's 503 and the secondary's success
    expect(points(metrics.get('genai_otel.client.attempts')).map((point) => [point.attributes['error.type'], point.value])).toEqual([
      ['overloaded', 1],
      [undefined, 1],
    ]);
    expect(points(metrics.get('genai_otel.guard.fallbacks')).map((point) => point.attributes['genai_otel.guard.reason'])).toEqual(['overloaded']);
    // an error type that is not listed is returned as it is
    expect(status(await chat('500'))).toBe(500);
    expect(secondary.served).toHaveLength(1);
  });

  it('never redirects a request the secondary does not speak', async () => {
    guard({ breaker: { minimumCalls: 1 }, fallback: fallbackTo({ wireFormats: ['openai.chat'] }) });
    const embeddings = (fault?: string) => chat(fault, { path: '/embeddings', body: JSON.stringify({ model: 'text-embedding-3-small', input: 'hi' }) });
    expect(status(await embeddings('500'))).toBe(500);
    expect(rejection(await embeddings())).toMatchObject({ reason: 'circuit_open', model: 'text-embedding-3-small' });
    expect(secondary.served).toHaveLength(0);
  });
});

describe('transparency', () => {
  const streamCall = async (): Promise<{ status: number; body: string }> => {
    const response = await guarded(`${primary.baseURL}/chat/completions`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: 'Bearer sk-test-not-a-key' },
      body: chatBody(MODEL, { stream: true }),
    });
    return { status: response.status, body: await response.text() };
  };

  it('gives the same bytes as instrumentation off: no guard, a guard for other providers, a closed breaker', async () => {
    telemetry.instrumentation.disable();
    const plain = await streamCall();
    telemetry.instrumentation.enable();
    expect(await streamCall()).toEqual(plain);
    guarded = createGuard({ providers: { anthropic: { maxConcurrent: 1 } }, providerHosts: hosts() }).fetch;
    expect(await streamCall()).toEqual(plain);
    guard({ maxConcurrent: 5, requestsPerSecond: 1000 });
    expect(await streamCall()).toEqual(plain);
    await telemetry.waitForSpans(3);
    expect(telemetry.spans().map((span) => span.attributes['genai_otel.guard.reason'])).toEqual([undefined, undefined, undefined]);
  });

  it('never reads the body of a request that is not an LLM call', async () => {
    guard({ maxConcurrent: 1, maxQueue: 0 });
    let reads = 0;
    const init = {
      method: 'POST',
      get body() {
        reads += 1;
        return '{"model":"gpt-4.1","messages":[]}';
      },
    };
    telemetry.instrumentation.disable();
    await (await fetch(`${primary.url}/v1/files`, init)).text();
    const plainReads = reads;
    telemetry.instrumentation.enable();
    reads = 0;
    await (await guarded(`${primary.url}/v1/files`, init)).text();
    expect(reads).toBe(plainReads);
    expect(telemetry.spans()).toEqual([]);
  });
});
