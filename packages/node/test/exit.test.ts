/**
 * Exit with the collector down (issue 17): child processes started with `--import @genai-otel/node/register`
 * against the fake provider, exporting OTLP to a port where nothing listens. An app that ends by itself
 * exits with its own code, SIGTERM ends the app, and both say on diag that the telemetry of the flush at
 * exit is lost. The only time limit is the test's own timeout. Needs `pnpm build` first.
 */
import { startFakeProvider, type FakeProvider } from '@genai-otel/fake-provider';
import { createServer, type AddressInfo, type Socket } from 'node:net';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { deadPort } from './dead-port.js';
import { ChildApp } from './child-app.js';
import { attributeMap, OtlpReceiver } from './otlp-receiver.js';

let provider: FakeProvider;
let app: ChildApp | undefined;

beforeAll(async () => {
  provider = await startFakeProvider();
});
afterAll(async () => {
  await provider.stop();
});
beforeEach(() => {
  provider.reset();
});
afterEach(async () => {
  app?.kill('SIGKILL');
  await app?.exited;
  app = undefined;
});

async function env(extra: NodeJS.ProcessEnv = {}): Promise<NodeJS.ProcessEnv> {
  return {
    PATH: process.env['PATH'],
    FAKE_BASE_URL: provider.baseURL,
    OTEL_EXPORTER_OTLP_ENDPOINT: `http://127.0.0.1:${await deadPort()}`,
    // NodeSDK installs a console diag logger at this level; genai-otel's warning goes through it.
    OTEL_LOG_LEVEL: 'warn',
    ...extra,
  };
}

const lost = (timeoutMillis: number): string =>
  `genai-otel: telemetry lost at exit: the final export to the OTLP endpoint failed or did not finish within OTEL_EXPORTER_OTLP_TIMEOUT (${timeoutMillis} ms)\n`;

function occurrences(text: string, part: string): number {
  return text.split(part).length - 1;
}

describe('collector up', () => {
  it('an app that ends by itself exits with code 0, everything exported, no warning', { timeout: 60_000 }, async () => {
    const receiver = await new OtlpReceiver().start();
    try {
      app = new ChildApp(
        ['--import', '@genai-otel/node/register', 'exit-app.mjs'],
        await env({ OTEL_EXPORTER_OTLP_ENDPOINT: receiver.url, OTEL_EXPORTER_OTLP_PROTOCOL: 'http/json', OTEL_METRIC_EXPORT_INTERVAL: '1000' }),
      );
      const exit = await app.exited;
      expect(exit).toEqual({ code: 0, signal: null });
      expect(app.stderr).toBe('');
      const chats = receiver.spans().filter((span) => attributeMap(span.attributes)['gen_ai.operation.name'] === 'chat');
      expect(chats).toHaveLength(3);
      expect(receiver.metrics().length).toBeGreaterThan(0);
    } finally {
      await receiver.stop();
    }
  });
});

describe('collector down', () => {
  it.each(['1000', '2000'])(
    'an app that ends by itself exits with code 0 (OTEL_METRIC_EXPORT_INTERVAL=%s) and warns that telemetry is lost',
    { timeout: 60_000 },
    async (interval) => {
      app = new ChildApp(['--import', '@genai-otel/node/register', 'exit-app.mjs'], await env({ OTEL_METRIC_EXPORT_INTERVAL: interval }));
      const exit = await app.exited;
      expect(exit).toEqual({ code: 0, signal: null });
      expect(app.stdout).toBe('done\n');
      expect(occurrences(app.stderr, lost(10_000))).toBe(1);
      expect(provider.served.map((call) => call.status)).toEqual([200, 200, 429]);
    },
  );

  it('a plain NodeSDK with the same environment exits with code 0', { timeout: 60_000 }, async () => {
    app = new ChildApp(['--import', './plain-sdk.mjs', 'exit-app.mjs'], await env({ OTEL_METRIC_EXPORT_INTERVAL: '1000' }));
    const exit = await app.exited;
    expect(exit).toEqual({ code: 0, signal: null });
    expect(app.stdout).toBe('done\n');
  });

  it('SIGTERM ends the app once the flush gives up after OTEL_EXPORTER_OTLP_TIMEOUT', { timeout: 60_000 }, async () => {
    app = new ChildApp(
      ['--import', '@genai-otel/node/register', 'app.mjs'],
      await env({ OTEL_METRIC_EXPORT_INTERVAL: '1000', OTEL_EXPORTER_OTLP_TIMEOUT: '2000' }),
    );
    await app.waitFor(/^done$/m);
    app.kill('SIGTERM');
    const exit = await app.exited;
    // The hook re-raises the signal (the app has no handler of its own), so the app ends by SIGTERM.
    expect(exit).toEqual({ code: null, signal: 'SIGTERM' });
    expect(occurrences(app.stderr, lost(2_000))).toBe(1);
  });
});

describe('collector that accepts connections and never answers', () => {
  it('an app that ends by itself exits with code 0 and warns that telemetry is lost', { timeout: 60_000 }, async () => {
    const sockets = new Set<Socket>();
    const blackHole = createServer((socket) => {
      sockets.add(socket);
      socket.on('error', () => undefined);
    });
    await new Promise<void>((resolve) => blackHole.listen(0, '127.0.0.1', resolve));
    try {
      const endpoint = `http://127.0.0.1:${(blackHole.address() as AddressInfo).port}`;
      app = new ChildApp(
        ['--import', '@genai-otel/node/register', 'exit-app.mjs'],
        await env({ OTEL_EXPORTER_OTLP_ENDPOINT: endpoint, OTEL_METRIC_EXPORT_INTERVAL: '1000', OTEL_EXPORTER_OTLP_TIMEOUT: '2000' }),
      );
      const exit = await app.exited;
      expect(exit).toEqual({ code: 0, signal: null });
      expect(app.stdout).toBe('done\n');
      expect(occurrences(app.stderr, lost(2_000))).toBe(1);
      expect(sockets.size).toBeGreaterThan(0);
    } finally {
      for (const socket of sockets) socket.destroy();
      await new Promise<void>((resolve) => blackHole.close(() => resolve()));
    }
  });
});
