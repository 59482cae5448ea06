/**
 * An exporter outage costs nothing but lost telemetry: 10,000 calls with the OTLP endpoint down keep
 * the heap within the documented bound (32 MiB above its level after 1,000 calls), and the app's
 * calls all succeed. Needs `pnpm build` first (child process through the register entry point).
 */
import { startFakeProvider, type FakeProvider } from '@genai-otel/fake-provider';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ChildApp } from './child-app.js';

let provider: FakeProvider;
beforeAll(async () => {
  provider = await startFakeProvider();
});
afterAll(async () => {
  await provider.stop();
});

describe('exporter down', () => {
  it('keeps the heap bounded over 10,000 calls', { timeout: 120_000 }, async () => {
    const app = new ChildApp(['--expose-gc', '--import', '@genai-otel/node/register', 'memory-app.mjs'], {
      PATH: process.env['PATH'],
      FAKE_BASE_URL: provider.baseURL,
      OTEL_EXPORTER_OTLP_ENDPOINT: 'http://127.0.0.1:1',
      OTEL_EXPORTER_OTLP_TIMEOUT: '500',
      OTEL_METRIC_EXPORT_INTERVAL: '1000',
      OTEL_BSP_SCHEDULE_DELAY: '100',
    });
    const exit = await app.exited;
    expect(exit.code).toBe(0);
    const { warm, end } = JSON.parse(app.stdout.trim()) as { warm: number; end: number };
    expect(provider.served.filter((call) => call.status === 200)).toHaveLength(10_000);
    expect(end - warm).toBeLessThan(32 * 1024 * 1024);
  });
});
