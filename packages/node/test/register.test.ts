/**
 * `node --import @genai-otel/node/register` (ESM) and `node -r @genai-otel/node/register` (CommonJS)
 * in child processes, with the real openai SDK against the fake provider: spans and metrics arrive at
 * an OTLP receiver in the test, /metrics serves them, SIGTERM flushes. Needs `pnpm build` first.
 */
import { startFakeProvider, type FakeProvider, type OpenAIChatUsage, type ServedCall } from '@genai-otel/fake-provider';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { ChildApp } from './child-app.js';
import { attributeMap, OtlpReceiver } from './otlp-receiver.js';

let provider: FakeProvider;

function chatUsage(call: ServedCall | undefined): OpenAIChatUsage {
  if (call?.api !== 'openai.chat' || call.usage === undefined) throw new Error(`not a chat call with usage: ${JSON.stringify(call)}`);
  return call.usage;
}
let receiver: OtlpReceiver;
let app: ChildApp | undefined;

beforeAll(async () => {
  provider = await startFakeProvider();
});
afterAll(async () => {
  await provider.stop();
});
beforeEach(async () => {
  receiver = await new OtlpReceiver().start();
  provider.reset();
});
afterEach(async () => {
  app?.kill('SIGKILL');
  await app?.exited;
  app = undefined;
  await receiver.stop();
});

function env(extra: NodeJS.ProcessEnv = {}): NodeJS.ProcessEnv {
  return {
    PATH: process.env['PATH'],
    FAKE_BASE_URL: provider.baseURL,
    OTEL_EXPORTER_OTLP_ENDPOINT: receiver.url,
    OTEL_EXPORTER_OTLP_PROTOCOL: 'http/json',
    OTEL_SERVICE_NAME: 'register-test',
    OTEL_RESOURCE_ATTRIBUTES: 'deployment.environment.name=test',
    OTEL_METRIC_EXPORT_INTERVAL: '600000',
    GENAI_OTEL_PROMETHEUS_PORT: '0',
    GENAI_OTEL_PROMETHEUS_HOST: '127.0.0.1',
    ...extra,
  };
}

describe.each([
  ['ESM', ['--import', '@genai-otel/node/register', 'app.mjs']],
  ['CommonJS', ['-r', '@genai-otel/node/register', 'app.cjs']],
])('%s registration', (_kind, args) => {
  it('exports GenAI spans (with undici children) and metrics over OTLP, serves /metrics, flushes on SIGTERM', async () => {
    app = new ChildApp(args, env());
    const [, endpoint] = await app.waitFor(/Prometheus metrics on (http:\/\/127\.0\.0\.1:\d+)\/metrics/);
    await app.waitFor(/^done$/m);

    const health = await fetch(`${endpoint}/health`);
    expect(health.status).toBe(200);
    const text = await (await fetch(`${endpoint}/metrics`)).text();
    // @opentelemetry/exporter-prometheus names: no unit suffix, `_total` on counters, unit on # UNIT.
    expect(text).toContain('# UNIT gen_ai_client_inference_duration s\n# TYPE gen_ai_client_inference_duration histogram\n');
    const servedInput = provider.served.reduce((sum, call) => sum + (call.api === 'openai.chat' ? (call.usage?.prompt_tokens ?? 0) : 0), 0);
    const inputLines = text.split('\n').filter((line) => line.startsWith('gen_ai_client_inference_usage_input_tokens_total{'));
    expect(inputLines).toHaveLength(1);
    expect(inputLines[0]).toContain('gen_ai_provider_name="openai_compatible"');
    expect(inputLines[0]!.endsWith(`} ${servedInput}`)).toBe(true);

    app.kill('SIGTERM');
    const exit = await app.exited;
    expect(exit.signal ?? exit.code).toBe('SIGTERM');
    await receiver.until(() => receiver.spans().length >= 4 && receiver.metrics().length > 0);

    const spans = receiver.spans();
    const genai = spans.filter((span) => span.name === 'chat gpt-4.1');
    expect(genai).toHaveLength(2);
    // One attempt per call: no attempt spans; the HTTP client span (undici) is the GenAI span's child.
    expect(spans.filter((span) => span.name === 'chat gpt-4.1 attempt')).toEqual([]);
    const http = spans.filter((span) => span.name === 'POST');
    expect(http).toHaveLength(2);
    expect(http.map((span) => span.parentSpanId).sort()).toEqual(genai.map((span) => span.spanId).sort());
    const [plain, streamed] = genai
      .map((span) => attributeMap(span.attributes))
      .sort((a, b) => Number(a['gen_ai.request.stream'] ?? false) - Number(b['gen_ai.request.stream'] ?? false));
    expect(plain).toMatchObject({
      'gen_ai.operation.name': 'chat',
      'gen_ai.provider.name': 'openai_compatible',
      'gen_ai.request.model': 'gpt-4.1',
      'gen_ai.usage.input_tokens': chatUsage(provider.served.find((call) => !call.stream)).prompt_tokens,
    });
    expect(streamed).toMatchObject({
      'gen_ai.request.stream': true,
      'gen_ai.usage.output_tokens': chatUsage(provider.served.find((call) => call.stream)).completion_tokens,
    });
    expect(attributeMap(receiver.resourceAttributes())).toMatchObject({
      'service.name': 'register-test',
      'deployment.environment.name': 'test',
    });
    expect(
      receiver
        .metrics()
        .map((metric) => metric.name)
        .sort(),
    ).toEqual([
      'gen_ai.client.inference.duration',
      'gen_ai.client.inference.operation.input_tokens',
      'gen_ai.client.inference.operation.output_tokens',
      'gen_ai.client.inference.time_per_output_chunk',
      'gen_ai.client.inference.time_to_first_chunk',
      'gen_ai.client.inference.usage.cache_read.input_tokens',
      'gen_ai.client.inference.usage.input_tokens',
      'gen_ai.client.inference.usage.output_tokens',
      'gen_ai.client.inference.usage.reasoning.output_tokens',
      'genai_otel.client.attempts',
      // 127.0.0.1 is an unknown gateway (openai_compatible): its prices are its own, so cost is unknown.
      'genai_otel.client.operation.cost.unknown',
      'genai_otel.pricing.data.age',
      'genai_otel.ratelimit.limit_requests',
      'genai_otel.ratelimit.limit_tokens',
      'genai_otel.ratelimit.remaining_requests',
      'genai_otel.ratelimit.remaining_tokens',
      'genai_otel.ratelimit.reset_requests',
      'genai_otel.ratelimit.reset_tokens',
    ]);
    const duration = receiver.metrics().find((metric) => metric.name === 'gen_ai.client.inference.duration')!;
    expect(duration.unit).toBe('s');
    expect(duration.histogram!.dataPoints.map((point) => Number(point.count))).toEqual([2]);
  });
});

describe('OTLP over http/protobuf (the default)', () => {
  it('posts protobuf to /v1/traces and /v1/metrics', async () => {
    app = new ChildApp(['--import', '@genai-otel/node/register', 'app.mjs'], env({ OTEL_EXPORTER_OTLP_PROTOCOL: undefined, EXIT_WHEN_DONE: 'true' }));
    await app.exited;
    await receiver.until(() => receiver.requests.some((r) => r.path === '/v1/traces') && receiver.requests.some((r) => r.path === '/v1/metrics'));
    for (const request of receiver.requests) {
      expect(request.contentType).toBe('application/x-protobuf');
      expect(request.bytes).toBeGreaterThan(100);
    }
  });
});

describe('configuration', () => {
  it('OTEL_SDK_DISABLED=true starts nothing and the app runs normally', async () => {
    app = new ChildApp(['--import', '@genai-otel/node/register', 'app.mjs'], env({ OTEL_SDK_DISABLED: 'true', EXIT_WHEN_DONE: 'true' }));
    const exit = await app.exited;
    expect(exit.code).toBe(0);
    expect(app.stdout).toBe('done\n');
    expect(app.stderr).toBe('');
    expect(receiver.requests).toEqual([]);
    expect(provider.served).toHaveLength(2);
  });

  it('a bad variable gets one clear line and the app runs on', async () => {
    app = new ChildApp(['--import', '@genai-otel/node/register', 'app.mjs'], env({ GENAI_OTEL_PROMETHEUS_PORT: 'ninety', EXIT_WHEN_DONE: 'true' }));
    const exit = await app.exited;
    expect(exit.code).toBe(0);
    expect(app.stdout).toBe('done\n');
    expect(app.stderr).toBe(
      'genai-otel: GENAI_OTEL_PROMETHEUS_PORT="ninety" is not a TCP port (an integer from 0 to 65535); the app runs without genai-otel telemetry\n',
    );
  });

  it('a Prometheus port in use gets one clear line; traces still export', async () => {
    const blocker = createServer();
    await new Promise<void>((resolve) => blocker.listen(0, '127.0.0.1', resolve));
    const port = (blocker.address() as { port: number }).port;
    try {
      app = new ChildApp(['--import', '@genai-otel/node/register', 'app.mjs'], env({ GENAI_OTEL_PROMETHEUS_PORT: String(port), EXIT_WHEN_DONE: 'true' }));
      const exit = await app.exited;
      expect(exit.code).toBe(0);
      expect(app.stderr).toBe(`genai-otel: no Prometheus endpoint: GENAI_OTEL_PROMETHEUS_PORT=${port}: port ${port} on 127.0.0.1 is already in use\n`);
      await receiver.until(() => receiver.spans().length >= 2);
    } finally {
      blocker.close();
    }
  });

  it('a bad custom price file gets one clear line naming file, line and key', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'genai-otel-prices-'));
    const file = join(dir, 'prices.json');
    await writeFile(file, '{\n  "models": [{ "model": "x", "prices": { "input": 1 } }]\n}\n');
    try {
      app = new ChildApp(['--import', '@genai-otel/node/register', 'app.mjs'], env({ GENAI_OTEL_CUSTOM_PRICES: file, EXIT_WHEN_DONE: 'true' }));
      const exit = await app.exited;
      expect(exit.code).toBe(0);
      expect(app.stdout).toBe('done\n');
      expect(app.stderr).toBe(
        `genai-otel: GENAI_OTEL_CUSTOM_PRICES: ${file}:2:40: models[0].prices: missing \`output\` price (USD per 1M tokens; use 0 if free); the app runs without genai-otel telemetry\n`,
      );
    } finally {
      await rm(dir, { recursive: true });
    }
  });

  it('an unsupported exporter name gets one clear line', async () => {
    app = new ChildApp(['--import', '@genai-otel/node/register', 'app.mjs'], env({ OTEL_TRACES_EXPORTER: 'zipkin', EXIT_WHEN_DONE: 'true' }));
    const exit = await app.exited;
    expect(exit.code).toBe(0);
    expect(app.stderr).toBe(
      'genai-otel: OTEL_TRACES_EXPORTER="zipkin": unsupported value "zipkin" (supported: otlp, console, none); the app runs without genai-otel telemetry\n',
    );
  });
});
