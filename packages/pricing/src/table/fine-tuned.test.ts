import { describe, expect, it } from 'vitest';
import { createPricer } from '../create-pricer.js';
import { AT, expectPriced, expectUsd, linesOf } from '../../test/expect-priced.js';

// OpenAI fine-tuning inference prices per base model (platform.openai.com/docs/pricing#fine-tuning,
// src/corrections/corrections.ts): gpt-4.1-2025-04-14 $3.00 input, $0.75 cached, $12.00 output;
// gpt-4.1-mini-2025-04-14 $0.80 / $0.20 / $3.20. ft:gpt-4o-mini-2024-* $0.30 / $1.20 is in the data.
const pricer = createPricer();
const usage = { prompt_tokens: 10_000, completion_tokens: 1000, prompt_tokens_details: { cached_tokens: 4000 } };

describe('fine-tuned models (ft:<base>:<org>::<id>)', () => {
  it('are priced from the base model’s fine-tuning prices', () => {
    const result = expectPriced(pricer.price({ provider: 'openai', model: 'ft:gpt-4.1-2025-04-14:acme-corp::BicJxrWX', usage, timestamp: AT }));
    // 6,000 × $3.00 + 4,000 × $0.75 + 1,000 × $12.00 per MTok = $0.018 + $0.003 + $0.012
    expectUsd(result.amount, (6000 * 3) / 1e6 + (4000 * 0.75) / 1e6 + (1000 * 12) / 1e6);
    expect(result).toMatchObject({ model: 'ft:gpt-4.1-2025-04-14', provider: 'openai', source: 'price-table' });
    expect(linesOf(result)).toEqual({ input: [6000, 3], cached_input: [4000, 0.75], output: [1000, 12] });
    expect(result.notes).toEqual(["fine-tuned model priced from OpenAI's fine-tuning prices of gpt-4.1-2025-04-14"]);
    // With a suffix: ft:<base>:<org>:<suffix>:<id>.
    const mini = expectPriced(pricer.price({ provider: 'openai', model: 'ft:gpt-4.1-mini-2025-04-14:acme:contracts:CfBlCpDs', usage, timestamp: AT }));
    // 6,000 × $0.80 + 4,000 × $0.20 + 1,000 × $3.20 per MTok
    expectUsd(mini.amount, (6000 * 0.8) / 1e6 + (4000 * 0.2) / 1e6 + (1000 * 3.2) / 1e6);
  });

  it('are unknown where the base has no fine-tuning price; the data’s own fine-tuned prices still apply', () => {
    expect(pricer.price({ provider: 'openai', model: 'ft:gpt-4.1-nano-2025-04-14:acme::x1', usage, timestamp: AT })).toMatchObject({
      status: 'unknown',
      reason: 'unknown_model',
      detail: "no fine-tuned inference price for base model 'gpt-4.1-nano-2025-04-14' (ft:gpt-4.1-nano-2025-04-14:acme::x1)",
    });
    const fromData = expectPriced(
      pricer.price({ provider: 'openai', model: 'ft:gpt-4o-mini-2024-07-18:acme::x2', usage: { prompt_tokens: 1000, completion_tokens: 100 }, timestamp: AT }),
    );
    // 1,000 × $0.30 + 100 × $1.20 per MTok
    expectUsd(fromData.amount, (1000 * 0.3) / 1e6 + (100 * 1.2) / 1e6);
  });

  it('have no documented priority or batch price', () => {
    expect(pricer.price({ provider: 'openai', model: 'ft:gpt-4.1-2025-04-14:acme::x', usage, serviceTier: 'priority', timestamp: AT })).toMatchObject({
      status: 'unknown',
      reason: 'unsupported_service_tier',
    });
  });
});
