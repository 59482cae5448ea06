import { describe, expect, it } from 'vitest';
import { createPricer } from './create-pricer.js';
import { AT, expectPriced, expectUsd } from '../test/expect-priced.js';

const pricer = createPricer();

describe('createPricer', () => {
  it('reports an unknown model as unknown, never as $0', () => {
    const result = pricer.price({ provider: 'openai', model: 'gpt-9-turbo-ultra', usage: { prompt_tokens: 10, completion_tokens: 5 } });
    expect(result).toEqual({
      status: 'unknown',
      reason: 'unknown_model',
      currency: 'USD',
      dataVersion: 'genai-prices@0.1.8',
      detail: "model 'gpt-9-turbo-ultra' is not in the openai price table",
    });
  });

  it('reports a provider without a price table as unknown_provider', () => {
    const result = pricer.price({ provider: 'acme-llm', model: 'gpt-4.1', usage: { prompt_tokens: 10, completion_tokens: 5 } });
    expect(result).toMatchObject({ status: 'unknown', reason: 'unknown_provider' });
  });

  it('does not guess OpenAI prices for an unknown OpenAI-compatible gateway', () => {
    const usage = { prompt_tokens: 10, completion_tokens: 5 };
    expect(pricer.price({ provider: 'openai_compatible', model: 'gpt-4.1', usage, serverAddress: 'llm-gateway.internal' })).toMatchObject({
      status: 'unknown',
      reason: 'unknown_provider',
    });
    // …but a known provider host still identifies the table.
    expect(pricer.price({ provider: 'openai_compatible', model: 'gpt-4.1', usage, serverAddress: 'api.openai.com' })).toMatchObject({ status: 'priced' });
  });

  it('prices by the call timestamp: o3 before and after its 2025-06-10 price cut', () => {
    // o3: $10 in / $40 out until 2025-06-09, then $2 / $8 (OpenAI price change as encoded in
    // @pydantic/genai-prices 0.1.8 with start_date 2025-06-10; billing-rules.md §7.3 "historic prices").
    const usage = { prompt_tokens: 1000, completion_tokens: 1000 };
    const before = expectPriced(pricer.price({ provider: 'openai', model: 'o3', usage, timestamp: new Date('2025-06-01T12:00:00Z') }));
    const after = expectPriced(pricer.price({ provider: 'openai', model: 'o3', usage, timestamp: new Date('2025-06-10T00:00:00Z') }));
    expectUsd(before.amount, (1000 * 10) / 1e6 + (1000 * 40) / 1e6);
    expectUsd(after.amount, (1000 * 2) / 1e6 + (1000 * 8) / 1e6);
  });

  it('never throws on malformed usage: unsupported_usage with the offending field', () => {
    const cases: unknown[] = [
      'prompt_tokens=10',
      42,
      [],
      { prompt_tokens: -1, completion_tokens: 2 },
      { prompt_tokens: '10', completion_tokens: 2 },
      { prompt_tokens: 10, completion_tokens: 2, prompt_tokens_details: 'x' },
      { prompt_tokens: Number.NaN, completion_tokens: 1 },
      { foo: 1 },
      { promptTokenCount: 1, promptTokensDetails: 'AUDIO' },
    ];
    for (const usage of cases) {
      const result = pricer.price({ provider: 'openai', model: 'gpt-4.1', usage });
      expect(result, JSON.stringify(usage)).toMatchObject({ status: 'unknown', reason: 'unsupported_usage' });
    }
    expect(pricer.price({ provider: 'openai', model: 'gpt-4.1', usage: { prompt_tokens: -1, completion_tokens: 2 } })).toMatchObject({
      detail: 'usage.prompt_tokens must be a non-negative number, got -1',
    });
  });

  it('rejects inconsistent usage (cached > prompt, reasoning > completion) instead of pricing negative tokens', () => {
    const cached = pricer.price({
      provider: 'openai',
      model: 'gpt-4.1',
      usage: { prompt_tokens: 100, completion_tokens: 1, prompt_tokens_details: { cached_tokens: 150 } },
    });
    expect(cached).toMatchObject({ status: 'unknown', reason: 'unsupported_usage', detail: 'cache reads (150) + cache writes (0) exceed input tokens (100)' });
    const reasoning = pricer.price({
      provider: 'openai',
      model: 'o3',
      usage: { prompt_tokens: 1, completion_tokens: 10, completion_tokens_details: { reasoning_tokens: 11 } },
    });
    expect(reasoning).toMatchObject({ status: 'unknown', reason: 'unsupported_usage' });
  });

  it('never throws on bad inputs', () => {
    const bad = [
      { provider: 'openai', model: 'gpt-4.1', usage: { prompt_tokens: 1 }, timestamp: new Date('nope') },
      { provider: undefined, model: 'gpt-4.1', usage: {} },
      { provider: 'openai', model: '', usage: { prompt_tokens: 1 } },
      { provider: 'openai', model: 'gpt-4.1', usage: { prompt_tokens: 1 }, usageFormat: 'cobol' },
    ];
    for (const input of bad) {
      // @ts-expect-error -- deliberately malformed input, as untyped JavaScript callers could pass
      expect(pricer.price(input).status).toBe('unknown');
    }
  });

  it('uses a cost reported by the provider as-is (source provider)', () => {
    const result = expectPriced(
      pricer.price({ provider: 'openrouter', model: 'openai/gpt-4.1', usage: { prompt_tokens: 1000, completion_tokens: 10 }, reportedCost: 0.00213 }),
    );
    expect(result).toMatchObject({ amount: 0.00213, source: 'provider', breakdown: { inputTokens: 1000, outputTokens: 10, lines: [] } });
  });

  it('caches model lookups and returns the same prices on every call', () => {
    const small = createPricer({ cacheSize: 2 });
    const usage = { prompt_tokens: 1000, completion_tokens: 100 };
    const models = ['gpt-4.1', 'gpt-5', 'gpt-4o', 'gpt-4.1', 'gpt-5'];
    const amounts = models.map((model) => expectPriced(small.price({ provider: 'openai', model, usage, timestamp: AT })).amount);
    // gpt-4.1 $2/$8, gpt-5 $1.25/$10, gpt-4o $2.50/$10 (OpenAI pricing page, billing-rules.md §2.5).
    expectUsd(amounts[0] ?? 0, (1000 * 2) / 1e6 + (100 * 8) / 1e6);
    expectUsd(amounts[3] ?? 0, amounts[0] ?? -1);
    expectUsd(amounts[4] ?? 0, (1000 * 1.25) / 1e6 + (100 * 10) / 1e6);
    expectUsd(amounts[2] ?? 0, (1000 * 2.5) / 1e6 + (100 * 10) / 1e6);
  });

  it('reports the bundled data version', () => {
    expect(pricer.dataVersion).toBe('genai-prices@0.1.8');
  });
});
