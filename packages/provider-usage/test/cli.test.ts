// The environment and `genai-otel usage-poller` (runUsagePollerCli): configuration errors, --once
// against the fake provider exporting OTLP to a local sink.
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startFakeProvider } from '@genai-otel/fake-provider';
import { afterEach, describe, expect, it } from 'vitest';
import { ConfigError, parseDurationMillis, readUsagePollerEnv, runUsagePollerCli } from '../src/index.js';

describe('readUsagePollerEnv', () => {
  it('needs at least one admin key, and says which', () => {
    expect(() => readUsagePollerEnv({})).toThrow(ConfigError);
    expect(() => readUsagePollerEnv({ OPENAI_ADMIN_KEY: '  ' })).toThrow(/set OPENAI_ADMIN_KEY .* and\/or ANTHROPIC_ADMIN_KEY/);
  });

  it('has defaults for everything else', () => {
    const settings = readUsagePollerEnv({ OPENAI_ADMIN_KEY: 'sk-admin-x' });
    expect(settings).toEqual({
      poller: {
        bucketWidth: '1h',
        lookbackSeconds: 172_800,
        intervalMillis: 300_000,
        stateFile: 'genai-otel-usage-state.json',
        openai: {
          adminKey: 'sk-admin-x',
          baseURL: 'https://api.openai.com/v1',
          endpoints: ['completions', 'embeddings'],
          groupBy: ['model', 'project_id', 'batch'],
        },
      },
      serviceName: 'genai-otel-usage-poller',
      metricsExporter: 'otlp',
      exportIntervalMillis: 60_000,
    });
  });

  it('reads every variable', () => {
    const settings = readUsagePollerEnv({
      ANTHROPIC_ADMIN_KEY: 'sk-ant-admin01-x',
      ANTHROPIC_ADMIN_BASE_URL: 'http://127.0.0.1:8787',
      GENAI_OTEL_USAGE_BUCKET_WIDTH: '1m',
      GENAI_OTEL_USAGE_LOOKBACK: '3d',
      GENAI_OTEL_USAGE_POLL_INTERVAL: '90',
      GENAI_OTEL_USAGE_STATE_FILE: '/var/lib/genai-otel/usage.json',
      GENAI_OTEL_USAGE_ANTHROPIC_GROUP_BY: 'model,api_key_id',
      OTEL_SERVICE_NAME: 'billing',
      OTEL_METRICS_EXPORTER: 'console',
      OTEL_METRIC_EXPORT_INTERVAL: '5000',
    });
    expect(settings.poller).toEqual({
      bucketWidth: '1m',
      lookbackSeconds: 259_200,
      intervalMillis: 90_000,
      stateFile: '/var/lib/genai-otel/usage.json',
      anthropic: { adminKey: 'sk-ant-admin01-x', baseURL: 'http://127.0.0.1:8787', groupBy: ['model', 'api_key_id'] },
    });
    expect(settings).toMatchObject({ serviceName: 'billing', metricsExporter: 'console', exportIntervalMillis: 5000 });
  });

  it('names the variable of a bad value, never a key', () => {
    const key = { OPENAI_ADMIN_KEY: 'sk-admin-SECRET' };
    for (const [env, message] of [
      [{ GENAI_OTEL_USAGE_BUCKET_WIDTH: '5m' }, 'GENAI_OTEL_USAGE_BUCKET_WIDTH="5m" must be 1m, 1h or 1d'],
      [{ GENAI_OTEL_USAGE_LOOKBACK: '6h' }, 'GENAI_OTEL_USAGE_LOOKBACK="6h" is too short (at least 86400s)'],
      [{ GENAI_OTEL_USAGE_POLL_INTERVAL: 'soon' }, 'GENAI_OTEL_USAGE_POLL_INTERVAL="soon" is not a duration (e.g. 300, 300s, 5m, 2d)'],
      [{ GENAI_OTEL_USAGE_OPENAI_ENDPOINTS: 'completions,chat' }, 'GENAI_OTEL_USAGE_OPENAI_ENDPOINTS="completions,chat": unsupported "chat"'],
      [{ OPENAI_ADMIN_BASE_URL: 'api.openai.com' }, 'OPENAI_ADMIN_BASE_URL="api.openai.com" is not an http(s) URL'],
      [{ OTEL_METRICS_EXPORTER: 'prometheus' }, 'OTEL_METRICS_EXPORTER="prometheus"'],
    ] as const) {
      let caught: unknown;
      try {
        readUsagePollerEnv({ ...key, ...env });
      } catch (error) {
        caught = error;
      }
      expect(caught).toBeInstanceOf(ConfigError);
      expect((caught as Error).message).toContain(message);
      expect((caught as Error).message).not.toContain('SECRET');
    }
  });

  it('parses durations', () => {
    expect(parseDurationMillis('x', '300')).toBe(300_000);
    expect(parseDurationMillis('x', '1h30m')).toBe(5_400_000);
    expect(parseDurationMillis('x', '2d')).toBe(172_800_000);
    expect(() => parseDurationMillis('x', '5 m')).toThrow(ConfigError);
  });
});

describe('runUsagePollerCli', () => {
  const cleanups: Array<() => unknown> = [];
  afterEach(async () => {
    for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
  });

  const io = (): { out: string[]; err: string[]; streams: { out: { write(t: string): void }; err: { write(t: string): void } } } => {
    const out: string[] = [];
    const err: string[] = [];
    return { out, err, streams: { out: { write: (t) => out.push(t) }, err: { write: (t) => err.push(t) } } };
  };

  it('exits 2 with a clear message without keys', async () => {
    const { err, streams } = io();
    expect(await runUsagePollerCli([], { env: {}, ...streams })).toBe(2);
    expect(err.join('')).toMatch(/^genai-otel usage-poller: no admin key: set OPENAI_ADMIN_KEY/);
  });

  it('--once polls the fake provider, exports OTLP and writes the state file; the key is never printed', async () => {
    const provider = await startFakeProvider();
    cleanups.push(() => provider.stop());
    await (
      await fetch(`${provider.baseURL}/chat/completions`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: 'Bearer sk-app' },
        body: JSON.stringify({ model: 'gpt-4o-mini', messages: [{ role: 'user', content: 'hi' }] }),
      })
    ).text();

    const received: Array<{ path: string; type: string; body: Buffer }> = [];
    const sink: Server = createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (chunk: Buffer) => chunks.push(chunk));
      req.on('end', () => {
        received.push({ path: req.url ?? '', type: String(req.headers['content-type']), body: Buffer.concat(chunks) });
        res.writeHead(200, { 'content-type': 'application/x-protobuf' }).end();
      });
    });
    await new Promise<void>((resolve) => sink.listen(0, '127.0.0.1', resolve));
    cleanups.push(() => new Promise((resolve) => sink.close(resolve)));
    const dir = mkdtempSync(join(tmpdir(), 'usage-cli-'));
    cleanups.push(() => rmSync(dir, { recursive: true, force: true }));

    const { out, err, streams } = io();
    const code = await runUsagePollerCli(['--once', '--state-file', join(dir, 'state.json')], {
      env: {
        OPENAI_ADMIN_KEY: 'sk-admin-CLIsecret',
        OPENAI_ADMIN_BASE_URL: provider.baseURL,
        OTEL_EXPORTER_OTLP_ENDPOINT: `http://127.0.0.1:${(sink.address() as AddressInfo).port}`,
      },
      ...streams,
    });
    expect(err.join('')).not.toContain('CLIsecret');
    expect(code).toBe(0);
    expect(out.join('')).toMatch(/^openai\.completions: 49 buckets, openai\.embeddings: 49 buckets, openai\.costs: 3 buckets\n$/);
    expect(err.join('')).toContain(
      `[usage-poller] reading openai.completions, openai.embeddings, openai.costs; once, re-reading the last 48h; state ${join(dir, 'state.json')}`,
    );
    expect(received).toHaveLength(1);
    expect(received[0]).toMatchObject({ path: '/v1/metrics', type: 'application/x-protobuf' });
    const body = received[0]!.body.toString('latin1');
    for (const text of [
      'genai_otel.provider.cost',
      'genai_otel.provider.usage.tokens',
      'genai_otel.provider.requests',
      'gpt-4o-mini-2024-07-18',
      'genai-otel-usage-poller',
    ]) {
      expect(body).toContain(text);
    }
  });

  it('runs until told to stop, then exports the last values and exits 0', async () => {
    const provider = await startFakeProvider();
    cleanups.push(() => provider.stop());
    const bodies: Buffer[] = [];
    const sink: Server = createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (chunk: Buffer) => chunks.push(chunk));
      req.on('end', () => {
        bodies.push(Buffer.concat(chunks));
        res.writeHead(200).end();
      });
    });
    await new Promise<void>((resolve) => sink.listen(0, '127.0.0.1', resolve));
    cleanups.push(() => new Promise((resolve) => sink.close(resolve)));
    const dir = mkdtempSync(join(tmpdir(), 'usage-cli-'));
    cleanups.push(() => rmSync(dir, { recursive: true, force: true }));
    const { err, streams } = io();
    const code = await runUsagePollerCli(['--interval', '1h'], {
      env: {
        ANTHROPIC_ADMIN_KEY: 'sk-ant-admin01-x',
        ANTHROPIC_ADMIN_BASE_URL: provider.url,
        GENAI_OTEL_USAGE_STATE_FILE: join(dir, 'state.json'),
        OTEL_EXPORTER_OTLP_ENDPOINT: `http://127.0.0.1:${(sink.address() as AddressInfo).port}`,
      },
      // stop once both reports were asked for (the first poll), without waiting for the hour
      stopSignal: provider.waitForRequests(2),
      ...streams,
    });
    expect(code).toBe(0);
    expect(err.join('')).toContain('every 3600s');
    expect(bodies.length).toBeGreaterThanOrEqual(1);
    expect(bodies.at(-1)!.toString('latin1')).toContain('genai_otel.provider.poll.last_success');
  });
});
