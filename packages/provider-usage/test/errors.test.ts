// 429 / 5xx handling against the fake provider's admin endpoints (fault header with retry-after),
// and a bad or revoked key: a clear error without the key, the last good data kept.
import { startFakeProvider, type FakeProvider } from '@genai-otel/fake-provider';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ProviderApiError, redactSecrets, retryAfterMillis, UsagePoller, type OpenAIAccess, type UsagePollerOptions } from '../src/index.js';
import { pointKey, testMeter, type TestMeter } from './helpers/metrics.js';

const NOW = Date.UTC(2026, 0, 10, 12, 30);
const GOOD_OPENAI_KEY = 'sk-admin-GOODkey0123456789';
const GOOD_ANTHROPIC_KEY = 'sk-ant-admin01-GOODkey0123456789';

let provider: FakeProvider;
let meters: TestMeter[] = [];

beforeEach(async () => {
  provider = await startFakeProvider({ clock: () => NOW });
});
afterEach(async () => {
  await provider.stop();
  await Promise.all(meters.map((meter) => meter.shutdown()));
  meters = [];
});

async function chat(model: string): Promise<void> {
  const response = await fetch(`${provider.baseURL}/chat/completions`, {
    method: 'POST',
    headers: { authorization: 'Bearer sk-app', 'content-type': 'application/json' },
    body: JSON.stringify({ model, messages: [{ role: 'user', content: `Hello ${model}` }] }),
  });
  await response.text();
}

function poller(options: Partial<UsagePollerOptions>, delays: number[] = [], lines: string[] = []): { poller: UsagePoller; meter: TestMeter } {
  const meter = testMeter();
  meters.push(meter);
  return {
    meter,
    poller: new UsagePoller({
      meter: meter.meter,
      clock: () => NOW,
      sleep: async (ms) => {
        delays.push(ms);
      },
      log: (line) => lines.push(line),
      ...options,
    }),
  };
}

describe('rate limits and server errors', () => {
  it('waits what retry-after asks on a 429 and then reads the report', async () => {
    await chat('gpt-4o-mini');
    const delays: number[] = [];
    const { poller: p } = poller(
      {
        openai: {
          adminKey: GOOD_OPENAI_KEY,
          baseURL: provider.baseURL,
          endpoints: ['completions'],
          // the first two admin requests are rate-limited with retry-after: 7
          headers: { 'x-fake-fault': '429;retry-after=7;times=2;key=admin' },
        },
      },
      delays,
    );
    const report = await p.pollOnce();
    expect(report.ok).toBe(true);
    expect(delays).toEqual([7000, 7000]);
    expect(p.totals().some((total) => total.metric === 'cost' && total.value > 0)).toBe(true);
  });

  it('prefers retry-after-ms (Anthropic 429 and 529)', async () => {
    const delays: number[] = [];
    const { poller: p } = poller(
      { anthropic: { adminKey: GOOD_ANTHROPIC_KEY, baseURL: provider.url, headers: { 'x-fake-fault': '529;retry-after=3;retry-after-ms=250;times=1;key=a' } } },
      delays,
    );
    expect((await p.pollOnce()).ok).toBe(true);
    expect(delays).toEqual([250]);
  });

  it('backs off exponentially without retry-after, and gives up after maxAttempts keeping the last good data', async () => {
    await chat('gpt-4o-mini');
    const openai: OpenAIAccess = { adminKey: GOOD_OPENAI_KEY, baseURL: provider.baseURL, endpoints: ['completions'] };
    const delays: number[] = [];
    const lines: string[] = [];
    const { poller: p, meter } = poller({ openai, retry: { maxAttempts: 4 } }, delays, lines);
    expect((await p.pollOnce()).ok).toBe(true);
    const before = p.totals();
    await chat('gpt-4.1'); // new traffic the provider can no longer tell us about
    openai.headers = { 'x-fake-fault': '503' };
    const report = await p.pollOnce();
    expect(report.ok).toBe(false);
    expect(report.outcomes.map((outcome) => (outcome.ok ? 'ok' : outcome.error.kind))).toEqual(['server_error', 'server_error']);
    expect(delays).toEqual([1000, 2000, 4000, 1000, 2000, 4000]);
    expect(p.totals()).toEqual(before);
    const errors = (await meter.collect()).of('genai_otel.provider.poll.errors');
    expect(errors).toEqual(
      new Map(
        ['completions', 'costs'].map((endpoint) => [
          pointKey('genai_otel.provider.poll.errors', {
            'gen_ai.provider.name': 'openai',
            'genai_otel.provider.endpoint': endpoint,
            'error.type': 'server_error',
          }),
          1,
        ]),
      ),
    );
    expect(lines[0]).toMatch(
      /^\[usage-poller\] OpenAI GET \/v1\/organization\/usage\/completions: HTTP 503 after 4 attempts: The server is overloaded or not ready yet\. \(server_error\) \(openai\.completions: keeping its data as of 2026-01-10T12:30:00\.000Z\)$/,
    );
  });
});

describe('bad or missing key', () => {
  it('reports a bad OpenAI key clearly, without the key, and keeps the last good data', async () => {
    await chat('gpt-4o-mini');
    let key = GOOD_OPENAI_KEY;
    // A fetch that sends whatever key is current: the key is revoked between two polls.
    const fetchWithKey: typeof fetch = (input, init) =>
      fetch(input, { ...init, headers: { ...(init?.headers as Record<string, string>), authorization: `Bearer ${key}` } });
    const lines: string[] = [];
    const { poller: p, meter } = poller(
      { openai: { adminKey: GOOD_OPENAI_KEY, baseURL: provider.baseURL, endpoints: ['completions'] }, fetch: fetchWithKey },
      [],
      lines,
    );
    expect((await p.pollOnce()).ok).toBe(true);
    const good = (await meter.collect()).points;

    key = 'sk-proj-REVOKEDkey0123456789';
    await chat('gpt-4o-mini');
    const report = await p.pollOnce();
    expect(report.ok).toBe(false);
    const error = report.outcomes[0]!.ok ? undefined : report.outcomes[0]!.error;
    expect(error).toBeInstanceOf(ProviderApiError);
    expect(error).toMatchObject({ provider: 'openai', kind: 'authentication', status: 401, endpoint: 'GET /v1/organization/usage/completions' });
    expect(error!.message).toBe(
      'OpenAI GET /v1/organization/usage/completions: HTTP 401, the admin key was rejected: Incorrect API key provided. The organization Usage and Costs APIs require an admin API key. (invalid_api_key). ' +
        'Check OPENAI_ADMIN_KEY (an OpenAI admin key, sk-admin-…, from the organization settings).',
    );
    for (const line of lines) {
      expect(line).not.toContain('REVOKEDkey');
      expect(line).not.toContain('GOODkey');
    }
    expect(lines.some((line) => line.includes('keeping its data as of 2026-01-10T12:30:00.000Z'))).toBe(true);
    const after = (await meter.collect()).points;
    for (const name of ['genai_otel.provider.usage.tokens', 'genai_otel.provider.requests', 'genai_otel.provider.cost']) {
      const pick = (points: Map<string, number>): Array<[string, number]> => [...points].filter(([k]) => k.startsWith(name));
      expect(pick(after), name).toEqual(pick(good));
    }
  });

  it('reports a missing Anthropic key clearly', async () => {
    const { poller: p } = poller({ anthropic: { adminKey: 'sk-ant-api03-NOTanADMINkey', baseURL: provider.url } });
    const report = await p.pollOnce();
    expect(report.outcomes.map((outcome) => (outcome.ok ? 'ok' : outcome.error.kind))).toEqual(['authentication', 'authentication']);
    const message = report.outcomes[0]!.ok ? '' : report.outcomes[0]!.error.message;
    expect(message).toMatch(
      /^Anthropic GET \/v1\/organizations\/usage_report\/messages: HTTP 401, the admin key was rejected: .*\(authentication_error\)\. Check ANTHROPIC_ADMIN_KEY/,
    );
    expect(message).not.toContain('NOTanADMINkey');
    expect(p.totals()).toEqual([]);
  });

  it('does not retry a rejected key', async () => {
    const delays: number[] = [];
    const { poller: p } = poller({ openai: { adminKey: 'sk-wrong-000000', baseURL: provider.baseURL, endpoints: [] } }, delays);
    await p.pollOnce();
    expect(delays).toEqual([]);
  });
});

describe('helpers', () => {
  it('reads retry-after-ms, retry-after seconds and HTTP dates', () => {
    const now = Date.UTC(2026, 0, 10, 12, 0, 0);
    expect(retryAfterMillis(new Headers({ 'retry-after-ms': '120', 'retry-after': '9' }), now)).toBe(120);
    expect(retryAfterMillis(new Headers({ 'retry-after': '2' }), now)).toBe(2000);
    expect(retryAfterMillis(new Headers({ 'retry-after': 'Sat, 10 Jan 2026 12:00:30 GMT' }), now)).toBe(30_000);
    expect(retryAfterMillis(new Headers({}), now)).toBeUndefined();
  });

  it('redacts key-shaped strings', () => {
    expect(redactSecrets('Incorrect API key provided: sk-proj-abc***xyz. Bearer sk-admin-123')).toBe(
      'Incorrect API key provided: sk-[redacted]. Bearer [redacted]',
    );
  });
});
