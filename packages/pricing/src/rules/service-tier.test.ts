import { describe, expect, it } from 'vitest';
import { createPricer } from '../create-pricer.js';
import { AT, expectPriced, expectUsd, linesOf } from '../../test/expect-priced.js';
import { resolveServiceTier } from './service-tier.js';

// Standard list prices, USD per 1M tokens (all as in @pydantic/genai-prices 0.1.8, checked 2026-11-22):
// gpt-4.1 $2.00 / $0.50 cached / $8.00; gpt-5 $1.25 / $0.125 / $10.00 (OpenAI pricing page, billing-rules.md §2.5);
// claude-sonnet-4-5 $3 / $0.30 read / $15 (Anthropic pricing docs, §3.2);
// gemini-2.5-flash $0.30 / $0.03 cached / $2.50 (ai.google.dev pricing, §4.1).
// Multipliers: OpenAI batch and flex 0.5 (§2.5); Anthropic batch 0.5 (§3.2); Gemini batch and flex 0.5
// on input and output, cache hits at the standard cached price (ai.google.dev/gemini-api/docs/batch-mode).
// OpenAI priority prices per model from https://openai.com/api-priority-processing/ (checked 2026-12-07):
// gpt-4.1 $3.50 / $0.875 / $14.00; gpt-4o $4.25 / $2.125 / $17.00; o4-mini $2.00 / $0.50 / $8.00.
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

  it('OpenAI priority for a model the priority page does not list is unknown, not standard', () => {
    const result = pricer.price({ provider: 'openai', model: 'o3-mini', usage: gpt41, serviceTier: 'priority', timestamp: AT });
    expect(result).toMatchObject({ status: 'unknown', reason: 'unsupported_service_tier', detail: 'openai lists no priority price for o3-mini' });
  });

  it('OpenAI priority on two models with different factors, from the per-model prices', () => {
    // gpt-4o: standard $2.50 / $1.25 / $10.00 → priority $4.25 / $2.125 / $17.00 (1.7×).
    const gpt4o = expectPriced(pricer.price({ provider: 'openai', model: 'gpt-4o-2024-08-06', usage: gpt41, serviceTier: 'priority', timestamp: AT }));
    expectUsd(gpt4o.amount, (800 * 4.25) / 1e6 + (200 * 2.125) / 1e6 + (500 * 17.0) / 1e6);
    expect(gpt4o.breakdown).toMatchObject({ serviceTier: 'priority', serviceTierMultiplier: 1.7 });
    expect(linesOf(gpt4o)).toEqual({ input: [800, 4.25], cached_input: [200, 2.125], output: [500, 17] });
    expect(gpt4o.breakdown.lines.map((line) => line.standardPricePerMTok)).toEqual([2.5, 1.25, 10]);
    // o4-mini: standard $1.10 / $0.275 / $4.40 → priority $2.00 / $0.50 / $8.00 (×1.8182 on input).
    const o4mini = expectPriced(pricer.price({ provider: 'openai', model: 'o4-mini-2025-04-16', usage: gpt41, serviceTier: 'priority', timestamp: AT }));
    expectUsd(o4mini.amount, (800 * 2.0) / 1e6 + (200 * 0.5) / 1e6 + (500 * 8.0) / 1e6);
    expect(o4mini.breakdown.serviceTierMultiplier).toBeCloseTo(2.0 / 1.1, 12);
  });

  it('OpenAI priority excludes long context (> 128K prompt tokens) where the page says so', () => {
    const long = { prompt_tokens: 130_000, completion_tokens: 10 };
    expect(pricer.price({ provider: 'openai', model: 'gpt-4.1', usage: long, serviceTier: 'priority', timestamp: AT })).toMatchObject({
      status: 'unknown',
      reason: 'unsupported_service_tier',
      detail: 'GPT-4.1 priority excludes long context (> 128000 input tokens): no priority price for this request',
    });
    // gpt-4o has no such footnote: 130,000 × $4.25 + 10 × $17.00 per MTok.
    const gpt4o = expectPriced(pricer.price({ provider: 'openai', model: 'gpt-4o', usage: long, serviceTier: 'priority', timestamp: AT }));
    expectUsd(gpt4o.amount, (130_000 * 4.25) / 1e6 + (10 * 17.0) / 1e6);
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

  it('Gemini batch (flag), flex (Vertex trafficType) and priority (1.8× where the price is stated)', () => {
    const usage = { promptTokenCount: 1000, candidatesTokenCount: 100 };
    const standard = (1000 * 0.3) / 1e6 + (100 * 2.5) / 1e6;
    const batch = expectPriced(pricer.price({ provider: 'gcp.gemini', model: 'gemini-2.5-flash', usage, batch: true, timestamp: AT }));
    expectUsd(batch.amount, (1000 * 0.15) / 1e6 + (100 * 1.25) / 1e6);
    const flex = expectPriced(
      pricer.price({ provider: 'gcp.vertex_ai', model: 'gemini-2.5-flash', usage: { ...usage, trafficType: 'ON_DEMAND_FLEX' }, timestamp: AT }),
    );
    expectUsd(flex.amount, standard * 0.5);
    // gemini-3.8-flash: $0.75 / $3.75 until 2027-01-01 (genai-prices 0.1.8), priority 1.8× ("Priority tier is 1.8x").
    const priority = expectPriced(pricer.price({ provider: 'gcp.gemini', model: 'gemini-3.8-flash', usage, serviceTier: 'priority', timestamp: AT }));
    expectUsd(priority.amount, (1000 * 0.75 * 1.8) / 1e6 + (100 * 3.75 * 1.8) / 1e6);
    // gemini-2.5-flash: Google gives "75% to 100% more than standard", no price for this model → unknown.
    expect(pricer.price({ provider: 'gcp.gemini', model: 'gemini-2.5-flash', usage, serviceTier: 'priority', timestamp: AT })).toMatchObject({
      status: 'unknown',
      reason: 'unsupported_service_tier',
    });
  });

  it('Gemini batch halves input and output but bills cache hits at the standard cached price', () => {
    // gemini-2.5-flash: $0.30 input, $0.03 cached, $2.50 output. Batch: input 0.30 × 0.5 = 0.15,
    // output 2.50 × 0.5 = 1.25, cached stays 0.03.
    const result = expectPriced(
      pricer.price({
        provider: 'gcp.gemini',
        model: 'gemini-2.5-flash',
        usage: { promptTokenCount: 10_000, cachedContentTokenCount: 8000, candidatesTokenCount: 500 },
        batch: true,
        timestamp: AT,
      }),
    );
    // 2,000 × $0.15 + 8,000 × $0.03 + 500 × $1.25 per MTok = $0.0003 + $0.00024 + $0.000625
    expectUsd(result.amount, (2000 * 0.15) / 1e6 + (8000 * 0.03) / 1e6 + (500 * 1.25) / 1e6);
    expect(result.breakdown.lines).toEqual([
      { tokenClass: 'input', tokens: 2000, pricePerMTok: 0.15, amount: (2000 * 0.15) / 1e6, standardPricePerMTok: 0.3 },
      { tokenClass: 'cached_input', tokens: 8000, pricePerMTok: 0.03, amount: (8000 * 0.03) / 1e6 },
      { tokenClass: 'output', tokens: 500, pricePerMTok: 1.25, amount: (500 * 1.25) / 1e6, standardPricePerMTok: 2.5 },
    ]);
    expect(result.breakdown).toMatchObject({ serviceTier: 'batch', serviceTierMultiplier: 0.5 });
    expect(result.notes).toEqual([
      'batch: ×0.5 except cached_input, cached_input_audio, cached_input_image, cached_input_video, billed at the standard price (gemini-batch)',
    ]);
  });

  it('Gemini batch stacks with the long-context tier (gemini-2.5-pro > 200k)', () => {
    const result = expectPriced(
      pricer.price({
        provider: 'gcp.gemini',
        model: 'gemini-2.5-pro',
        usage: { promptTokenCount: 300_000, candidatesTokenCount: 1000 },
        batch: true,
        timestamp: AT,
      }),
    );
    expectUsd(result.amount, (300_000 * 2.5 * 0.5) / 1e6 + (1000 * 15 * 0.5) / 1e6);
  });

  it('DeepSeek has no documented batch discount → unknown', () => {
    const result = pricer.price({
      provider: 'deepseek',
      model: 'deepseek-chat',
      usage: { prompt_tokens: 10, completion_tokens: 1 },
      batch: true,
      timestamp: new Date('2026-01-10T12:00:00Z'),
    });
    expect(result).toMatchObject({ status: 'unknown', reason: 'unsupported_service_tier' });
  });

  it('prefers the tier reported in usage over the requested one, and batch over both', () => {
    expect(resolveServiceTier(false, 'priority', 'standard')).toBe('standard');
    expect(resolveServiceTier(undefined, 'flex', undefined)).toBe('flex');
    expect(resolveServiceTier(true, 'priority', 'standard')).toBe('batch');
    expect(resolveServiceTier(undefined, undefined, 'ON_DEMAND_PRIORITY')).toBe('priority');
  });
});
