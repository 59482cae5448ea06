import { describe, expect, it } from 'vitest';
import { createPricer } from '../create-pricer.js';
import { AT, expectPriced, expectUsd, linesOf } from '../../test/expect-priced.js';
import { normalizeUsage } from './normalize-usage.js';

// gpt-4.1 list prices, USD per 1M tokens: input $2.00, cached input $0.50, output $8.00
// (OpenAI pricing page; billing-rules.md §2.5: cached discount 75 %, priority $3.50/$0.875/$14.00 = 1.75×;
// identical in @pydantic/genai-prices 0.1.8, checked 2026-11-22).
const pricer = createPricer();

describe('OpenAI Chat Completions usage', () => {
  it('bills cached tokens as a subset of prompt tokens (gpt-4.1)', () => {
    const result = expectPriced(
      pricer.price({
        provider: 'openai',
        model: 'gpt-4.1',
        usage: { prompt_tokens: 1000, completion_tokens: 500, total_tokens: 1500, prompt_tokens_details: { cached_tokens: 200 } },
        timestamp: AT,
      }),
    );
    expectUsd(result.amount, ((1000 - 200) * 2.0) / 1e6 + (200 * 0.5) / 1e6 + (500 * 8.0) / 1e6);
    expect(linesOf(result)).toEqual({ input: [800, 2], cached_input: [200, 0.5], output: [500, 8] });
    expect(result).toMatchObject({ source: 'price-table', model: 'gpt-4.1', provider: 'openai', dataVersion: 'genai-prices@0.1.8' });
  });

  it('matches the dated snapshot gpt-4.1-2025-04-14 to gpt-4.1', () => {
    const result = expectPriced(
      pricer.price({ provider: 'openai', model: 'gpt-4.1-2025-04-14', usage: { prompt_tokens: 10_000, completion_tokens: 1000 }, timestamp: AT }),
    );
    expect(result.model).toBe('gpt-4.1');
    expectUsd(result.amount, (10_000 * 2.0) / 1e6 + (1000 * 8.0) / 1e6);
  });

  it('keeps reasoning tokens inside completion tokens: billed once, at the output price', () => {
    // o3 after its 2025-06-10 price cut: $2.00 in / $0.50 cached / $8.00 out (genai-prices 0.1.8).
    const result = expectPriced(
      pricer.price({
        provider: 'openai',
        model: 'o3',
        usage: { prompt_tokens: 2000, completion_tokens: 1500, completion_tokens_details: { reasoning_tokens: 1200 } },
        timestamp: AT,
      }),
    );
    expectUsd(result.amount, (2000 * 2.0) / 1e6 + ((1500 - 1200) * 8.0) / 1e6 + (1200 * 8.0) / 1e6);
    expect(linesOf(result)).toEqual({ input: [2000, 2], output: [300, 8], reasoning: [1200, 8] });
  });

  it('bills cache_write_tokens at the input price when the table has no cache-write price', () => {
    // gpt-4.1 has no cache_write_mtok in genai-prices 0.1.8; a 1.25× write premium is reported only by
    // third parties (billing-rules.md §2.1), so writes stay at $2.00.
    const result = expectPriced(
      pricer.price({
        provider: 'openai',
        model: 'gpt-4.1',
        usage: { prompt_tokens: 3000, completion_tokens: 10, prompt_tokens_details: { cached_tokens: 1000, cache_write_tokens: 1500 } },
        timestamp: AT,
      }),
    );
    expectUsd(result.amount, ((3000 - 1000 - 1500) * 2.0) / 1e6 + (1000 * 0.5) / 1e6 + (1500 * 2.0) / 1e6 + (10 * 8.0) / 1e6);
    expect(linesOf(result).cache_write).toEqual([1500, 2]);
  });

  it('prices Azure OpenAI deployments of gpt-4.1 at the OpenAI list price (genai-prices azure → openai fallback)', () => {
    const result = expectPriced(
      pricer.price({ provider: 'azure.ai.openai', model: 'gpt-4.1', usage: { prompt_tokens: 1000, completion_tokens: 100 }, timestamp: AT }),
    );
    expect(result.provider).toBe('azure');
    expectUsd(result.amount, (1000 * 2.0) / 1e6 + (100 * 8.0) / 1e6);
  });

  it('reads the fields into inclusive counts', () => {
    expect(
      normalizeUsage('openai.chat', {
        prompt_tokens: 120,
        completion_tokens: 80,
        prompt_tokens_details: { cached_tokens: 20, audio_tokens: 10 },
        completion_tokens_details: { reasoning_tokens: 30, audio_tokens: 5, rejected_prediction_tokens: 4 },
      }),
    ).toMatchObject({ inputTokens: 120, cacheReadInputTokens: 20, inputAudioTokens: 10, outputTokens: 80, reasoningOutputTokens: 30, outputAudioTokens: 5 });
  });
});
