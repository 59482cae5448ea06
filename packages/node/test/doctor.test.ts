/**
 * `genai-otel doctor` against a live app endpoint (genai-otel's own /metrics after real calls) and
 * against dead endpoints (ports that were just closed). The full pipeline (collector, Prometheus,
 * Alertmanager) is checked green in the end-to-end test.
 */
import { startFakeProvider, type FakeProvider } from '@genai-otel/fake-provider';
import { createServer } from 'node:net';
import OpenAI from 'openai';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { checkAppMetrics, exitCode, formatResults, REQUIRED_APP_FAMILIES, runChecks } from '../src/doctor/checks.js';
import { start, type GenAIOtel } from '../src/start.js';

let provider: FakeProvider;
let telemetry: GenAIOtel;
let appMetrics: string;

/** A URL on a port that nothing listens on (bound, then closed). */
async function deadUrl(path = ''): Promise<string> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as { port: number }).port;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return `http://127.0.0.1:${port}${path}`;
}

beforeAll(async () => {
  provider = await startFakeProvider();
  telemetry = start({
    sdk: 'always',
    shutdownHooks: false,
    env: { OTEL_TRACES_EXPORTER: 'none', OTEL_METRICS_EXPORTER: 'none', GENAI_OTEL_PROMETHEUS_PORT: '0', GENAI_OTEL_PROMETHEUS_HOST: '127.0.0.1' },
  });
  appMetrics = `${(await telemetry.prometheus!.ready).url}/metrics`;
});
afterAll(async () => {
  await telemetry.shutdown();
  await provider.stop();
});

describe('app metrics check', () => {
  it('names the missing families before any LLM call, then passes after one', async () => {
    const before = await checkAppMetrics(appMetrics, true);
    expect(before).toMatchObject({ status: 'fail', detail: `missing ${REQUIRED_APP_FAMILIES.join(', ')}` });

    const client = new OpenAI({ apiKey: 'sk-test-not-a-key', baseURL: provider.baseURL, maxRetries: 0 });
    await client.chat.completions.create({ model: 'gpt-4.1', messages: [{ role: 'user', content: 'hi' }] });
    // The non-stream span (and its metrics) is recorded once the instrumentation has read its copy.
    const deadline = Date.now() + 5_000;
    let after = await checkAppMetrics(appMetrics, true);
    while (after.status !== 'pass' && Date.now() < deadline) {
      await new Promise((resolve) => setImmediate(resolve));
      after = await checkAppMetrics(appMetrics, true);
    }
    expect(after).toEqual({ name: `app metrics endpoint ${appMetrics}`, status: 'pass', detail: 'all 5 required metric families present', required: true });
  });
});

describe('dead endpoints', () => {
  it('fails every required check with a hint and exits 1', async () => {
    const endpoints = {
      appMetrics: await deadUrl('/metrics'),
      otlp: await deadUrl(),
      collectorHealth: await deadUrl('/'),
      prometheus: await deadUrl(),
      alertmanager: await deadUrl(),
    };
    const results = await runChecks(endpoints, { appMetricsRequired: false });
    expect(results.map((result) => [result.name, result.status, result.required])).toEqual([
      [`app metrics endpoint ${endpoints.appMetrics}`, 'warn', false],
      [`OTLP/HTTP receiver ${endpoints.otlp}`, 'fail', true],
      [`collector health ${endpoints.collectorHealth}`, 'fail', true],
      [`Prometheus ${endpoints.prometheus}`, 'fail', true],
      [`Alertmanager ${endpoints.alertmanager}`, 'fail', true],
    ]);
    for (const result of results) expect(result.detail).toMatch(/^unreachable \(.*ECONNREFUSED.*\)$/);
    expect(exitCode(results)).toBe(1);
    expect(formatResults(results).split('\n')[2]).toBe(`FAIL  OTLP/HTTP receiver ${endpoints.otlp}: ${results[1]!.detail}`);
    expect(formatResults(results).split('\n')[3]).toBe('      hint: start the collector (docker compose up otel-collector) or set OTEL_EXPORTER_OTLP_ENDPOINT');
  });

  it('passes a live app endpoint among dead ones but still exits 1', async () => {
    const results = await runChecks(
      { appMetrics, otlp: await deadUrl(), collectorHealth: await deadUrl('/'), prometheus: await deadUrl(), alertmanager: await deadUrl() },
      { appMetricsRequired: true },
    );
    expect(results[0]!.status).toBe('pass');
    expect(exitCode(results)).toBe(1);
  });
});
