/**
 * A short-lived process whose last calls fail (issue 19): an app started with `node --import
 * @genai-otel/node/register` (ESM) or `node -r @genai-otel/node/register` (CommonJS) that ends by itself 100 ms after its last failed call has exported every
 * operation span and duration point — the operations ended when the calls failed, none waits for a
 * retry. Needs `pnpm --filter @genai-otel/instrumentation --filter @genai-otel/node build` first.
 */
import { startFakeProvider, type FakeProvider } from '@genai-otel/fake-provider';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { deadPort } from './dead-port.js';
import { ChildApp } from './child-app.js';
import { attributeMap, OtlpReceiver } from './otlp-receiver.js';

let provider: FakeProvider;
let receiver: OtlpReceiver;
let app: ChildApp | undefined;

beforeAll(async () => {
  provider = await startFakeProvider();
  receiver = await new OtlpReceiver().start();
});
afterAll(async () => {
  await receiver.stop();
  await provider.stop();
});
beforeEach(() => {
  provider.reset();
  receiver.requests.length = 0;
});
afterEach(async () => {
  app?.kill('SIGKILL');
  await app?.exited;
  app = undefined;
});

describe.each([
  ['ESM', ['--import', '@genai-otel/node/register', 'failing-exit-app.mjs']],
  ['CommonJS', ['-r', '@genai-otel/node/register', 'failing-exit-app.cjs']],
])('%s', (_kind, args) => {
  it('exports every operation span and duration point of calls that failed 100 ms before the process ended', { timeout: 60_000 }, async () => {
    app = new ChildApp(args, {
      PATH: process.env['PATH'],
      FAKE_BASE_URL: provider.baseURL,
      REFUSED_BASE_URL: `http://127.0.0.1:${await deadPort()}/v1`,
      OTEL_EXPORTER_OTLP_ENDPOINT: receiver.url,
      OTEL_EXPORTER_OTLP_PROTOCOL: 'http/json',
      OTEL_SERVICE_NAME: 'operation-exit-test',
      // Metrics leave only with the flush at exit.
      OTEL_METRIC_EXPORT_INTERVAL: '600000',
      GENAI_OTEL_PROVIDER_HOSTS: '127.0.0.1=openai',
    });
    const exit = await app.exited;
    expect(exit).toEqual({ code: 0, signal: null });
    expect(app.stdout).toBe('RateLimitError RateLimitError RateLimitError APIConnectionTimeoutError APIConnectionError\ndone\n');
    expect(app.stderr).toBe('');
    expect(provider.served.map((call) => call.status)).toEqual([429, 429, 429, 429, 429, 429, 429, 429, 429, 0]);

    const operations = receiver.spans().filter((span) => attributeMap(span.attributes)['gen_ai.operation.name'] === 'chat');
    expect(operations.map((span) => [span.name, attributeMap(span.attributes)['error.type']]).sort()).toEqual([
      ['chat gpt-4.1', 'rate_limited'],
      ['chat gpt-4.1', 'rate_limited'],
      ['chat gpt-4.1', 'rate_limited'],
      ['chat gpt-4.1', 'timeout'],
      ['chat gpt-4.1-mini', 'connection_error'],
    ]);
    // Each rate-limited call: three attempt spans under its own operation span.
    const attempts = receiver.spans().filter((span) => span.name.endsWith(' attempt'));
    const limitedIds = operations.filter((span) => attributeMap(span.attributes)['error.type'] === 'rate_limited').map((span) => span.spanId);
    expect(limitedIds.map((id) => attempts.filter((attempt) => attempt.parentSpanId === id).length)).toEqual([3, 3, 3]);
    expect(attempts).toHaveLength(9);

    const duration = receiver.metrics().find((metric) => metric.name === 'gen_ai.client.inference.duration');
    const counts: Record<string, number> = {};
    for (const point of duration?.histogram?.dataPoints ?? []) {
      const key = String(attributeMap(point.attributes)['error.type']);
      counts[key] = (counts[key] ?? 0) + Number(point.count);
    }
    expect(counts).toEqual({ rate_limited: 3, timeout: 1, connection_error: 1 });
    const attemptsCounter = receiver.metrics().find((metric) => metric.name === 'genai_otel.client.attempts');
    const attemptCounts: Record<string, number> = {};
    for (const point of attemptsCounter?.sum?.dataPoints ?? []) {
      const key = String(attributeMap(point.attributes)['error.type']);
      attemptCounts[key] = (attemptCounts[key] ?? 0) + Number(point.asInt ?? point.asDouble);
    }
    expect(attemptCounts).toEqual({ rate_limited: 9, timeout: 1, connection_error: 1 });
  });
});
