import { describe, expect, it } from 'vitest';
import { createPricer } from '../create-pricer.js';
import { expectPriced, expectUsd, linesOf } from '../../test/expect-priced.js';

// DeepSeek prices as encoded in @pydantic/genai-prices 0.1.8 (prices/providers/deepseek.yml):
// deepseek-chat — standard hours 00:30–16:30 UTC: $0.27 cache miss, $0.07 cache hit, $1.10 output;
// off-peak 16:30–00:30 UTC: $0.135 / $0.035 / $0.55 (api-docs.deepseek.com pricing, prices_checked 2025-07-12).
// deepseek-reasoner standard hours: $0.55 / $0.14 / $2.19. That tariff held from 2025-02-26 16:30 UTC
// to 2025-09-05 16:00 UTC (src/corrections): the calls below are in it.
// deepseek-v3.2 — $0.2288 input, $0.3432 output, no cache-hit price (prices_checked 2026-06-09).
const pricer = createPricer();
const PEAK = new Date('2025-07-15T10:00:00Z');
const OFF_PEAK = new Date('2025-07-15T20:00:00Z');

describe('DeepSeek usage', () => {
  it('bills prompt_cache_hit_tokens at the hit price and misses at the input price (standard hours)', () => {
    const result = expectPriced(
      pricer.price({
        provider: 'deepseek',
        model: 'deepseek-chat',
        usage: { prompt_tokens: 1000, prompt_cache_hit_tokens: 300, prompt_cache_miss_tokens: 700, completion_tokens: 100, total_tokens: 1100 },
        timestamp: PEAK,
      }),
    );
    expectUsd(result.amount, (700 * 0.27) / 1e6 + (300 * 0.07) / 1e6 + (100 * 1.1) / 1e6);
    expect(linesOf(result)).toEqual({ input: [700, 0.27], cached_input: [300, 0.07], output: [100, 1.1] });
  });

  it('uses the off-peak price by time of day', () => {
    const result = expectPriced(
      pricer.price({
        provider: 'deepseek',
        model: 'deepseek-chat',
        usage: { prompt_tokens: 1000, prompt_cache_hit_tokens: 300, prompt_cache_miss_tokens: 700, completion_tokens: 100 },
        timestamp: OFF_PEAK,
      }),
    );
    expectUsd(result.amount, (700 * 0.135) / 1e6 + (300 * 0.035) / 1e6 + (100 * 0.55) / 1e6);
  });

  it('does not double count prompt_tokens_details.cached_tokens next to prompt_cache_hit_tokens', () => {
    const result = expectPriced(
      pricer.price({
        provider: 'deepseek',
        model: 'deepseek-chat',
        usage: {
          prompt_tokens: 1000,
          prompt_cache_hit_tokens: 300,
          prompt_cache_miss_tokens: 700,
          prompt_tokens_details: { cached_tokens: 300 },
          completion_tokens: 0,
        },
        timestamp: PEAK,
      }),
    );
    expectUsd(result.amount, (700 * 0.27) / 1e6 + (300 * 0.07) / 1e6);
  });

  it('bills deepseek-reasoner reasoning tokens once, inside completion tokens', () => {
    const result = expectPriced(
      pricer.price({
        provider: 'deepseek',
        model: 'deepseek-reasoner',
        usage: {
          prompt_tokens: 500,
          prompt_cache_hit_tokens: 0,
          prompt_cache_miss_tokens: 500,
          completion_tokens: 900,
          completion_tokens_details: { reasoning_tokens: 800 },
        },
        timestamp: PEAK,
      }),
    );
    expectUsd(result.amount, (500 * 0.55) / 1e6 + (900 * 2.19) / 1e6);
  });

  it('prices deepseek-v3.2 cache hits at the full input price (the table has no hit price)', () => {
    const result = expectPriced(
      pricer.price({
        provider: 'deepseek',
        model: 'deepseek-v3.2',
        usage: { prompt_tokens: 1000, prompt_cache_hit_tokens: 400, prompt_cache_miss_tokens: 600, completion_tokens: 200 },
        timestamp: PEAK,
      }),
    );
    expectUsd(result.amount, (600 * 0.2288) / 1e6 + (400 * 0.2288) / 1e6 + (200 * 0.3432) / 1e6);
    expect(linesOf(result).cached_input).toEqual([400, 0.2288]);
  });

  it('finds DeepSeek by server.address when the OpenAI SDK reports provider "openai"', () => {
    const result = expectPriced(
      pricer.price({
        provider: 'openai',
        serverAddress: 'api.deepseek.com',
        model: 'deepseek-chat',
        usage: { prompt_tokens: 100, prompt_cache_hit_tokens: 0, prompt_cache_miss_tokens: 100, completion_tokens: 10 },
        timestamp: PEAK,
      }),
    );
    expect(result.provider).toBe('deepseek');
    expectUsd(result.amount, (100 * 0.27) / 1e6 + (10 * 1.1) / 1e6);
  });
});
