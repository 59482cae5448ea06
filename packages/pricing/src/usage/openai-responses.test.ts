import { describe, expect, it } from 'vitest';
import { createPricer } from '../create-pricer.js';
import { AT, expectPriced, expectUsd, linesOf } from '../../test/expect-priced.js';

// gpt-5 list prices, USD per 1M tokens: input $1.25, cached $0.125, output $10.00 (OpenAI pricing page,
// billing-rules.md §2.5 and its §7.3 numeric check; identical in @pydantic/genai-prices 0.1.8).
const pricer = createPricer();

describe('OpenAI Responses API usage', () => {
  it('reproduces the billing-rules.md §7.3 check: 10,000 in (8,000 cached), 500 out (300 reasoning) = $0.0085', () => {
    const result = expectPriced(
      pricer.price({
        provider: 'openai',
        model: 'gpt-5',
        usage: {
          input_tokens: 10_000,
          input_tokens_details: { cached_tokens: 8000 },
          output_tokens: 500,
          output_tokens_details: { reasoning_tokens: 300 },
          total_tokens: 10_500,
        },
        timestamp: AT,
      }),
    );
    expectUsd(result.amount, (2000 * 1.25) / 1e6 + (8000 * 0.125) / 1e6 + (500 * 10) / 1e6);
    expectUsd(result.amount, 0.0085);
    expect(linesOf(result)).toEqual({ input: [2000, 1.25], cached_input: [8000, 0.125], output: [200, 10], reasoning: [300, 10] });
    expect(result.breakdown).toMatchObject({ inputTokens: 10_000, outputTokens: 500 });
  });

  it('infers the format from input_tokens_details for provider openai', () => {
    const result = expectPriced(
      pricer.price({
        provider: 'openai',
        model: 'gpt-4.1',
        usage: { input_tokens: 100, output_tokens: 10, input_tokens_details: { cached_tokens: 0 } },
        timestamp: AT,
      }),
    );
    expectUsd(result.amount, (100 * 2.0) / 1e6 + (10 * 8.0) / 1e6);
  });
});
