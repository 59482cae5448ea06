/**
 * `genai-otel doctor` against a live app endpoint (genai-otel's own /metrics after real calls) and
 * against dead endpoints (ports that were just closed). The full pipeline (collector, Prometheus,
 * Alertmanager) is checked green in the end-to-end test.
 */
import { startFakeProvider, type FakeProvider } from '@genai-otel/fake-provider';
import { execFile } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { deadPort } from './dead-port.js';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import OpenAI from 'openai';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { checkAppMetrics, exitCode, formatResults, PARTS, planDoctor, REQUIRED_APP_FAMILIES, runChecks } from '../src/doctor/checks.js';
import { start, type GenAIOtel } from '../src/start.js';

let provider: FakeProvider;
let telemetry: GenAIOtel;
let appMetrics: string;

/** A URL on a port that nothing listens on (bound, then closed). */
async function deadUrl(path = ''): Promise<string> {
  return `http://127.0.0.1:${await deadPort()}${path}`;
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
    expect(formatResults(results).split('\n')[3]).toBe(
      '      hint: start the collector (docker compose up -d collector) or set OTEL_EXPORTER_OTLP_ENDPOINT; without a collector: --only app',
    );
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

describe('scopes (--only, GENAI_OTEL_PROMETHEUS_PORT)', () => {
  it('checks every part by default, the app endpoint only as a warning', () => {
    expect(planDoctor({ env: {} })).toEqual({ parts: [...PARTS], skipReason: '', appMetricsRequired: false, appMetrics: 'http://localhost:9464/metrics' });
    expect(planDoctor({ env: {}, appMetrics: 'http://app:1/metrics' })).toMatchObject({
      parts: [...PARTS],
      appMetricsRequired: true,
      appMetrics: 'http://app:1/metrics',
    });
  });

  it('checks only the app when GENAI_OTEL_PROMETHEUS_PORT is set (the set-up without a collector)', () => {
    expect(planDoctor({ env: { GENAI_OTEL_PROMETHEUS_PORT: '9470' } })).toEqual({
      parts: ['app'],
      skipReason:
        'GENAI_OTEL_PROMETHEUS_PORT=9470 is set (the app serves /metrics itself, no collector needed); check them with --only app,collector,prometheus,alertmanager',
      appMetricsRequired: true,
      appMetrics: 'http://localhost:9470/metrics',
    });
    expect(planDoctor({ env: { GENAI_OTEL_PROMETHEUS_PORT: '9470', GENAI_OTEL_PROMETHEUS_HOST: '127.0.0.1' } }).appMetrics).toBe(
      'http://127.0.0.1:9470/metrics',
    );
    // Port 0 (chosen at run time) says nothing about where the endpoint is: the default URL, still app only.
    expect(planDoctor({ env: { GENAI_OTEL_PROMETHEUS_PORT: '0' } }).parts).toEqual([...PARTS]);
  });

  it('--only wins over the environment, in pipeline order, and rejects unknown parts', () => {
    expect(planDoctor({ only: 'prometheus, app', env: { GENAI_OTEL_PROMETHEUS_PORT: '9470' } })).toEqual({
      parts: ['app', 'prometheus'],
      skipReason: 'not in --only app,prometheus',
      appMetricsRequired: true,
      appMetrics: 'http://localhost:9470/metrics',
    });
    expect(planDoctor({ only: 'collector', env: {} })).toMatchObject({ parts: ['collector'], appMetricsRequired: false });
    expect(() => planDoctor({ only: 'app,otel-collector', env: {} })).toThrow(
      '--only takes a comma-separated list of app, collector, prometheus, alertmanager; got "app,otel-collector"',
    );
    expect(() => planDoctor({ only: 'collector', appMetrics: 'http://app:1/metrics', env: {} })).toThrow('--app-metrics is given, but --only leaves out app');
  });

  it('--only app against a live app passes, listing the parts it skipped and why', async () => {
    const results = await runChecks(
      { appMetrics, otlp: await deadUrl(), collectorHealth: await deadUrl('/'), prometheus: await deadUrl(), alertmanager: await deadUrl() },
      planDoctor({ only: 'app', env: {} }),
    );
    expect(formatResults(results).split('\n')).toEqual([
      `PASS  app metrics endpoint ${appMetrics}: all 5 required metric families present`,
      'SKIP  collector (OTLP/HTTP receiver, collector health): not in --only app',
      'SKIP  prometheus (Prometheus ready, genai-otel series, rule files): not in --only app',
      'SKIP  alertmanager (Alertmanager ready): not in --only app',
    ]);
    expect(exitCode(results)).toBe(0);
  });

  it('runs as a CLI command (built): GENAI_OTEL_PROMETHEUS_PORT alone checks the app and exits 0', async () => {
    const bin = fileURLToPath(new URL('../bin/genai-otel.mjs', import.meta.url));
    const { port, hostname } = new URL(appMetrics);
    const env = { PATH: process.env['PATH'], GENAI_OTEL_PROMETHEUS_PORT: port, GENAI_OTEL_PROMETHEUS_HOST: hostname };
    const { stdout } = await promisify(execFile)(process.execPath, [bin, 'doctor'], { env });
    expect(stdout.split('\n').map((line) => line.slice(0, 6))).toEqual(['PASS  ', 'SKIP  ', 'SKIP  ', 'SKIP  ', '']);
    expect(stdout).toContain(`SKIP  collector (OTLP/HTTP receiver, collector health): GENAI_OTEL_PROMETHEUS_PORT=${port} is set`);
    const failed = await promisify(execFile)(process.execPath, [bin, 'doctor', '--only', 'otel-collector'], { env }).catch(
      (error: { code: number; stderr: string }) => error,
    );
    expect(failed).toMatchObject({
      code: 2,
      stderr: expect.stringContaining('--only takes a comma-separated list of app, collector, prometheus, alertmanager'),
    });
  });
});

describe('docker compose hints', () => {
  // Every `docker compose <command> ... <service>` that doctor, a README or another document (or docker-compose.yml's
  // own comments and messages) tells users to run names a service of docker-compose.yml.
  const root = fileURLToPath(new URL('../../..', import.meta.url));
  const services = (() => {
    const text = readFileSync(join(root, 'docker-compose.yml'), 'utf8');
    const start = text.indexOf('\nservices:\n') + '\nservices:\n'.length;
    const end = text.slice(start).search(/^\S/m);
    const block = end === -1 ? text.slice(start) : text.slice(start, start + end);
    return new Set([...block.matchAll(/^ {2}([a-z0-9][a-z0-9_.-]*):\s*$/gm)].map((match) => match[1]!));
  })();
  const SUBCOMMANDS = new Set([
    'up',
    'start',
    'stop',
    'restart',
    'logs',
    'ps',
    'rm',
    'pull',
    'build',
    'create',
    'kill',
    'pause',
    'unpause',
    'exec',
    'run',
    'top',
    'events',
    'port',
  ]);
  /** [service, where] for every service named by a `docker compose` / `docker-compose` command in `text`. */
  function named(text: string, where: string): Array<[string, string]> {
    const out: Array<[string, string]> = [];
    for (const match of text.matchAll(/docker[ -]compose((?:[ \t]+[^\s`'"()#;|&,]+)+)/g)) {
      const words = match[1]!.trim().split(/[ \t]+/);
      let i = 0;
      while (i < words.length && words[i]!.startsWith('-')) i += words[i] === '-f' || words[i] === '-p' ? 2 : 1;
      const command = words[i++];
      if (command === undefined || !SUBCOMMANDS.has(command)) continue;
      for (; i < words.length; i++) {
        const word = words[i]!;
        if (word.startsWith('-')) continue;
        if (!/^[a-z0-9][a-z0-9_.-]*$/.test(word)) break;
        out.push([word, where]);
        if (command === 'exec' || command === 'run' || command === 'port') break;
      }
    }
    return out;
  }
  function files(dir: string, accept: (name: string) => boolean): string[] {
    return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
      if (entry.name === 'node_modules' || entry.name.startsWith('.') || entry.name === 'dist') return [];
      const path = join(dir, entry.name);
      return entry.isDirectory() ? files(path, accept) : accept(entry.name) ? [path] : [];
    });
  }

  it('finds the compose services', () => {
    expect([...services]).toEqual(expect.arrayContaining(['collector', 'prometheus', 'alertmanager', 'usage-poller']));
    expect(named('start it (docker compose up -d collector prometheus) or', 'x')).toEqual([
      ['collector', 'x'],
      ['prometheus', 'x'],
    ]);
    expect(named('docker compose logs -f collector   # what', 'x')).toEqual([['collector', 'x']]);
    expect(named('`docker compose up` starts', 'x')).toEqual([]);
  });

  it('names only services that docker-compose.yml defines, in doctor, the READMEs and docs, and the compose file', () => {
    const sources = [
      ...files(join(root, 'packages/node/src/doctor'), (name) => name.endsWith('.ts')),
      ...files(root, (name) => name.endsWith('.md')),
      join(root, 'docker-compose.yml'),
    ];
    expect(sources.map((path) => relative(root, path))).toEqual(expect.arrayContaining(['README.md', 'packages/node/README.md', 'alerts/runbook.md']));
    const hints = sources.flatMap((path) => named(readFileSync(path, 'utf8'), relative(root, path)));
    expect(hints.filter(([, where]) => where.startsWith('packages/node/src/doctor')).map(([service]) => service)).toEqual([
      'collector',
      'prometheus',
      'alertmanager',
    ]);
    expect(hints.filter(([service]) => !services.has(service))).toEqual([]);
  });
});
