import { describe, expect, it } from 'vitest';
import { createPricer } from '../create-pricer.js';
import { AT, expectPriced, expectUsd } from '../../test/expect-priced.js';
import { resolveServiceTier } from './service-tier.js';

// Standard list prices, USD per 1M tokens (all as in @pydantic/genai-prices 0.1.8, checked 2026-11-22):
// gpt-4.1 $2.00 / $0.50 cached / $8.00; gpt-5 $1.25 / $0.125 / $10.00 (OpenAI pricing page, billing-rules.md §2.5);
// claude-sonnet-4-5 $3 / $0.30 read / $15 (Anthropic pricing docs, §3.2);
// gemini-2.5-flash $0.30 / $0.03 cached / $2.50 (ai.google.dev pricing, §4.1).
// Multipliers: OpenAI batch and flex 0.5, priority gpt-4.1 1.75× (§2.5); Anthropic batch 0.5 (§3.2);
// Gemini batch and flex 0.5, priority 1.8× (§4.1, §5).
const pricer = createPricer();
const gpt41 = { prompt_tokens: 1000, completion_tokens: 500, prompt_tokens_details: { cached_tokens: 200 } };

describe('service tiers and batch', () => {
  it('OpenAI priority: gpt-4.1 at 1.75× ($3.50 / $0.875 / $14.00)', () => {
    const result = expectPriced(pricer.price({ provider: 'openai', model: 'gpt-4.1', usage: gpt41, serviceTier: 'priority', timestamp: AT }));
    expectUsd(result.amount, (800 * 3.5) / 1e6 + (200 * 0.875) / 1e6 + (500 * 14.0) / 1e6);
    expect(result.breakdown).toMatchObject({ serviceTier: 'priority', serviceTierMultiplier: 1.75 });
  });

  it("OpenAI 'fast' is billed as priority", () => {
    const result = expectPriced(pricer.price({ provider: 'openai', model: 'gpt-4.1', usage: gpt41, serviceTier: 'fast', timestamp: AT }));
    expectUsd(result.amount, (800 * 3.5) / 1e6 + (200 * 0.875) / 1e6 + (500 * 14.0) / 1e6);
  });

  it('OpenAI flex: gpt-5 at Batch rates ($0.625 / $0.0625 / $5.00)', () => {
    const result = expectPriced(
      pricer.price({
        provider: 'openai',
        model: 'gpt-5',
        usage: { input_tokens: 10_000, input_tokens_details: { cached_tokens: 8000 }, output_tokens: 500 },
        serviceTier: 'flex',
        timestamp: AT,
      }),
    );
    expectUsd(result.amount, (2000 * 0.625) / 1e6 + (8000 * 0.0625) / 1e6 + (500 * 5.0) / 1e6);
  });

  it('OpenAI Batch API: 50 % of standard', () => {
    const result = expectPriced(pricer.price({ provider: 'openai', model: 'gpt-4.1', usage: gpt41, batch: true, timestamp: AT }));
    expectUsd(result.amount, (800 * 1.0) / 1e6 + (200 * 0.25) / 1e6 + (500 * 4.0) / 1e6);
    expect(result.breakdown.serviceTier).toBe('batch');
  });

  it('OpenAI default / auto tiers are standard', () => {
    for (const serviceTier of ['default', 'auto']) {
      const result = expectPriced(pricer.price({ provider: 'openai', model: 'gpt-4.1', usage: gpt41, serviceTier, timestamp: AT }));
      expectUsd(result.amount, (800 * 2.0) / 1e6 + (200 * 0.5) / 1e6 + (500 * 8.0) / 1e6);
    }
  });

  it('OpenAI priority for a model without a documented multiplier is unknown, not standard', () => {
    const result = pricer.price({ provider: 'openai', model: 'gpt-4o-mini', usage: gpt41, serviceTier: 'priority', timestamp: AT });
    expect(result).toMatchObject({ status: 'unknown', reason: 'unsupported_service_tier' });
  });

  it('OpenAI Scale Tier is unknown (reserved capacity)', () => {
    const result = pricer.price({ provider: 'openai', model: 'gpt-4.1', usage: gpt41, serviceTier: 'scale', timestamp: AT });
    expect(result).toMatchObject({ status: 'unknown', reason: 'unsupported_service_tier' });
  });

  it('Anthropic Batch: usage.service_tier "batch" halves input, cache and output prices', () => {
    const result = expectPriced(
      pricer.price({
        provider: 'anthropic',
        model: 'claude-sonnet-4-5',
        usage: { input_tokens: 1000, cache_read_input_tokens: 4000, output_tokens: 200, service_tier: 'batch' },
        timestamp: AT,
      }),
    );
    expectUsd(result.amount, (1000 * 1.5) / 1e6 + (4000 * 0.15) / 1e6 + (200 * 7.5) / 1e6);
  });

  it('Anthropic Priority Tier has no documented multiplier → unknown', () => {
    const result = pricer.price({
      provider: 'anthropic',
      model: 'claude-sonnet-4-5',
      usage: { input_tokens: 1000, output_tokens: 200, service_tier: 'priority' },
      timestamp: AT,
    });
    expect(result).toMatchObject({ status: 'unknown', reason: 'unsupported_service_tier' });
  });

  it('Gemini batch (flag), flex (Vertex trafficType) and priority (1.8×)', () => {
    const usage = { promptTokenCount: 1000, candidatesTokenCount: 100 };
    const standard = (1000 * 0.3) / 1e6 + (100 * 2.5) / 1e6;
    const batch = expectPriced(pricer.price({ provider: 'gcp.gemini', model: 'gemini-2.5-flash', usage, batch: true, timestamp: AT }));
    expectUsd(batch.amount, (1000 * 0.15) / 1e6 + (100 * 1.25) / 1e6);
    const flex = expectPriced(
      pricer.price({ provider: 'gcp.vertex_ai', model: 'gemini-2.5-flash', usage: { ...usage, trafficType: 'ON_DEMAND_FLEX' }, timestamp: AT }),
    );
    expectUsd(flex.amount, standard * 0.5);
    const priority = expectPriced(
      pricer.price({ provider: 'gcp.gemini', model: 'gemini-2.5-flash', usage, serviceTier: 'priority', timestamp: AT }),
    );
    expectUsd(priority.amount, (1000 * 0.3 * 1.8) / 1e6 + (100 * 2.5 * 1.8) / 1e6);
  });

  it('Gemini batch stacks with the long-context tier (gemini-2.5-pro > 200k)', () => {
    const result = expectPriced(
      pricer.price({ provider: 'gcp.gemini', model: 'gemini-2.5-pro', usage: { promptTokenCount: 300_000, candidatesTokenCount: 1000 }, batch: true, timestamp: AT }),
    );
    expectUsd(result.amount, (300_000 * 2.5 * 0.5) / 1e6 + (1000 * 15 * 0.5) / 1e6);
  });

  it('DeepSeek has no documented batch discount → unknown', () => {
    const result = pricer.price({ provider: 'deepseek', model: 'deepseek-chat', usage: { prompt_tokens: 10, completion_tokens: 1 }, batch: true, timestamp: AT });
    expect(result).toMatchObject({ status: 'unknown', reason: 'unsupported_service_tier' });
  });

  it('prefers the tier reported in usage over the requested one, and batch over both', () => {
    expect(resolveServiceTier(false, 'priority', 'standard')).toBe('standard');
    expect(resolveServiceTier(undefined, 'flex', undefined)).toBe('flex');
    expect(resolveServiceTier(true, 'priority', 'standard')).toBe('batch');
    expect(resolveServiceTier(undefined, undefined, 'ON_DEMAND_PRIORITY')).toBe('priority');
  });
});
