/**
 * The host app is unaffected by faults: for each fault the fake provider can produce, a hand-written
 * fetch client gets exactly what it gets without the instrumentation (status, bytes, or the same error
 * class and message), and the instrumented call ends its GenAI span exactly once.
 */
import { startFakeProvider, type FakeProvider } from '@genai-otel/fake-provider';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { setupTelemetry } from './telemetry.js';

const telemetry = setupTelemetry();
let provider: FakeProvider;

beforeAll(async () => {
  provider = await startFakeProvider({ clock: () => 1_767_225_600_000 });
  telemetry.instrumentation.setConfig({ providerHosts: { '127.0.0.1': 'openai' } });
  telemetry.instrumentation.enable();
});
afterAll(async () => {
  telemetry.instrumentation.disable();
  await provider.stop();
});
beforeEach(() => telemetry.reset());

interface Fault {
  name: string;
  stream: boolean;
  headers: Record<string, string>;
  /** Client-side timeout (ms) through AbortSignal.timeout. */
  timeoutMs?: number;
  /** Abort the stream after this many chunks have been read. */
  abortAfterChunks?: number;
  /** The API called (default: OpenAI chat completions). */
  api?: 'anthropic';
  /** The caller sets `stream_options.include_usage` itself. */
  includeUsage?: boolean;
  /** error.type the span must carry (undefined: success). */
  errorType: string | undefined;
}

const FAULTS: Fault[] = [
  { name: '429', stream: false, headers: { 'x-fake-fault': '429;retry-after=0' }, errorType: 'rate_limited' },
  { name: '500', stream: false, headers: { 'x-fake-fault': '500' }, errorType: 'server_error' },
  { name: '503', stream: true, headers: { 'x-fake-fault': '503' }, errorType: 'overloaded' },
  { name: 'timeout', stream: false, headers: { 'x-fake-fault': 'hang' }, timeoutMs: 200, errorType: 'timeout' },
  {
    name: 'abort mid-stream',
    stream: true,
    headers: { 'x-fake-fault': 'slow;ttfb-ms=0;chunk-delay-ms=10', 'x-fake-usage': 'completion=40' },
    abortAfterChunks: 2,
    errorType: 'stream_cancelled',
  },
  {
    name: 'connection reset mid-stream',
    stream: true,
    headers: { 'x-fake-fault': 'reset;after=3', 'x-fake-usage': 'completion=20' },
    errorType: 'connection_error',
  },
  { name: 'malformed JSON', stream: false, headers: { 'x-fake-fault': 'malformed-json' }, errorType: 'invalid_response' },
  // The caller asks for usage itself: with injected usage the provider's broken event would itself be a
  // different (longer) broken event, which no pass-through can turn back into the uninjected bytes.
  { name: 'malformed SSE', stream: true, includeUsage: true, headers: { 'x-fake-fault': 'malformed-sse' }, errorType: 'invalid_response' },
  { name: 'gzip JSON', stream: false, headers: { 'x-fake-fault': 'gzip' }, errorType: undefined },
  { name: 'gzip SSE', stream: true, headers: { 'x-fake-fault': 'gzip' }, errorType: undefined },
  { name: 'brotli JSON', stream: false, headers: { 'x-fake-fault': 'brotli' }, errorType: undefined },
  { name: 'brotli SSE', stream: true, headers: { 'x-fake-fault': 'brotli' }, errorType: undefined },
  { name: '529 (Anthropic)', api: 'anthropic', stream: false, headers: { 'x-fake-fault': '529' }, errorType: 'overloaded' },
  { name: 'Anthropic stream cut mid-way', api: 'anthropic', stream: true, headers: { 'x-fake-fault': 'reset;after=4' }, errorType: 'connection_error' },
  { name: 'large (10 MB) response', stream: false, headers: { 'x-fake-usage': 'completion=2000000' }, errorType: undefined },
  { name: 'large (10 MB) stream', stream: true, headers: { 'x-fake-usage': 'completion=60000' }, errorType: undefined },
];

type Outcome = { status: number; contentType: string | null; body: string } | { error: string; message: string };

/** One call through the global fetch, read the way an app reads it; the outcome, never a throw. */
async function call(fault: Fault): Promise<Outcome> {
  const controller = new AbortController();
  const signal = fault.timeoutMs === undefined ? controller.signal : AbortSignal.any([controller.signal, AbortSignal.timeout(fault.timeoutMs)]);
  try {
    const messages = [{ role: 'user', content: `fault ${fault.name}` }];
    const response =
      fault.api === 'anthropic'
        ? await fetch(`${provider.url}/v1/messages`, {
            method: 'POST',
            headers: { 'content-type': 'application/json', 'x-api-key': 'sk-ant-test-not-a-key', 'anthropic-version': '2023-06-01', ...fault.headers },
            body: JSON.stringify({ model: 'claude-sonnet-4-6', max_tokens: 64, messages, stream: fault.stream }),
            signal,
          })
        : await fetch(`${provider.baseURL}/chat/completions`, {
            method: 'POST',
            headers: { 'content-type': 'application/json', authorization: 'Bearer sk-test-not-a-key', ...fault.headers },
            body: JSON.stringify({
              model: 'gpt-4.1',
              messages,
              stream: fault.stream,
              ...(fault.includeUsage ? { stream_options: { include_usage: true } } : {}),
            }),
            signal,
          });
    const reader = response.body!.getReader();
    const chunks: Uint8Array[] = [];
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      chunks.push(value);
      if (fault.abortAfterChunks !== undefined && chunks.length === fault.abortAfterChunks) controller.abort();
    }
    // Anthropic errors carry a fresh request id per response: not something the instrumentation changes.
    const body = Buffer.concat(chunks)
      .toString('latin1')
      .replace(/"request_id":"[^"]*"/g, '"request_id":"…"');
    return { status: response.status, contentType: response.headers.get('content-type'), body };
  } catch (error) {
    const value = error as Error;
    return { error: value.name, message: value.message };
  }
}

describe.each(FAULTS)('$name', (fault) => {
  it('gives the caller what an uninstrumented call gives, and ends one span once', async () => {
    telemetry.instrumentation.disable();
    const plain = await call(fault);
    telemetry.instrumentation.enable();
    const instrumented = await call(fault);
    if ('body' in plain && 'body' in instrumented && fault.abortAfterChunks === undefined) {
      expect(instrumented.body.length).toBe(plain.body.length);
    }
    expect(instrumented).toEqual(plain);

    const [span] = await telemetry.waitForSpans(1);
    expect(telemetry.spans()).toHaveLength(1);
    expect(span!.ended).toBe(true);
    expect(span!.attributes['error.type']).toBe(fault.errorType);
    if (fault.errorType === undefined) expect(span!.attributes['gen_ai.usage.output_tokens']).toBeGreaterThan(0);
  });
});
