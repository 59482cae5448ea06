// OpenAI's Usage and Costs APIs over plain HTTP: fed from the calls the server served.
import { createPricer } from '@genai-otel/pricing';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { completionOf, postChat, postJson, prettyJson } from '../../test/helpers/http.js';
import { startFakeProvider } from '../server.js';
import type { FakeProvider } from '../types.js';

const FIXTURES = '../wire/__fixtures__';
const ADMIN = { authorization: 'Bearer sk-admin-test' };
const DAY = Date.UTC(2026, 0, 10) / 1000;
const HOUR = 3600;

let now: number;
let provider: FakeProvider;
beforeEach(async () => {
  now = Date.UTC(2026, 0, 10, 9, 10);
  provider = await startFakeProvider({ clock: () => now });
});
afterEach(async () => {
  await provider.stop();
});

function admin(path: string, headers: Record<string, string> = ADMIN): Promise<Response> {
  return fetch(`${provider.baseURL}${path}`, { headers });
}

async function page<T = Record<string, unknown>>(path: string): Promise<T> {
  const response = await admin(path);
  expect(response.status, await response.clone().text()).toBe(200);
  return (await response.json()) as T;
}

interface UsagePage {
  object: 'page';
  data: Array<{ object: 'bucket'; start_time: number; end_time: number; results: Array<Record<string, unknown>> }>;
  has_more: boolean;
  next_page: string | null;
}

/** Traffic over three hours: 09:10 mini (proj_a), 10:10 4.1 (proj_b, flex) + Responses mini, 11:10 mini + embeddings, plus calls that are not billed. */
async function traffic(): Promise<void> {
  await completionOf(postChat(provider, { model: 'gpt-4o-mini', messages: [{ role: 'user', content: 'one' }] }, { headers: { 'openai-project': 'proj_a' } }));
  now += HOUR * 1000;
  await completionOf(
    postChat(provider, { model: 'gpt-4.1', service_tier: 'flex', messages: [{ role: 'user', content: 'two' }] }, { headers: { 'openai-project': 'proj_b' } }),
  );
  await (await postJson(provider, '/v1/responses', { model: 'gpt-4o-mini', input: 'three' }, { headers: { authorization: 'Bearer sk-other' } })).json();
  now += HOUR * 1000;
  await completionOf(
    postChat(provider, { model: 'gpt-4o-mini', messages: [{ role: 'user', content: 'four' }] }, { headers: { 'x-fake-usage': 'prompt=2000,completion=10' } }),
  );
  await (await postJson(provider, '/v1/embeddings', { model: 'text-embedding-3-small', input: 'five', encoding_format: 'float' })).json();
  // not billed: a 429 (no usage), a DeepSeek model
  await (
    await postChat(provider, { model: 'gpt-4o-mini', messages: [{ role: 'user', content: 'six' }] }, { headers: { 'x-fake-fault': '429;retry-after=0' } })
  ).text();
  await completionOf(postChat(provider, { model: 'deepseek-chat', messages: [{ role: 'user', content: 'seven' }] }));
  now += 20 * 60_000;
}

describe('golden wire output', () => {
  it('usage/completions by model and project, hourly', async () => {
    await traffic();
    const response = await admin(`/organization/usage/completions?start_time=${DAY + 9 * HOUR}&bucket_width=1h&group_by=model&group_by[]=project_id`);
    expect(response.status).toBe(200);
    expect(response.headers.get('x-request-id')).toMatch(/^req_[0-9a-f]{32}$/);
    const body = await response.text();
    expect(body).toBe(JSON.stringify(JSON.parse(body)));
    await expect(prettyJson(body)).toMatchFileSnapshot(`${FIXTURES}/admin-openai-usage-completions.json`);
  });

  it('usage/embeddings, daily', async () => {
    await traffic();
    const body = await (await admin(`/organization/usage/embeddings?start_time=${DAY}&group_by[]=model`)).text();
    await expect(prettyJson(body)).toMatchFileSnapshot(`${FIXTURES}/admin-openai-usage-embeddings.json`);
  });

  it('costs by line item and project', async () => {
    await traffic();
    const body = await (await admin(`/organization/costs?start_time=${DAY}&group_by[]=line_item&group_by[]=project_id`)).text();
    await expect(prettyJson(body)).toMatchFileSnapshot(`${FIXTURES}/admin-openai-costs.json`);
  });
});

describe('what is reported', () => {
  it('sums the usage every billed call delivered, per bucket; failed calls and DeepSeek models are left out', async () => {
    await traffic();
    const usage = await page<UsagePage>(`/organization/usage/completions?start_time=${DAY + 9 * HOUR}&bucket_width=1h`);
    const billed = provider.served.filter((call) => call.status === 200 && !call.model.startsWith('deepseek') && call.api !== 'openai.embeddings');
    const inputOf = (call: (typeof billed)[number]): number =>
      call.api === 'openai.chat' ? call.usage!.prompt_tokens : call.api === 'openai.responses' ? call.usage!.input_tokens : 0;
    const results = usage.data.flatMap((bucket) => bucket.results);
    expect(results.map((result) => result['num_model_requests'])).toEqual([1, 2, 1]);
    expect(results.reduce((total, result) => total + (result['input_tokens'] as number), 0)).toBe(billed.reduce((total, call) => total + inputOf(call), 0));
    // no grouping: every grouping field null
    expect(results[0]).toMatchObject({ project_id: null, user_id: null, api_key_id: null, model: null, batch: null, service_tier: null });
    expect(results[2]).toMatchObject({ input_tokens: 2000, input_cached_tokens: 1920, output_tokens: 10 });
  });

  it('prices costs with @genai-otel/pricing at the served tier', async () => {
    await traffic();
    const costs = await page<UsagePage>(`/organization/costs?start_time=${DAY}&group_by[]=line_item`);
    const flex = costs.data[0]!.results.filter((result) => String(result['line_item']).startsWith('gpt-4.1-2025-04-14, '));
    const call = provider.calls('openai.chat').find((entry) => entry.model === 'gpt-4.1')!;
    const expected = createPricer().price({
      provider: 'openai',
      model: 'gpt-4.1-2025-04-14',
      usage: call.usage,
      serviceTier: 'flex',
      timestamp: new Date(Date.UTC(2026, 0, 10, 10, 10)),
    });
    expect(expected.status).toBe('priced');
    const total = flex.reduce((sum, result) => sum + (result['amount'] as { value: number }).value, 0);
    expect(total).toBeCloseTo(expected.status === 'priced' ? expected.amount : Number.NaN, 15);
    expect(expected.status === 'priced' && expected.breakdown.serviceTierMultiplier).toBe(0.5);
  });

  it('groups by api key (an id derived from the key, never the key) and filters by project and model', async () => {
    await traffic();
    const byKey = await page<UsagePage>(`/organization/usage/completions?start_time=${DAY}&group_by[]=api_key_id`);
    const keys = byKey.data[0]!.results.map((result) => result['api_key_id'] as string);
    expect(keys).toHaveLength(2);
    for (const key of keys) {
      expect(key).toMatch(/^key_[0-9a-f]{16}$/);
      expect(key).not.toContain('sk-');
    }
    const filtered = await page<UsagePage>(`/organization/usage/completions?start_time=${DAY}&project_ids[]=proj_b&group_by[]=model`);
    expect(filtered.data[0]!.results.map((result) => [result['model'], result['num_model_requests']])).toEqual([['gpt-4.1-2025-04-14', 1]]);
    const byModel = await page<UsagePage>(`/organization/usage/completions?start_time=${DAY}&models=gpt-4o-mini-2024-07-18`);
    expect(byModel.data[0]!.results.map((result) => result['num_model_requests'])).toEqual([3]);
  });

  it('answers the other usage endpoints with empty buckets', async () => {
    await traffic();
    const usage = await page<UsagePage>(`/organization/usage/images?start_time=${DAY}`);
    expect(usage.data).toEqual([{ object: 'bucket', start_time: DAY, end_time: DAY + 86_400, results: [] }]);
  });

  it('is not part of the ledger', async () => {
    await traffic();
    const before = provider.served.length;
    await page(`/organization/costs?start_time=${DAY}`);
    expect(provider.served).toHaveLength(before);
  });
});

describe('pagination', () => {
  it('pages `limit` buckets at a time through next_page until has_more is false', async () => {
    await traffic();
    const path = `/organization/usage/completions?start_time=${DAY + 7 * HOUR}&bucket_width=1h&limit=2`;
    const pages: UsagePage[] = [await page<UsagePage>(path)];
    while (pages.at(-1)!.has_more) pages.push(await page<UsagePage>(`${path}&page=${encodeURIComponent(pages.at(-1)!.next_page!)}`));
    // 07:00 … 11:00 (now is 11:30): five buckets, pages of 2, 2, 1
    expect(pages.map((p) => p.data.map((bucket) => (bucket.start_time - DAY) / HOUR))).toEqual([[7, 8], [9, 10], [11]]);
    expect(pages.map((p) => p.next_page === null)).toEqual([false, false, true]);
    const single = await page<UsagePage>(`/organization/usage/completions?start_time=${DAY + 7 * HOUR}&bucket_width=1h`);
    expect(pages.flatMap((p) => p.data)).toEqual(single.data);
  });

  it('aligns buckets on UTC boundaries and stops at end_time', async () => {
    const usage = await page<UsagePage>(`/organization/usage/completions?start_time=${DAY + 5 * 60 + 7}&end_time=${DAY + 3 * 60}&bucket_width=1m`);
    expect(usage.data).toEqual([]);
    const minutes = await page<UsagePage>(`/organization/usage/completions?start_time=${DAY + 30}&end_time=${DAY + 3 * 60}&bucket_width=1m`);
    expect(minutes.data.map((bucket) => [bucket.start_time - DAY, bucket.end_time - DAY])).toEqual([
      [0, 60],
      [60, 120],
      [120, 180],
    ]);
  });
});

describe('errors', () => {
  it('needs an admin key', async () => {
    const missing = await admin(`/organization/costs?start_time=${DAY}`, {});
    expect(missing.status).toBe(401);
    expect(((await missing.json()) as { error: { type: string; code: null } }).error).toMatchObject({ type: 'invalid_request_error', code: null });
    const project = await admin(`/organization/costs?start_time=${DAY}`, { authorization: 'Bearer sk-proj-abc' });
    expect(project.status).toBe(401);
    expect(((await project.json()) as { error: { code: string; message: string } }).error).toMatchObject({ code: 'invalid_api_key' });
  });

  it.each([
    ['/organization/costs', 'start_time'],
    [`/organization/costs?start_time=${DAY}&bucket_width=1h`, 'bucket_width'],
    [`/organization/usage/completions?start_time=${DAY}&bucket_width=1h&limit=169`, 'limit'],
    [`/organization/usage/embeddings?start_time=${DAY}&group_by=batch`, 'group_by'],
    [`/organization/usage/completions?start_time=${DAY}&page=nonsense`, 'page'],
  ])('400 for %s (%s)', async (path, param) => {
    const response = await admin(path);
    expect(response.status).toBe(400);
    expect(((await response.json()) as { error: { param: string; type: string } }).error).toMatchObject({ param, type: 'invalid_request_error' });
  });

  it('injects 429 with retry-after, then answers (times=, key=)', async () => {
    const headers = { ...ADMIN, 'x-fake-fault': '429;retry-after=3;times=1;key=poll' };
    const first = await admin(`/organization/costs?start_time=${DAY}`, headers);
    expect(first.status).toBe(429);
    expect(first.headers.get('retry-after')).toBe('3');
    expect(((await first.json()) as { error: { code: string } }).error.code).toBe('rate_limit_exceeded');
    expect((await admin(`/organization/costs?start_time=${DAY}`, headers)).status).toBe(200);
  });

  it('injects 500 and 503', async () => {
    expect((await admin(`/organization/costs?start_time=${DAY}`, { ...ADMIN, 'x-fake-fault': '503' })).status).toBe(503);
    expect((await admin(`/organization/usage/completions?start_time=${DAY}`, { ...ADMIN, 'x-fake-fault': '500' })).status).toBe(500);
  });

  it('404s unknown usage types', async () => {
    expect((await admin(`/organization/usage/chat?start_time=${DAY}`)).status).toBe(404);
  });
});
