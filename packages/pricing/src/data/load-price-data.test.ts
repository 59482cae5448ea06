import { waitForUpdate, type Provider } from '@pydantic/genai-prices';
import { mkdtempSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { createPricer } from '../create-pricer.js';
import type { Pricer } from '../types.js';
import { parsePriceData, PriceDataError } from './load-price-data.js';
import { priceDataAges, registerPriceDataAgeGauge, type GaugeMeter } from './price-data-age.js';
import { AT, expectPriced, expectUsd } from '../../test/expect-priced.js';

// The bundled data prices gpt-4.1 at $2.00 input / $0.50 cached / $8.00 output (OpenAI pricing page).
// The "newer" data below is the bundled data with gpt-4.1 at $2.50 / $0.60 / $9.00 (made-up numbers,
// standing for a price change), in genai-prices' own format.
const bundled: Provider[] = (await waitForUpdate()) ?? [];
function newerData(input: number, cached: number, output: number): Provider[] {
  return bundled.map((provider) =>
    provider.id !== 'openai'
      ? provider
      : {
          ...provider,
          models: provider.models.map((model) =>
            model.id === 'gpt-4.1' ? { ...model, prices: { input_mtok: input, cache_read_mtok: cached, output_mtok: output } } : model,
          ),
        },
  );
}
const usage = { prompt_tokens: 1000, completion_tokens: 500, prompt_tokens_details: { cached_tokens: 200 } };
const BUNDLED_AMOUNT = (800 * 2.0 + 200 * 0.5 + 500 * 8.0) / 1e6;
const NEWER_AMOUNT = (800 * 2.5 + 200 * 0.6 + 500 * 9.0) / 1e6;

const dir = mkdtempSync(join(tmpdir(), 'genai-otel-prices-'));
const pricers: Pricer[] = [];
function pricer(options: Parameters<typeof createPricer>[0]): Pricer {
  const created = createPricer(options);
  pricers.push(created);
  return created;
}
afterEach(() => {
  for (const created of pricers.splice(0)) created.close();
});
const warnings: string[] = [];
const diag = { warn: (message: string) => void warnings.push(message) };

describe('loading newer price data', () => {
  it('prices from a data file given by path; its age is from the file’s date', () => {
    const path = join(dir, 'data.json');
    writeFileSync(path, JSON.stringify(newerData(2.5, 0.6, 9.0)));
    utimesSync(path, new Date('2026-11-01T00:00:00Z'), new Date('2026-11-01T00:00:00Z'));
    const loaded = pricer({ priceData: path, diag });
    const result = expectPriced(loaded.price({ provider: 'openai', model: 'gpt-4.1', usage, timestamp: AT }));
    expectUsd(result.amount, NEWER_AMOUNT);
    expect(result.dataVersion).toMatch(/^genai-prices-data@[0-9a-f]{12}$/);
    expect(loaded.dataVersion).toBe(result.dataVersion);
    expect(loaded.dataOrigin).toBe(path);
    // 2026-11-01 → 2026-12-16: 45 days.
    expect(loaded.dataAgeSeconds(new Date('2026-12-16T00:00:00Z'))).toBe(45 * 86_400);
    // genai-otel's corrections apply to it: deepseek-chat after 2026-04-24 is still unknown.
    expect(loaded.price({ provider: 'deepseek', model: 'deepseek-chat', usage, timestamp: AT })).toMatchObject({ reason: 'unknown_tariff' });
  });

  it('falls back to the bundled snapshot with a diag warning when the file is invalid or missing', () => {
    warnings.length = 0;
    const bad = join(dir, 'bad.json');
    writeFileSync(
      bad,
      JSON.stringify([
        { id: 'openai', name: 'OpenAI', api_pattern: 'x', models: [{ id: 'gpt-4.1', match: { equals: 'gpt-4.1' }, prices: { input_mtok: 'cheap' } }] },
      ]),
    );
    const fallback = pricer({ priceData: bad, diag });
    expectUsd(expectPriced(fallback.price({ provider: 'openai', model: 'gpt-4.1', usage, timestamp: AT })).amount, BUNDLED_AMOUNT);
    expect(fallback.dataVersion).toBe('genai-prices@0.1.8');
    expect(warnings).toEqual([
      `genai-otel pricing: could not load price data (${bad}: [0].models[0].prices.input_mtok: expected a price, got "cheap"); using the bundled genai-prices@0.1.8`,
    ]);
    const missing = pricer({ priceData: join(dir, 'nope.json'), diag });
    expect(missing.dataVersion).toBe('genai-prices@0.1.8');
    expect(warnings[1]).toMatch(/^genai-otel pricing: could not load price data \(.*nope\.json: cannot read the file/);
  });

  it('fetches a URL in the background: bundled prices until it arrives, its Last-Modified is its date', async () => {
    const body = JSON.stringify(newerData(2.5, 0.6, 9.0));
    const fetch = (async () => new Response(body, { headers: { 'last-modified': 'Sun, 01 Nov 2026 00:00:00 GMT' } })) as typeof globalThis.fetch;
    const remote = pricer({ priceData: { source: 'https://prices.example/data.json', fetch }, diag });
    expectUsd(expectPriced(remote.price({ provider: 'openai', model: 'gpt-4.1', usage, timestamp: AT })).amount, BUNDLED_AMOUNT);
    await remote.ready;
    expectUsd(expectPriced(remote.price({ provider: 'openai', model: 'gpt-4.1', usage, timestamp: AT })).amount, NEWER_AMOUNT);
    expect(remote.dataDate?.toISOString()).toBe('2026-11-01T00:00:00.000Z');
  });

  it('keeps the data in use with a diag warning when a fetch fails', async () => {
    warnings.length = 0;
    const fetch = (async () => new Response('oops', { status: 503 })) as typeof globalThis.fetch;
    const remote = pricer({ priceData: { source: 'https://prices.example/data.json', fetch }, diag });
    await remote.ready;
    expect(remote.dataVersion).toBe('genai-prices@0.1.8');
    expect(warnings).toEqual(['genai-otel pricing: could not load price data (https://prices.example/data.json: HTTP 503); keeping genai-prices@0.1.8']);
  });

  it('refreshes periodically when asked to (opt-in)', async () => {
    let version = 0;
    const fetch = (async () => {
      version += 1;
      return new Response(JSON.stringify(version === 1 ? newerData(2.5, 0.6, 9.0) : newerData(3.0, 0.75, 12.0)));
    }) as typeof globalThis.fetch;
    const remote = pricer({ priceData: { source: 'https://prices.example/data.json', fetch, refreshIntervalMs: 10 }, diag });
    await remote.ready;
    expectUsd(expectPriced(remote.price({ provider: 'openai', model: 'gpt-4.1', usage, timestamp: AT })).amount, NEWER_AMOUNT);
    const deadline = Date.now() + 2000;
    while (version < 2 && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 5));
    await remote.ready;
    // 800 × $3.00 + 200 × $0.75 + 500 × $12.00 per MTok
    expectUsd(expectPriced(remote.price({ provider: 'openai', model: 'gpt-4.1', usage, timestamp: AT })).amount, (800 * 3 + 200 * 0.75 + 500 * 12) / 1e6);
  });

  it('rejects what is not genai-prices’ data format, naming the JSON path', () => {
    const cases: [string, string][] = [
      ['{}', 'x.json: expected an array of providers (genai-prices data.json)'],
      ['[]', 'x.json: no providers'],
      ['[{"id":"a","name":"A","api_pattern":"(","models":[]}]', 'x.json: [0].api_pattern: invalid regular expression'],
      [
        '[{"id":"a","name":"A","api_pattern":"a","models":[{"id":"m","match":{"sounds_like":"m"},"prices":{}}]}]',
        "x.json: [0].models[0].match: unknown match rule 'sounds_like'",
      ],
      [
        '[{"id":"a","name":"A","api_pattern":"a","models":[{"id":"m","match":{"equals":"m"},"prices":[{"constraint":{"start_date":"2026-13-01"},"prices":{}}]}]}]',
        '[0].models[0].prices[0].constraint.start_date: expected a YYYY-MM-DD date, got "2026-13-01"',
      ],
    ];
    for (const [text, expected] of cases) {
      expect(() => parsePriceData(text, 'x.json')).toThrow(PriceDataError);
      expect(() => parsePriceData(text, 'x.json')).toThrow(expected);
    }
  });
});

describe('the price data age gauge', () => {
  it('reports seconds since the data’s own date for each data in use', () => {
    const path = join(dir, 'dated.json');
    writeFileSync(path, JSON.stringify(newerData(2.5, 0.6, 9.0)));
    utimesSync(path, new Date('2026-12-01T00:00:00Z'), new Date('2026-12-01T00:00:00Z'));
    const loaded = pricer({ priceData: path, diag });
    pricer({});
    const now = new Date('2026-12-07T00:00:00Z');
    const ages = priceDataAges(now);
    // Bundled: published 2026-09-23T10:11:04.622Z (npm registry) → 74 days 13:48:55.378 before now.
    expect(ages).toContainEqual({
      dataVersion: 'genai-prices@0.1.8',
      origin: 'bundled',
      ageSeconds: (now.getTime() - Date.parse('2026-09-23T10:11:04.622Z')) / 1000,
    });
    expect(ages).toContainEqual({ dataVersion: loaded.dataVersion, origin: path, ageSeconds: 6 * 86_400 });
    loaded.close();
    expect(priceDataAges(now).some((age) => age.origin === path)).toBe(false);
  });

  it('registers an observable gauge on an OpenTelemetry meter', () => {
    const observed: [number, Record<string, string> | undefined][] = [];
    let registered: { name: string; unit?: string | undefined } | undefined;
    const meter: GaugeMeter = {
      createObservableGauge(name, options) {
        registered = { name, unit: options?.unit };
        return { addCallback: (callback) => callback({ observe: (value, attributes) => void observed.push([value, attributes]) }) };
      },
    };
    pricer({});
    registerPriceDataAgeGauge(meter);
    expect(registered).toEqual({ name: 'genai_otel.pricing.data.age', unit: 's' });
    const bundledPoint = observed.find(([, attributes]) => attributes?.['genai_otel.pricing.data_origin'] === 'bundled');
    expect(bundledPoint?.[1]).toEqual({ 'genai_otel.pricing.data_version': 'genai-prices@0.1.8', 'genai_otel.pricing.data_origin': 'bundled' });
    expect(bundledPoint?.[0]).toBeGreaterThan(0);
  });
});
