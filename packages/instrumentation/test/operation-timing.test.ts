/**
 * An operation covers the logical call as the caller sees it: its span starts when the caller makes
 * the call and ends — and its duration point is recorded — when the caller gets the outcome (within a
 * few ms), for a success, an HTTP error after the SDK's retries, a timeout, a caller's abort and a
 * stream the caller stops reading. Nothing waits for a retry that will not come.
 */
import Anthropic from '@anthropic-ai/sdk';
import { GoogleGenAI } from '@google/genai';
import type { HrTime } from '@opentelemetry/api';
import type { FakeProvider } from '@genai-otel/fake-provider';
import OpenAI from 'openai';
import OpenAIv6 from 'openai-v6';
import { describe, expect, it } from 'vitest';
import { setupFakeProviders } from './fake-providers.js';
import { histogram, setupTelemetry } from './telemetry.js';

const telemetry = setupTelemetry();
const fakes = setupFakeProviders(telemetry);

/**
 * How far the span's start and end may be from the moments the caller made the call and got its
 * outcome (ms). Measured well under 1 ms for most cases, up to ~5 ms for the SDK's own work after the
 * outcome is settled (parsing, a stream's clean-up); the margin is for a loaded 2-core CI machine running
 * test files side by side, where 20 ms was seen exceeded once (a GC or scheduling pause between the two
 * moments). Before operation scopes, a failed call ended 1–3 s after the caller had its error: 50 ms still
 * tells the two apart by a factor of 20.
 */
const TOLERANCE_MS = 50;

interface Case {
  /** `x-fake-fault` of the call. */
  fault?: string;
  /** Per-attempt timeout (ms). */
  timeout?: number;
  maxRetries?: number;
  /** The caller aborts once the request has reached the server. */
  abort?: boolean;
  /** Stream, and stop reading after this many chunks. */
  breakAfterChunks?: number;
}

interface Client {
  name: string;
  server(): FakeProvider;
  /**
   * The client, made for the case; returns the call, which resolves once the caller has its outcome.
   * `controller` is the caller's: a client whose streams are stopped by aborting (not by `break`) uses it.
   */
  prepare(test: Case, controller: AbortController): () => Promise<unknown>;
}

const messages = [{ role: 'user' as const, content: 'Hello' }];
const STREAM_FAULT = 'slow;ttfb-ms=0;chunk-delay-ms=10';

async function readStream(stream: AsyncIterable<unknown>, breakAfterChunks: number, stop: () => void = () => {}): Promise<void> {
  let chunks = 0;
  for await (const _chunk of stream) {
    if (++chunks === breakAfterChunks) {
      stop();
      break;
    }
  }
}

function openaiClient(name: string, Sdk: typeof OpenAI): Client {
  return {
    name,
    server: () => fakes.openai,
    prepare: ({ fault, timeout, maxRetries = 0, breakAfterChunks }, { signal }) => {
      const client = new Sdk({ apiKey: 'sk-test-not-a-key', baseURL: fakes.openai.baseURL, maxRetries, ...(timeout === undefined ? {} : { timeout }) });
      const headers = { 'x-fake-usage': 'completion=40', ...(fault === undefined ? {} : { 'x-fake-fault': fault }) };
      if (breakAfterChunks === undefined) return () => client.chat.completions.create({ model: 'gpt-4.1', messages }, { headers, signal });
      return async () => readStream(await client.chat.completions.create({ model: 'gpt-4.1', messages, stream: true }, { headers, signal }), breakAfterChunks);
    },
  };
}

const CLIENTS: Client[] = [
  openaiClient('openai 7', OpenAI),
  openaiClient('openai 6', OpenAIv6 as unknown as typeof OpenAI),
  {
    name: '@anthropic-ai/sdk',
    server: () => fakes.other,
    prepare: ({ fault, timeout, maxRetries = 0, breakAfterChunks }, { signal }) => {
      const client = new Anthropic({ apiKey: 'sk-ant-test-not-a-key', baseURL: fakes.other.url, maxRetries, ...(timeout === undefined ? {} : { timeout }) });
      const headers = { 'x-fake-usage': 'output=40', ...(fault === undefined ? {} : { 'x-fake-fault': fault }) };
      const request = { model: 'claude-sonnet-4-6', max_tokens: 64, messages };
      if (breakAfterChunks === undefined) return () => client.messages.create(request, { headers, signal });
      return async () => readStream(await client.messages.create({ ...request, stream: true }, { headers, signal }), breakAfterChunks);
    },
  },
  {
    name: '@google/genai',
    server: () => fakes.other,
    prepare: ({ fault, timeout, maxRetries = 0, breakAfterChunks }, controller) => {
      const client = new GoogleGenAI({
        apiKey: 'AIza-test-not-a-key-0123456789',
        httpOptions: {
          baseUrl: fakes.other.url,
          headers: { 'x-fake-usage': 'candidates=40', ...(fault === undefined ? {} : { 'x-fake-fault': fault }) },
          ...(maxRetries > 0 ? { retryOptions: { attempts: maxRetries + 1, initialDelay: 0.001, maxDelay: 0.001, jitter: 0 } } : {}),
          ...(timeout === undefined ? {} : { timeout }),
        },
      });
      const request = { model: 'gemini-2.5-flash', contents: 'Hello', config: { abortSignal: controller.signal } };
      if (breakAfterChunks === undefined) return () => client.models.generateContent(request);
      // This SDK's `break` leaves the response unread but open (it only releases its reader): a caller
      // stops the stream with its abortSignal.
      return async () => readStream(await client.models.generateContentStream(request), breakAfterChunks, () => controller.abort());
    },
  },
];

const CASES: Array<[string, Case, string | undefined]> = [
  ['success', {}, undefined],
  ['HTTP error after two retries', { fault: '429;retry-after=0', maxRetries: 2 }, 'rate_limited'],
  ['HTTP error, no retries', { fault: '500' }, 'server_error'],
  ['timeout', { fault: 'hang', timeout: 200 }, 'timeout'],
  ['abort by the caller', { fault: 'hang', abort: true }, 'aborted'],
  ['a stream the caller stops reading', { fault: STREAM_FAULT, breakAfterChunks: 3 }, 'stream_cancelled'],
];

/** `performance.now()` time of an OTel span time. */
function perfTime(time: HrTime): number {
  return time[0] * 1000 + time[1] / 1e6 - performance.timeOrigin;
}

describe.each(CLIENTS)('$name', (client) => {
  it.each(CASES)('%s: the span and the duration point end when the caller gets the outcome', async (_name, test, errorType) => {
    const controller = new AbortController();
    const call = client.prepare(test, controller);
    const startedAt = performance.now();
    const pending = call().catch(() => undefined);
    if (test.abort) {
      await client.server().waitForRequests(1);
      controller.abort();
    }
    await pending;
    const outcomeAt = performance.now();

    // Already ended when the caller got its outcome: nothing to wait for.
    const [span] = telemetry.spans();
    expect(telemetry.spans()).toHaveLength(1);
    expect(span!.attributes['error.type']).toBe(errorType);
    const start = perfTime(span!.startTime);
    const end = perfTime(span!.endTime);
    const gaps = { start: start - startedAt, end: outcomeAt - end };
    expect(gaps.start).toBeGreaterThanOrEqual(0);
    expect(gaps.start).toBeLessThan(TOLERANCE_MS);
    expect(gaps.end).toBeGreaterThanOrEqual(0);
    expect(gaps.end).toBeLessThan(TOLERANCE_MS);
    const duration = histogram((await telemetry.collectMetrics()).get('gen_ai.client.inference.duration'));
    expect(duration.count).toBe(1);
    expect(duration.sum * 1000).toBeCloseTo(end - start, 1);
  });
});
