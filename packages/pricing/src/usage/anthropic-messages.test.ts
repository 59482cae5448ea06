import { describe, expect, it } from 'vitest';
import { createPricer } from '../create-pricer.js';
import { AT, expectPriced, expectUsd, linesOf } from '../../test/expect-priced.js';
import { normalizeUsage } from './normalize-usage.js';

// claude-sonnet-4-5 list prices, USD per 1M tokens (Anthropic pricing and prompt-caching docs;
// billing-rules.md §3.2 and §7.3; identical in @pydantic/genai-prices 0.1.8, checked 2026-11-22):
// input $3, output $15, cache read $0.30 (0.1×), 5-minute write $3.75 (1.25×), 1-hour write $6 (2×);
// above 200k input tokens: input $6, output $22.50, read $0.60, 5m write $7.50, 1h write $12.
const pricer = createPricer();

describe('Anthropic Messages usage', () => {
  it('reproduces the billing-rules.md §7.3 check: 50 in, 1,000 1h writes, 9,000 reads, 200 out = $0.01185', () => {
    const result = expectPriced(
      pricer.price({
        provider: 'anthropic',
        model: 'claude-sonnet-4-5',
        usage: {
          input_tokens: 50,
          cache_creation_input_tokens: 1000,
          cache_creation: { ephemeral_5m_input_tokens: 0, ephemeral_1h_input_tokens: 1000 },
          cache_read_input_tokens: 9000,
          output_tokens: 200,
        },
        timestamp: AT,
      }),
    );
    expectUsd(result.amount, (50 * 3) / 1e6 + (1000 * 6) / 1e6 + (9000 * 0.3) / 1e6 + (200 * 15) / 1e6);
    expectUsd(result.amount, 0.01185);
    // input_tokens excludes cache reads and writes; the total input is their sum.
    expect(result.breakdown.inputTokens).toBe(50 + 1000 + 9000);
  });

  it('prices 1-hour cache writes at 2× and 5-minute writes at 1.25× base input (dated model id)', () => {
    const result = expectPriced(
      pricer.price({
        provider: 'anthropic',
        model: 'claude-sonnet-4-5-20250929',
        usage: {
          input_tokens: 100,
          cache_creation_input_tokens: 1000,
          cache_creation: { ephemeral_5m_input_tokens: 400, ephemeral_1h_input_tokens: 600 },
          output_tokens: 50,
        },
        timestamp: AT,
      }),
    );
    expect(result.model).toBe('claude-sonnet-4-5');
    expectUsd(result.amount, (100 * 3) / 1e6 + (400 * 3.75) / 1e6 + (600 * 6) / 1e6 + (50 * 15) / 1e6);
    expect(linesOf(result)).toEqual({ input: [100, 3], cache_write_5m: [400, 3.75], cache_write_1h: [600, 6], output: [50, 15] });
  });

  it('prices writes reported without the TTL split at the 5-minute write price', () => {
    const result = expectPriced(
      pricer.price({
        provider: 'anthropic',
        model: 'claude-sonnet-4-5',
        usage: { input_tokens: 10, cache_creation_input_tokens: 2000, output_tokens: 1 },
        timestamp: AT,
      }),
    );
    expectUsd(result.amount, (10 * 3) / 1e6 + (2000 * 3.75) / 1e6 + (1 * 15) / 1e6);
    expect(linesOf(result).cache_write).toEqual([2000, 3.75]);
  });

  it('does not add thinking tokens on top of output_tokens', () => {
    const result = expectPriced(
      pricer.price({
        provider: 'anthropic',
        model: 'claude-sonnet-4-5',
        usage: { input_tokens: 1000, output_tokens: 3000, output_tokens_details: { thinking_tokens: 2500 } },
        timestamp: AT,
      }),
    );
    expectUsd(result.amount, (1000 * 3) / 1e6 + (3000 * 15) / 1e6);
    expect(linesOf(result)).toEqual({ input: [1000, 3], output: [500, 15], reasoning: [2500, 15] });
  });

  it('reprices the whole request above 200k input tokens, cache reads included in the threshold', () => {
    // 150,000 uncached + 60,000 cache reads = 210,000 input tokens > 200,000.
    const result = expectPriced(
      pricer.price({
        provider: 'anthropic',
        model: 'claude-sonnet-4-5',
        usage: { input_tokens: 150_000, cache_read_input_tokens: 60_000, output_tokens: 2000 },
        timestamp: new Date('2026-01-15T00:00:00Z'),
      }),
    );
    expectUsd(result.amount, (150_000 * 6) / 1e6 + (60_000 * 0.6) / 1e6 + (2000 * 22.5) / 1e6);
    expect(result.breakdown.longContext).toBe(true);
  });

  it('stays on base prices at exactly 200,000 input tokens', () => {
    const result = expectPriced(
      pricer.price({ provider: 'anthropic', model: 'claude-sonnet-4-5', usage: { input_tokens: 200_000, output_tokens: 100 }, timestamp: AT }),
    );
    expectUsd(result.amount, (200_000 * 3) / 1e6 + (100 * 15) / 1e6);
    expect(result.breakdown.longContext).toBe(false);
  });

  it('bills server-side web searches per 1,000 ($10 / 1k, Anthropic pricing docs)', () => {
    const result = expectPriced(
      pricer.price({
        provider: 'anthropic',
        model: 'claude-sonnet-4-5',
        usage: { input_tokens: 1000, output_tokens: 100, server_tool_use: { web_search_requests: 3 } },
        timestamp: AT,
      }),
    );
    expectUsd(result.amount, (1000 * 3) / 1e6 + (100 * 15) / 1e6 + (3 * 10) / 1000);
    expect(result.breakdown.fees).toEqual([{ kind: 'web_search', count: 3, pricePerThousand: 10, amount: 0.03 }]);
  });

  it('reads usage.service_tier and the TTL split', () => {
    expect(
      normalizeUsage('anthropic.messages', {
        input_tokens: 5,
        cache_creation: { ephemeral_5m_input_tokens: 7, ephemeral_1h_input_tokens: 11 },
        cache_read_input_tokens: 13,
        output_tokens: 17,
        service_tier: 'batch',
      }),
    ).toMatchObject({ inputTokens: 5 + 18 + 13, cacheWriteInputTokens: 18, cacheWrite5mInputTokens: 7, cacheWrite1hInputTokens: 11, serviceTier: 'batch' });
  });
});
