// The avoidable-spend arithmetic on real breakdowns of @genai-otel/pricing (bundled genai-prices data), each expected
// value computed by hand from the list prices, in USD per million tokens.
import { createPricer, type CostBreakdown, type PriceInput } from '@genai-otel/pricing';
import { describe, expect, it } from 'vitest';
import { PendingCacheWrites, promptCacheMiss, promptCacheSavings, promptCacheWrites, TTL_MS } from './prompt-cache.js';

const pricer = createPricer();
function breakdown(input: PriceInput): CostBreakdown {
  const result = pricer.price(input);
  if (result.status !== 'priced') throw new Error(JSON.stringify(result));
  return result.breakdown;
}
const openai = (model: string, usage: object) => breakdown({ provider: 'openai', model, usage, usageFormat: 'openai.chat' });
const anthropic = (model: string, usage: object) => breakdown({ provider: 'anthropic', model, usage, usageFormat: 'anthropic.messages' });

describe('promptCacheSavings', () => {
  it('gpt-4o-mini, 2,048 prompt tokens of which 1,536 cached (input 0.15, cached 0.075)', () => {
    const b = openai('gpt-4o-mini', { prompt_tokens: 2048, completion_tokens: 40, prompt_tokens_details: { cached_tokens: 1536 } });
    // 1,536 × (0.15 − 0.075) / 10⁶ = 1,536 × 0.075 / 10⁶ = 0.0001152
    expect(promptCacheSavings(b)).toBeCloseTo(0.0001152, 15);
  });

  it('claude-sonnet-4-6, 3,000 cache-read tokens (input 3.00, read 0.30); the writes save nothing', () => {
    const b = anthropic('claude-sonnet-4-6', {
      input_tokens: 200,
      output_tokens: 60,
      cache_read_input_tokens: 3000,
      cache_creation_input_tokens: 500,
      cache_creation: { ephemeral_5m_input_tokens: 500, ephemeral_1h_input_tokens: 0 },
    });
    // 3,000 × (3.00 − 0.30) / 10⁶ = 3,000 × 2.70 / 10⁶ = 0.0081
    expect(promptCacheSavings(b)).toBeCloseTo(0.0081, 15);
  });

  it('Gemini batch: 400 cached tokens against the batch input price (0.30 × 0.5 = 0.15; cached stays 0.03)', () => {
    const b = breakdown({
      provider: 'gcp.gemini',
      model: 'gemini-2.5-flash',
      usage: { promptTokenCount: 1000, candidatesTokenCount: 200, cachedContentTokenCount: 400 },
      usageFormat: 'gemini',
      batch: true,
    });
    // 400 × (0.15 − 0.03) / 10⁶ = 400 × 0.12 / 10⁶ = 0.000048
    expect(promptCacheSavings(b)).toBeCloseTo(0.000048, 15);
  });

  it('is 0 without cache reads', () => {
    expect(promptCacheSavings(openai('gpt-4.1', { prompt_tokens: 3000, completion_tokens: 50 }))).toBe(0);
  });
});

describe('promptCacheMiss', () => {
  it('gpt-4.1, 3,000 prompt tokens, nothing cached (input 2.00, cached 0.50)', () => {
    const miss = promptCacheMiss('openai', 'gpt-4.1', openai('gpt-4.1', { prompt_tokens: 3000, completion_tokens: 50 }));
    // 2,944 cacheable × (2.00 − 0.50) / 10⁶ = 2,944 × 1.50 / 10⁶ = 0.004416
    expect(miss).toEqual({ cacheableTokens: 2944, cost: expect.closeTo(0.004416, 15) });
  });

  it('claude-sonnet-4-6, 2,500 input tokens, no cache use (minimum 2,048; input 3.00, read 0.30)', () => {
    const miss = promptCacheMiss('anthropic', 'claude-sonnet-4-6', anthropic('claude-sonnet-4-6', { input_tokens: 2500, output_tokens: 60 }));
    // 2,500 × (3.00 − 0.30) / 10⁶ = 2,500 × 2.70 / 10⁶ = 0.00675
    expect(miss).toEqual({ cacheableTokens: 2500, cost: expect.closeTo(0.00675, 15) });
  });

  it('is no miss below the model minimum, with a cache read or write, or without a cache price below the input price', () => {
    expect(promptCacheMiss('anthropic', 'claude-sonnet-4-6', anthropic('claude-sonnet-4-6', { input_tokens: 1500, output_tokens: 60 }))).toBeUndefined();
    // The same 1,500 tokens are a miss on claude-sonnet-4-5 (minimum 1,024): 1,500 × 2.70 / 10⁶ = 0.00405.
    expect(promptCacheMiss('anthropic', 'claude-sonnet-4-5', anthropic('claude-sonnet-4-5', { input_tokens: 1500, output_tokens: 60 }))?.cost).toBeCloseTo(
      0.00405,
      15,
    );
    expect(promptCacheMiss('openai', 'gpt-4.1', openai('gpt-4.1', { prompt_tokens: 1000, completion_tokens: 5 }))).toBeUndefined();
    expect(
      promptCacheMiss('openai', 'gpt-4.1', openai('gpt-4.1', { prompt_tokens: 3000, completion_tokens: 5, prompt_tokens_details: { cached_tokens: 1024 } })),
    ).toBeUndefined();
    expect(
      promptCacheMiss(
        'anthropic',
        'claude-sonnet-4-6',
        anthropic('claude-sonnet-4-6', { input_tokens: 2500, output_tokens: 6, cache_creation_input_tokens: 2048 }),
      ),
    ).toBeUndefined();
    const deepseek = breakdown({
      provider: 'deepseek',
      model: 'deepseek-v4-flash',
      usage: { prompt_tokens: 5000, completion_tokens: 5 },
      usageFormat: 'deepseek',
    });
    expect(promptCacheMiss('deepseek', 'deepseek-v4-flash', deepseek)).toBeUndefined();
  });
});

describe('promptCacheWrites', () => {
  it('the write premium per TTL over the input price (claude-sonnet-4-6: 5m 3.75, 1h 6.00, input 3.00)', () => {
    const b = anthropic('claude-sonnet-4-6', {
      input_tokens: 200,
      output_tokens: 60,
      cache_creation_input_tokens: 800,
      cache_creation: { ephemeral_5m_input_tokens: 500, ephemeral_1h_input_tokens: 300 },
    });
    // 5m: 500 × (3.75 − 3.00) / 10⁶ = 0.000375; 1h: 300 × (6.00 − 3.00) / 10⁶ = 0.0009
    expect(promptCacheWrites(b)).toEqual([
      { ttl: '5m', tokens: 500, premium: expect.closeTo(0.000375, 15) },
      { ttl: '1h', tokens: 300, premium: expect.closeTo(0.0009, 15) },
    ]);
  });
});

describe('PendingCacheWrites', () => {
  const write5m = { ttl: '5m' as const, tokens: 500, premium: 0.000375 };
  const write1h = { ttl: '1h' as const, tokens: 300, premium: 0.0009 };

  it('reports a write nothing read once its TTL has run out, and not before', () => {
    const pending = new PendingCacheWrites<string>(16);
    pending.add('p1', write5m, 'call-1', 0);
    pending.add('p2', write1h, 'call-2', 0);
    expect(pending.sweep(TTL_MS['5m'] - 1)).toEqual([]);
    expect(pending.sweep(TTL_MS['5m'])).toEqual([{ ...write5m, attributes: 'call-1' }]);
    expect(pending.sweep(TTL_MS['1h'])).toEqual([{ ...write1h, attributes: 'call-2' }]);
    expect(pending.size).toBe(0);
  });

  it('forgets a write that a later call read', () => {
    const pending = new PendingCacheWrites<string>(16);
    pending.add('p1', write5m, 'call-1', 0);
    pending.add('p2', write5m, 'call-2', 0);
    expect(pending.read(['p0', 'p1'])).toBe(1);
    expect(pending.sweep(TTL_MS['1h'])).toEqual([{ ...write5m, attributes: 'call-2' }]);
  });

  it('merges a concurrent write of the same prefix and restarts its TTL', () => {
    const pending = new PendingCacheWrites<string>(16);
    pending.add('p1', write5m, 'call-1', 0);
    pending.add('p1', write5m, 'call-2', 60_000);
    expect(pending.sweep(TTL_MS['5m'])).toEqual([]);
    expect(pending.sweep(60_000 + TTL_MS['5m'])).toEqual([{ ttl: '5m', tokens: 1000, premium: 0.00075, attributes: 'call-1' }]);
  });
});
