import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { createPricer } from '../create-pricer.js';
import type { CustomPriceTable } from '../types.js';
import { AT, expectPriced, expectUsd, linesOf } from '../../test/expect-priced.js';

// Bundled list prices used for comparison: gpt-4.1 $2.00 / $0.50 cached / $8.00 (OpenAI pricing page,
// billing-rules.md §2.5); deepseek-v3.2 $0.2288 / $0.3432 (@pydantic/genai-prices 0.1.8).
// Custom prices below are the tables' own (a made-up gateway "acme"), USD per 1M tokens.
const table: CustomPriceTable = {
  version: 'acme-2026-11',
  models: [
    { model: 'gpt-4.1', host: 'gateway.acme.internal', prices: { input: 2.2, cached_input: 0.55, output: 8.8 } },
    { model: 'deepseek-v3.2', provider: 'acme', prices: { input: 0.3, cached_input: 0.03, output: 0.45 }, service_tiers: { batch: 0.5 } },
    { model: 'llama-3.3-70b*', host: '*.gpu.acme.internal', prices: { input: 0.6, output: 0.6 } },
    {
      model: 'acme-long',
      provider: 'acme',
      prices: { input: { base: 1, tiers: [{ start: 128_000, price: 2 }] }, output: { base: 4, tiers: [{ start: 128_000, price: 6 }] } },
    },
  ],
  aliases: [
    { model: 'acme/fast', target: 'gpt-4.1', target_provider: 'openai' },
    { model: 'acme-cheap', provider: 'acme', target: 'deepseek-v3.2' },
  ],
};
const pricer = createPricer({ customPrices: table });
const chat = { prompt_tokens: 1000, completion_tokens: 500, prompt_tokens_details: { cached_tokens: 200 } };

describe('custom price tables', () => {
  it('a host-keyed entry overrides the bundled price for calls to that gateway', () => {
    const result = expectPriced(pricer.price({ provider: 'openai', model: 'gpt-4.1', usage: chat, serverAddress: 'gateway.acme.internal', timestamp: AT }));
    expectUsd(result.amount, (800 * 2.2) / 1e6 + (200 * 0.55) / 1e6 + (500 * 8.8) / 1e6);
    expect(result).toMatchObject({ source: 'custom', dataVersion: 'custom@acme-2026-11', model: 'gpt-4.1', provider: 'gateway.acme.internal' });
  });

  it('the same model elsewhere keeps the bundled price', () => {
    const result = expectPriced(pricer.price({ provider: 'openai', model: 'gpt-4.1', usage: chat, serverAddress: 'api.openai.com', timestamp: AT }));
    expectUsd(result.amount, (800 * 2.0) / 1e6 + (200 * 0.5) / 1e6 + (500 * 8.0) / 1e6);
    expect(result).toMatchObject({ source: 'price-table', dataVersion: 'genai-prices@0.1.8' });
  });

  it('a provider-keyed entry prices a gateway reselling deepseek-v3.2 at its own rate', () => {
    const result = expectPriced(pricer.price({ provider: 'acme', model: 'deepseek-v3.2', usage: chat, timestamp: AT }));
    expectUsd(result.amount, (800 * 0.3) / 1e6 + (200 * 0.03) / 1e6 + (500 * 0.45) / 1e6);
  });

  it('an alias maps a gateway model name to a bundled model', () => {
    const result = expectPriced(pricer.price({ provider: 'acme', model: 'acme/fast', usage: chat, timestamp: AT }));
    expectUsd(result.amount, (800 * 2.0) / 1e6 + (200 * 0.5) / 1e6 + (500 * 8.0) / 1e6);
    expect(result).toMatchObject({ source: 'price-table', model: 'gpt-4.1', provider: 'openai', notes: ['alias acme/fast → gpt-4.1'] });
  });

  it('an alias to a custom entry uses the custom price', () => {
    const result = expectPriced(pricer.price({ provider: 'acme', model: 'acme-cheap', usage: chat, timestamp: AT }));
    expectUsd(result.amount, (800 * 0.3) / 1e6 + (200 * 0.03) / 1e6 + (500 * 0.45) / 1e6);
    expect(result.source).toBe('custom');
  });

  it('prices a self-hosted model by host wildcard and model prefix; cached tokens fall back to the input price', () => {
    const result = expectPriced(
      pricer.price({ provider: 'vllm', model: 'llama-3.3-70b-instruct', usage: chat, serverAddress: 'node7.gpu.acme.internal', timestamp: AT }),
    );
    expectUsd(result.amount, (800 * 0.6) / 1e6 + (200 * 0.6) / 1e6 + (500 * 0.6) / 1e6);
    expect(linesOf(result).cached_input).toEqual([200, 0.6]);
  });

  it('applies custom long-context tiers to the whole request', () => {
    const result = expectPriced(
      pricer.price({ provider: 'acme', model: 'acme-long', usage: { prompt_tokens: 130_000, completion_tokens: 1000 }, timestamp: AT }),
    );
    expectUsd(result.amount, (130_000 * 2) / 1e6 + (1000 * 6) / 1e6);
  });

  it('applies only the service tiers an entry declares', () => {
    const batch = expectPriced(pricer.price({ provider: 'acme', model: 'deepseek-v3.2', usage: chat, batch: true, timestamp: AT }));
    expectUsd(batch.amount, ((800 * 0.3) / 1e6 + (200 * 0.03) / 1e6 + (500 * 0.45) / 1e6) * 0.5);
    const flex = pricer.price({ provider: 'acme', model: 'deepseek-v3.2', usage: chat, serviceTier: 'flex', timestamp: AT });
    expect(flex).toMatchObject({ status: 'unknown', reason: 'unsupported_service_tier' });
  });

  it('loads the same table from a JSON file and reports its version', () => {
    const path = join(mkdtempSync(join(tmpdir(), 'genai-otel-pricing-')), 'prices.json');
    writeFileSync(path, JSON.stringify(table, null, 2));
    const fromFile = createPricer({ customPrices: path });
    expect(fromFile.dataVersion).toBe('genai-prices@0.1.8+custom@acme-2026-11');
    const result = expectPriced(fromFile.price({ provider: 'acme', model: 'deepseek-v3.2', usage: chat, timestamp: AT }));
    expectUsd(result.amount, (800 * 0.3) / 1e6 + (200 * 0.03) / 1e6 + (500 * 0.45) / 1e6);
  });

  it('versions an unversioned table by a hash of its content', () => {
    const unversioned = createPricer({ customPrices: { models: [{ model: 'm', prices: { input: 1, output: 1 } }] } });
    expect(unversioned.dataVersion).toMatch(/^genai-prices@0\.1\.8\+custom@[0-9a-f]{12}$/);
  });
});
