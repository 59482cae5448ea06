// The poller against the fake provider's admin endpoints after chat traffic: the provider-billed
// cost equals what the client would price for the calls it was served (@genai-otel/pricing, from the
// responses' usage, model and service tier), and the token counts equal the responses' usage.
import { startFakeProvider, type FakeProvider } from '@genai-otel/fake-provider';
import { createPricer, type UsageFormat } from '@genai-otel/pricing';
import { afterEach, beforeEach, expect, it } from 'vitest';
import { UsagePoller } from '../src/index.js';
import { testMeter, type TestMeter } from './helpers/metrics.js';

let now = Date.UTC(2026, 0, 10, 9, 15);
let provider: FakeProvider;
let meter: TestMeter;

beforeEach(async () => {
  provider = await startFakeProvider({ clock: () => now });
  meter = testMeter();
});
afterEach(async () => {
  await provider.stop();
  await meter.shutdown();
});

interface Measured {
  provider: 'openai' | 'anthropic' | 'deepseek';
  model: string;
  cost: number;
  inputTokens: number;
  outputTokens: number;
}

const pricer = createPricer();

/** One call as an instrumented client sees it: the response's model, usage and tier, priced at the call's time. */
async function call(path: string, body: object, headers: Record<string, string> = {}): Promise<Measured | undefined> {
  const anthropic = path === '/v1/messages';
  const response = await fetch(`${anthropic ? provider.url : provider.baseURL}${path}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...(anthropic ? { 'x-api-key': 'sk-ant-app' } : { authorization: 'Bearer sk-app' }), ...headers },
    body: JSON.stringify(body),
  });
  const json = (await response.json()) as { model?: string; usage?: Record<string, unknown>; service_tier?: string };
  now += 40 * 60_000;
  if (!response.ok || json.usage === undefined) return undefined;
  const model = json.model ?? (body as { model: string }).model;
  const providerName = anthropic ? 'anthropic' : model.startsWith('deepseek') ? 'deepseek' : 'openai';
  const usageFormat: UsageFormat =
    providerName === 'anthropic' ? 'anthropic.messages' : providerName === 'deepseek' ? 'deepseek' : path === '/responses' ? 'openai.responses' : 'openai.chat';
  const cost = pricer.price({
    provider: providerName,
    model,
    usage: json.usage,
    usageFormat,
    ...(json.service_tier ? { serviceTier: json.service_tier } : {}),
    timestamp: new Date(now - 40 * 60_000),
  });
  if (cost.status !== 'priced') throw new Error(`unpriced ${model}`);
  const usage = json.usage as Record<string, number & Record<string, number>>;
  const inputTokens = anthropic
    ? (usage['input_tokens'] as number) + (usage['cache_read_input_tokens'] as number) + (usage['cache_creation_input_tokens'] as number)
    : ((usage['prompt_tokens'] ?? usage['input_tokens']) as number);
  const outputTokens = (usage['completion_tokens'] ?? usage['output_tokens'] ?? 0) as number;
  return { provider: providerName, model, cost: cost.amount, inputTokens, outputTokens };
}

const messages = (text: string): object[] => [{ role: 'user', content: text }];

it('bills what the fake served: cost per provider and model equals the client-side price, tokens equal the usage', async () => {
  // Sequential calls, each advancing the fake's clock by 40 minutes (several hourly buckets).
  const measured: Array<Measured | undefined> = [];
  measured.push(
    await call('/chat/completions', { model: 'gpt-4o-mini', messages: messages('one') }),
    await call('/chat/completions', { model: 'gpt-4o-mini', messages: messages('two') }, { 'x-fake-usage': 'prompt=2000,completion=40' }),
    await call('/chat/completions', { model: 'gpt-4.1', messages: messages('three'), service_tier: 'flex' }, { 'openai-project': 'proj_batchy' }),
    await call('/responses', { model: 'gpt-4o-mini', input: 'four' }),
    await call('/embeddings', { model: 'text-embedding-3-small', input: ['five', 'six'] }),
    await call('/v1/messages', { model: 'claude-haiku-4-5', max_tokens: 64, messages: messages('seven') }),
    await call(
      '/v1/messages',
      { model: 'claude-sonnet-4-5', max_tokens: 64, messages: messages('eight') },
      { 'x-fake-usage': 'input=100,output=50,cache_read=1000,cache_write_1h=200' },
    ),
    // not billed: a 429, and a DeepSeek model (not OpenAI's to bill)
    await call('/chat/completions', { model: 'gpt-4o-mini', messages: messages('nine') }, { 'x-fake-fault': '429;retry-after=0' }),
    await call('/chat/completions', { model: 'deepseek-chat', messages: messages('ten') }),
  );
  const billed = measured.filter((entry): entry is Measured => entry !== undefined && entry.provider !== 'deepseek');
  expect(billed).toHaveLength(7);

  const poller = new UsagePoller({
    openai: { adminKey: 'sk-admin-test', baseURL: provider.baseURL },
    anthropic: { adminKey: 'sk-ant-admin01-test', baseURL: provider.url },
    pageLimit: 3, // many pages per report
    meter: meter.meter,
    clock: () => now,
    sleep: async () => {},
    log: (line) => {
      throw new Error(line);
    },
  });
  const report = await poller.pollOnce();
  expect(report.ok).toBe(true);
  expect(report.outcomes.map((outcome) => outcome.source)).toEqual([
    'openai.completions',
    'openai.embeddings',
    'openai.costs',
    'anthropic.messages',
    'anthropic.cost_report',
  ]);

  const sumBy = <T>(rows: T[], key: (row: T) => string, value: (row: T) => number): Map<string, number> => {
    const out = new Map<string, number>();
    for (const row of rows) out.set(key(row), (out.get(key(row)) ?? 0) + value(row));
    return out;
  };
  const totals = poller.totals();
  const modelKey = (p: string, m: string): string => `${p} ${m}`;

  // cost: per provider and model, the provider's bill = the client's price
  const billedCost = sumBy(
    totals.filter((total) => total.metric === 'cost'),
    (total) => modelKey(total.attributes['gen_ai.provider.name']!, total.attributes['gen_ai.response.model']!),
    (total) => total.value,
  );
  const measuredCost = sumBy(
    billed,
    (entry) => modelKey(entry.provider, entry.model),
    (entry) => entry.cost,
  );
  expect([...billedCost.keys()].sort()).toEqual([...measuredCost.keys()].sort());
  for (const [key, value] of measuredCost) expect(billedCost.get(key), key).toBeCloseTo(value, 12);
  expect([...measuredCost.keys()].sort()).toEqual([
    'anthropic claude-haiku-4-5-20251001',
    'anthropic claude-sonnet-4-5-20250929',
    'openai gpt-4.1-2025-04-14',
    'openai gpt-4o-mini-2024-07-18',
    'openai text-embedding-3-small',
  ]);

  // tokens: input and output per provider and model equal the responses' usage
  for (const [tokenType, value] of [
    ['input', (entry: Measured) => entry.inputTokens],
    ['output', (entry: Measured) => entry.outputTokens],
  ] as const) {
    const reported = sumBy(
      totals.filter((total) => total.metric === 'tokens' && total.attributes['gen_ai.token.type'] === tokenType && total.value > 0),
      (total) => modelKey(total.attributes['gen_ai.provider.name']!, total.attributes['gen_ai.response.model']!),
      (total) => total.value,
    );
    expect(reported, tokenType).toEqual(
      sumBy(
        billed.filter((entry) => value(entry) > 0),
        (entry) => modelKey(entry.provider, entry.model),
        value,
      ),
    );
  }

  // requests (OpenAI only): one per billed call
  const requests = sumBy(
    totals.filter((total) => total.metric === 'requests'),
    (total) => modelKey(total.attributes['gen_ai.provider.name']!, total.attributes['gen_ai.response.model']!),
    (total) => total.value,
  );
  expect(requests).toEqual(
    new Map([
      ['openai gpt-4o-mini-2024-07-18', 3],
      ['openai gpt-4.1-2025-04-14', 1],
      ['openai text-embedding-3-small', 1],
    ]),
  );

  // the project header and the served tier reach the reports
  expect(totals.some((total) => total.metric === 'cost' && total.attributes['genai_otel.provider.project'] === 'proj_batchy')).toBe(true);

  // and the same numbers come out of the OpenTelemetry instruments
  const collected = await meter.collect();
  const otelCost = [...collected.of('genai_otel.provider.cost').values()].reduce((a, b) => a + b, 0);
  expect(otelCost).toBeCloseTo(
    billed.reduce((a, entry) => a + entry.cost, 0),
    12,
  );
});
