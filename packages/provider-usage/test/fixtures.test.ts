// Exact metrics from multi-page fixtures of every report, shaped like the API references.
import { afterEach, describe, expect, it } from 'vitest';
import { UsagePoller } from '../src/index.js';
import { fixtureFetch } from './helpers/fixture-fetch.js';
import { pointKey, testMeter, type TestMeter } from './helpers/metrics.js';

const NOW = Date.UTC(2026, 0, 10, 12, 30);
const noSleep = async (): Promise<void> => {};

let meter: TestMeter | undefined;
afterEach(async () => {
  await meter?.shutdown();
  meter = undefined;
});

const tokens = (attributes: Record<string, string>): string => pointKey('genai_otel.provider.usage.tokens', attributes);
const requests = (attributes: Record<string, string>): string => pointKey('genai_otel.provider.requests', attributes);
const cost = (attributes: Record<string, string>): string => pointKey('genai_otel.provider.cost', attributes);

describe('OpenAI Usage and Costs APIs', () => {
  const pages = {
    '/v1/organization/usage/completions': ['openai/completions-page-1.json', 'openai/completions-page-2.json'],
    '/v1/organization/usage/embeddings': ['openai/embeddings-page-1.json', 'openai/embeddings-page-2.json'],
    '/v1/organization/costs': ['openai/costs-page-1.json', 'openai/costs-page-2.json'],
  };

  async function poll(): Promise<{ requests: ReturnType<typeof fixtureFetch>['requests'] }> {
    const fake = fixtureFetch(pages);
    meter = testMeter();
    const poller = new UsagePoller({
      openai: { adminKey: 'sk-admin-fixture-key', baseURL: 'https://api.openai.test/v1' },
      meter: meter.meter,
      clock: () => NOW,
      sleep: noSleep,
      fetch: fake.fetch,
      log: () => {},
    });
    const report = await poller.pollOnce();
    expect(report.outcomes.map((outcome) => [outcome.source, outcome.ok])).toEqual([
      ['openai.completions', true],
      ['openai.embeddings', true],
      ['openai.costs', true],
    ]);
    return { requests: fake.requests };
  }

  it('asks for the window, the grouping and every page, with the admin key', async () => {
    const { requests: asked } = await poll();
    const windowStart = Date.UTC(2026, 0, 8, 12) / 1000; // now - 2 days, on an hour boundary
    expect(asked.map((request) => `${request.url.pathname}?${request.url.searchParams}`)).toEqual([
      `/v1/organization/usage/completions?start_time=${windowStart}&bucket_width=1h&limit=168&group_by%5B%5D=model&group_by%5B%5D=project_id&group_by%5B%5D=batch`,
      `/v1/organization/usage/completions?start_time=${windowStart}&bucket_width=1h&limit=168&group_by%5B%5D=model&group_by%5B%5D=project_id&group_by%5B%5D=batch&page=AAAAAGdGxdEiJdKOAAAAAGcqsYA%3D`,
      `/v1/organization/usage/embeddings?start_time=${windowStart}&bucket_width=1h&limit=168&group_by%5B%5D=model&group_by%5B%5D=project_id`,
      `/v1/organization/usage/embeddings?start_time=${windowStart}&bucket_width=1h&limit=168&group_by%5B%5D=model&group_by%5B%5D=project_id&page=AAAAAGdGxdEiJdKOAAAAAGcqsYB%3D`,
      `/v1/organization/costs?start_time=${Date.UTC(2026, 0, 8) / 1000}&bucket_width=1d&limit=180&group_by%5B%5D=line_item&group_by%5B%5D=project_id`,
      `/v1/organization/costs?start_time=${Date.UTC(2026, 0, 8) / 1000}&bucket_width=1d&limit=180&group_by%5B%5D=line_item&group_by%5B%5D=project_id&page=AAAAAGdDmIAAAAAAZ0TpgA%3D%3D`,
    ]);
    for (const request of asked) expect(request.headers['authorization']).toBe('Bearer sk-admin-fixture-key');
  });

  it('turns completions and embeddings usage into token and request counters', async () => {
    await poll();
    const collected = await meter!.collect();
    const mini = {
      'gen_ai.provider.name': 'openai',
      'genai_otel.provider.endpoint': 'completions',
      'gen_ai.response.model': 'gpt-4o-mini-2024-07-18',
      'genai_otel.provider.project': 'proj_abc',
      'genai_otel.provider.batch': 'false',
    };
    const gpt41 = { ...mini, 'gen_ai.response.model': 'gpt-4.1-2025-04-14' };
    const miniBatch = { ...mini, 'genai_otel.provider.project': 'proj_xyz', 'genai_otel.provider.batch': 'true' };
    const small = {
      'gen_ai.provider.name': 'openai',
      'genai_otel.provider.endpoint': 'embeddings',
      'gen_ai.response.model': 'text-embedding-3-small',
      'genai_otel.provider.project': 'proj_abc',
    };
    const large = { ...small, 'gen_ai.response.model': 'text-embedding-3-large', 'genai_otel.provider.project': 'proj_xyz' };
    expect(collected.of('genai_otel.provider.usage.tokens')).toEqual(
      new Map([
        [tokens({ ...mini, 'gen_ai.token.type': 'input' }), 1000 + 400 + 600],
        [tokens({ ...mini, 'gen_ai.token.type': 'output' }), 500 + 100 + 200],
        [tokens({ ...mini, 'gen_ai.token.type': 'cache_read' }), 800 + 0 + 512],
        [tokens({ ...mini, 'gen_ai.token.type': 'input_audio' }), 50],
        [tokens({ ...mini, 'gen_ai.token.type': 'output_audio' }), 20],
        [tokens({ ...gpt41, 'gen_ai.token.type': 'input' }), 2000],
        [tokens({ ...gpt41, 'gen_ai.token.type': 'output' }), 300],
        [tokens({ ...gpt41, 'gen_ai.token.type': 'cache_read' }), 0],
        [tokens({ ...gpt41, 'gen_ai.token.type': 'input_audio' }), 0],
        [tokens({ ...gpt41, 'gen_ai.token.type': 'output_audio' }), 0],
        // the batch result has no audio fields: no audio series
        [tokens({ ...miniBatch, 'gen_ai.token.type': 'input' }), 3000],
        [tokens({ ...miniBatch, 'gen_ai.token.type': 'output' }), 1000],
        [tokens({ ...miniBatch, 'gen_ai.token.type': 'cache_read' }), 1024],
        [tokens({ ...small, 'gen_ai.token.type': 'input' }), 5000 + 2500],
        [tokens({ ...large, 'gen_ai.token.type': 'input' }), 100],
      ]),
    );
    expect(collected.of('genai_otel.provider.requests')).toEqual(
      new Map([
        [requests(mini), 5 + 1 + 2],
        [requests(gpt41), 2],
        [requests(miniBatch), 3],
        [requests(small), 15],
        [requests(large), 1],
      ]),
    );
    expect(collected.units.get('genai_otel.provider.usage.tokens')).toBe('{token}');
    expect(collected.units.get('genai_otel.provider.requests')).toBe('{request}');
  });

  it('turns costs into a USD counter by line item, model and project', async () => {
    await poll();
    const collected = await meter!.collect();
    const base = { 'gen_ai.provider.name': 'openai', 'genai_otel.provider.project': 'proj_abc' };
    expect(collected.of('genai_otel.provider.cost')).toEqual(
      new Map([
        [
          cost({ ...base, 'genai_otel.provider.line_item': 'gpt-4o-mini-2024-07-18, input_tokens', 'gen_ai.response.model': 'gpt-4o-mini-2024-07-18' }),
          0.125 + 0.0625,
        ],
        [cost({ ...base, 'genai_otel.provider.line_item': 'gpt-4o-mini-2024-07-18, output_tokens', 'gen_ai.response.model': 'gpt-4o-mini-2024-07-18' }), 0.3],
        // a line item that names no model
        [cost({ ...base, 'genai_otel.provider.line_item': 'Image models' }), 1.5],
        [
          cost({
            ...base,
            'genai_otel.provider.project': 'proj_xyz',
            'genai_otel.provider.line_item': 'gpt-4.1-2025-04-14, output_tokens',
            'gen_ai.response.model': 'gpt-4.1-2025-04-14',
          }),
          0.024,
        ],
      ]),
    );
    expect(collected.units.get('genai_otel.provider.cost')).toBe('USD');
    expect(collected.of('genai_otel.provider.poll.last_success')).toEqual(
      new Map(
        ['completions', 'embeddings', 'costs'].map((endpoint) => [
          pointKey('genai_otel.provider.poll.last_success', { 'gen_ai.provider.name': 'openai', 'genai_otel.provider.endpoint': endpoint }),
          NOW / 1000,
        ]),
      ),
    );
  });
});

describe('Anthropic usage and cost reports', () => {
  const pages = {
    '/v1/organizations/usage_report/messages': ['anthropic/messages-page-1.json', 'anthropic/messages-page-2.json'],
    '/v1/organizations/cost_report': ['anthropic/cost-report-page-1.json', 'anthropic/cost-report-page-2.json'],
  };

  async function poll(): Promise<{ requests: ReturnType<typeof fixtureFetch>['requests'] }> {
    const fake = fixtureFetch(pages);
    meter = testMeter();
    const poller = new UsagePoller({
      anthropic: { adminKey: 'sk-ant-admin01-fixture', baseURL: 'https://api.anthropic.test' },
      meter: meter.meter,
      clock: () => NOW,
      sleep: noSleep,
      fetch: fake.fetch,
      log: () => {},
    });
    expect((await poller.pollOnce()).ok).toBe(true);
    return { requests: fake.requests };
  }

  it('asks for the window, the grouping and every page, with the admin key and API version', async () => {
    const { requests: asked } = await poll();
    expect(asked.map((request) => `${request.url.pathname}?${decodeURIComponent(String(request.url.searchParams))}`)).toEqual([
      '/v1/organizations/usage_report/messages?starting_at=2026-01-08T12:00:00Z&bucket_width=1h&limit=168&group_by[]=model&group_by[]=workspace_id',
      '/v1/organizations/usage_report/messages?starting_at=2026-01-08T12:00:00Z&bucket_width=1h&limit=168&group_by[]=model&group_by[]=workspace_id&page=page_MjAyNi0wMS0xMFQxMTowMDowMFo=',
      '/v1/organizations/cost_report?starting_at=2026-01-08T00:00:00Z&bucket_width=1d&limit=31&group_by[]=workspace_id&group_by[]=description',
      '/v1/organizations/cost_report?starting_at=2026-01-08T00:00:00Z&bucket_width=1d&limit=31&group_by[]=workspace_id&group_by[]=description&page=page_MjAyNi0wMS0xMFQwMDowMDowMFo=',
    ]);
    for (const request of asked) {
      expect(request.headers['x-api-key']).toBe('sk-ant-admin01-fixture');
      expect(request.headers['anthropic-version']).toBe('2023-06-01');
    }
  });

  it('turns the Messages usage report into token counters (input = uncached + cache reads + cache writes)', async () => {
    await poll();
    const collected = await meter!.collect();
    const sonnet = {
      'gen_ai.provider.name': 'anthropic',
      'genai_otel.provider.endpoint': 'messages',
      'gen_ai.response.model': 'claude-sonnet-4-5-20250929',
      'genai_otel.provider.project': 'wrkspc_01JwQvzr7rXLA5AGx3HKfFUJ',
    };
    // the default workspace is reported as null: no project attribute
    const haiku = { 'gen_ai.provider.name': 'anthropic', 'genai_otel.provider.endpoint': 'messages', 'gen_ai.response.model': 'claude-haiku-4-5-20251001' };
    expect(collected.of('genai_otel.provider.usage.tokens')).toEqual(
      new Map([
        [tokens({ ...sonnet, 'gen_ai.token.type': 'input' }), 1500 + 200 + 1500 + 100 + 50],
        [tokens({ ...sonnet, 'gen_ai.token.type': 'output' }), 520],
        [tokens({ ...sonnet, 'gen_ai.token.type': 'cache_read' }), 250],
        [tokens({ ...sonnet, 'gen_ai.token.type': 'cache_write' }), 1500],
        [tokens({ ...haiku, 'gen_ai.token.type': 'input' }), 300],
        [tokens({ ...haiku, 'gen_ai.token.type': 'output' }), 90],
        [tokens({ ...haiku, 'gen_ai.token.type': 'cache_read' }), 0],
        [tokens({ ...haiku, 'gen_ai.token.type': 'cache_write' }), 0],
      ]),
    );
    // the report has no request counts
    expect(collected.of('genai_otel.provider.requests').size).toBe(0);
  });

  it('turns the cost report (cents, as decimal strings) into USD by description, model and workspace', async () => {
    await poll();
    const collected = await meter!.collect().then((c) => c.of('genai_otel.provider.cost'));
    const sonnet = {
      'gen_ai.provider.name': 'anthropic',
      'gen_ai.response.model': 'claude-sonnet-4-5-20250929',
      'genai_otel.provider.project': 'wrkspc_01JwQvzr7rXLA5AGx3HKfFUJ',
    };
    const expected = new Map([
      [cost({ ...sonnet, 'genai_otel.provider.line_item': 'Claude Sonnet 4.5 Usage - Input Tokens' }), 1.5],
      [cost({ ...sonnet, 'genai_otel.provider.line_item': 'Claude Sonnet 4.5 Usage - Output Tokens' }), 7.5],
      [cost({ 'gen_ai.provider.name': 'anthropic', 'genai_otel.provider.line_item': 'Web Search' }), 0.2],
    ]);
    expect([...collected.keys()].sort()).toEqual([...expected.keys()].sort());
    for (const [key, value] of expected) expect(collected.get(key)).toBeCloseTo(value, 12);
  });
});
