// Anthropic's Admin API usage and cost reports over plain HTTP: fed from the Messages calls served.
import { createPricer } from '@genai-otel/pricing';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { postJson, prettyJson } from '../../test/helpers/http.js';
import { startFakeProvider } from '../server.js';
import type { FakeProvider } from '../types.js';

const FIXTURES = '../wire/__fixtures__';
const ADMIN = { 'x-api-key': 'sk-ant-admin01-test', 'anthropic-version': '2023-06-01' };
const HOUR_MS = 3_600_000;

let now: number;
let provider: FakeProvider;
beforeEach(async () => {
  now = Date.UTC(2026, 0, 10, 9, 10);
  provider = await startFakeProvider({ clock: () => now });
});
afterEach(async () => {
  await provider.stop();
});

function report(path: string, headers: Record<string, string> = ADMIN): Promise<Response> {
  return fetch(`${provider.url}${path}`, { headers });
}

interface Report {
  data: Array<{ starting_at: string; ending_at: string; results: Array<Record<string, unknown>> }>;
  has_more: boolean;
  next_page: string | null;
}

async function json(path: string): Promise<Report> {
  const response = await report(path);
  expect(response.status, await response.clone().text()).toBe(200);
  return (await response.json()) as Report;
}

async function message(model: string, usage?: string): Promise<void> {
  const headers: Record<string, string> = { 'x-api-key': 'sk-ant-app' };
  if (usage !== undefined) headers['x-fake-usage'] = usage;
  const response = await postJson(provider, '/v1/messages', { model, max_tokens: 64, messages: [{ role: 'user', content: `Hi ${model}` }] }, { headers });
  await response.text();
}

async function traffic(): Promise<void> {
  await message('claude-haiku-4-5');
  now += HOUR_MS;
  await message('claude-sonnet-4-5', 'input=100,output=50,cache_read=1000,cache_write_5m=300,cache_write_1h=200');
  await message('claude-haiku-4-5');
  now += 20 * 60_000;
}

describe('golden wire output', () => {
  it('Messages usage report by model, hourly', async () => {
    await traffic();
    const response = await report('/v1/organizations/usage_report/messages?starting_at=2026-01-10T09:00:00Z&bucket_width=1h&group_by[]=model');
    expect(response.status).toBe(200);
    expect(response.headers.get('request-id')).toMatch(/^req_011C/);
    await expect(prettyJson(await response.text())).toMatchFileSnapshot(`${FIXTURES}/admin-anthropic-usage-report.json`);
  });

  it('cost report by workspace and description', async () => {
    await traffic();
    const response = await report('/v1/organizations/cost_report?starting_at=2026-01-10T00:00:00Z&group_by[]=workspace_id&group_by[]=description');
    await expect(prettyJson(await response.text())).toMatchFileSnapshot(`${FIXTURES}/admin-anthropic-cost-report.json`);
  });
});

describe('what is reported', () => {
  it('keeps uncached input, cache reads and cache writes apart, as the Messages usage does', async () => {
    await traffic();
    const usage = await json('/v1/organizations/usage_report/messages?starting_at=2026-01-10T10:00:00Z&bucket_width=1h&group_by[]=model');
    const sonnet = usage.data[0]!.results.find((result) => result['model'] === 'claude-sonnet-4-5-20250929');
    expect(sonnet).toMatchObject({
      uncached_input_tokens: 100,
      cache_read_input_tokens: 1000,
      cache_creation: { ephemeral_5m_input_tokens: 300, ephemeral_1h_input_tokens: 200 },
      output_tokens: 50,
      workspace_id: null,
      api_key_id: null,
    });
  });

  it('reports cost in cents as decimal strings, priced with @genai-otel/pricing', async () => {
    await traffic();
    const cost = await json('/v1/organizations/cost_report?starting_at=2026-01-10T00:00:00Z');
    expect(cost.data).toHaveLength(1);
    expect(cost.data[0]!.results).toHaveLength(1);
    const [total] = cost.data[0]!.results as [Record<string, unknown>];
    expect(total).toMatchObject({ currency: 'USD', description: null, model: null, token_type: null });
    const pricer = createPricer();
    const expected = provider
      .calls('anthropic.messages')
      .map((call) => pricer.price({ provider: 'anthropic', model: call.model, usage: call.usage, timestamp: new Date(now) }))
      .reduce((sum, result) => sum + (result.status === 'priced' ? result.amount : Number.NaN), 0);
    expect(Number(total['amount']) / 100).toBeCloseTo(expected, 12);
  });

  it('pages through next_page', async () => {
    await traffic();
    const path = '/v1/organizations/usage_report/messages?starting_at=2026-01-10T07:30:00Z&bucket_width=1h&limit=2';
    const pages = [await json(path)];
    while (pages.at(-1)!.has_more) pages.push(await json(`${path}&page=${encodeURIComponent(pages.at(-1)!.next_page!)}`));
    expect(pages.map((p) => p.data.map((bucket) => bucket.starting_at.slice(11, 13)))).toEqual([
      ['07', '08'],
      ['09', '10'],
    ]);
    expect(pages.flatMap((p) => p.data.flatMap((bucket) => bucket.results)).map((result) => result['output_tokens'])).toHaveLength(2);
  });
});

describe('errors', () => {
  it('needs an admin key', async () => {
    const missing = await report('/v1/organizations/cost_report?starting_at=2026-01-10T00:00:00Z', {});
    expect(missing.status).toBe(401);
    expect(await missing.json()).toMatchObject({ type: 'error', error: { type: 'authentication_error', message: 'x-api-key header is required' } });
    const regular = await report('/v1/organizations/cost_report?starting_at=2026-01-10T00:00:00Z', { 'x-api-key': 'sk-ant-api03-x' });
    expect(regular.status).toBe(401);
  });

  it.each([
    ['/v1/organizations/usage_report/messages', 'starting_at'],
    ['/v1/organizations/usage_report/messages?starting_at=yesterday', 'starting_at'],
    ['/v1/organizations/cost_report?starting_at=2026-01-10T00:00:00Z&bucket_width=1h', 'bucket_width'],
    ['/v1/organizations/cost_report?starting_at=2026-01-10T00:00:00Z&group_by[]=model', 'group_by'],
  ])('400 for %s (%s)', async (path, param) => {
    const response = await report(path);
    expect(response.status).toBe(400);
    const body = (await response.json()) as { error: { type: string; message: string } };
    expect(body.error.type).toBe('invalid_request_error');
    expect(body.error.message).toContain(param);
  });

  it('injects 429 and 529 with retry-after', async () => {
    const rateLimited = await report('/v1/organizations/cost_report?starting_at=2026-01-10T00:00:00Z', { ...ADMIN, 'x-fake-fault': '429;retry-after=2' });
    expect(rateLimited.status).toBe(429);
    expect(rateLimited.headers.get('retry-after')).toBe('2');
    expect(((await rateLimited.json()) as { error: { type: string } }).error.type).toBe('rate_limit_error');
    const overloaded = await report('/v1/organizations/usage_report/messages?starting_at=2026-01-10T00:00:00Z', {
      ...ADMIN,
      'x-fake-fault': '529;retry-after-ms=5',
    });
    expect(overloaded.status).toBe(529);
    expect(overloaded.headers.get('retry-after-ms')).toBe('5');
  });
});
