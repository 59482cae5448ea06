import { calcPrice, waitForUpdate, type ModelInfo, type Provider, type Usage } from '@pydantic/genai-prices';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { NormalizedUsage } from '../types.js';
import { emptyUsage } from '../usage/normalize-usage.js';
import { computeCost, splitTokenClasses } from './compute-cost.js';
import { selectPrices } from './price-sheet.js';

const providers: Provider[] = (await waitForUpdate()) ?? [];
const models: { provider: Provider; model: ModelInfo }[] = providers.flatMap((provider) => provider.models.map((model) => ({ provider, model })));

const tokens = fc.oneof(fc.constant(0), fc.integer({ min: 0, max: 2000 }), fc.integer({ min: 0, max: 150_000 }));
/** Modalities and server tools most calls do not have: zero four times out of five. */
const rare = fc.oneof({ arbitrary: fc.constant(0), weight: 4 }, { arbitrary: tokens, weight: 1 });

/** Random usage that respects the subset rules (parts first, totals summed from them). */
const usageArbitrary = fc
  .record({
    text: tokens,
    audio: rare,
    image: rare,
    cachedText: tokens,
    cachedAudio: rare,
    cachedImage: rare,
    write5m: tokens,
    write1h: tokens,
    writeOther: tokens,
    outText: tokens,
    reasoning: tokens,
    outAudio: rare,
    outImage: rare,
    webSearches: fc.oneof({ arbitrary: fc.constant(0), weight: 4 }, { arbitrary: fc.integer({ min: 1, max: 4 }), weight: 1 }),
  })
  .map((p): NormalizedUsage => {
    const cacheRead = p.cachedText + p.cachedAudio + p.cachedImage;
    const writes = p.write5m + p.write1h + p.writeOther;
    return {
      ...emptyUsage(),
      inputTokens: p.text + p.audio + p.image + cacheRead + writes,
      cacheReadInputTokens: cacheRead,
      cacheWriteInputTokens: writes,
      cacheWrite5mInputTokens: p.write5m,
      cacheWrite1hInputTokens: p.write1h,
      inputAudioTokens: p.audio + p.cachedAudio,
      inputImageTokens: p.image + p.cachedImage,
      cacheReadAudioTokens: p.cachedAudio,
      cacheReadImageTokens: p.cachedImage,
      outputTokens: p.outText + p.reasoning + p.outAudio + p.outImage,
      reasoningOutputTokens: p.reasoning,
      outputAudioTokens: p.outAudio,
      outputImageTokens: p.outImage,
      webSearchCalls: p.webSearches,
    };
  });

/** The same usage in genai-prices usage keys (inclusive totals, as its README requires). */
function toGenaiUsage(u: NormalizedUsage): Usage {
  return {
    input_tokens: u.inputTokens,
    cache_read_tokens: u.cacheReadInputTokens,
    cache_write_tokens: u.cacheWriteInputTokens,
    cache_write_5m_tokens: u.cacheWrite5mInputTokens,
    cache_write_1h_tokens: u.cacheWrite1hInputTokens,
    input_audio_tokens: u.inputAudioTokens,
    input_image_tokens: u.inputImageTokens,
    cache_audio_read_tokens: u.cacheReadAudioTokens,
    cache_image_read_tokens: u.cacheReadImageTokens,
    output_tokens: u.outputTokens,
    output_reasoning_tokens: u.reasoningOutputTokens,
    output_audio_tokens: u.outputAudioTokens,
    output_image_tokens: u.outputImageTokens,
    web_searches: u.webSearchCalls,
  };
}

describe('computeCost', () => {
  it('agrees with genai-prices calcPrice on every bundled model, for random usage, tiers and timestamps', () => {
    let compared = 0;
    fc.assert(
      fc.property(
        fc.constantFrom(...models),
        usageArbitrary,
        fc.date({ min: new Date('2024-01-01T00:00:00Z'), max: new Date('2027-06-01T00:00:00Z'), noInvalidDate: true }),
        ({ provider, model }, usage, at) => {
          let expected: number;
          try {
            const reference = calcPrice(toGenaiUsage(usage), model.id, { provider: { ...provider, models: [model] }, timestamp: at });
            if (reference === null) return;
            expected = reference.total_price;
          } catch {
            return; // genai-prices rejects this price set or usage combination; nothing to compare
          }
          const ours = computeCost(usage, selectPrices(model.prices, at));
          if (!ours.ok) {
            // We refuse to price tokens the table has no price for (genai-prices prices them at 0),
            // and audio/image tokens without a price of their modality (genai-prices uses the text price).
            expect(ours.reason).toBe('missing_price');
            return;
          }
          compared++;
          expect(ours.amount).toBeCloseTo(expected, 12);
          const sum = ours.lines.reduce((total, line) => total + line.amount, 0) + ours.fees.reduce((total, fee) => total + fee.amount, 0);
          expect(sum).toBeCloseTo(ours.amount, 12);
        },
      ),
      { numRuns: 3000, seed: 20261122 },
    );
    // Random audio/image tokens on models without prices for them are skipped (missing_price).
    expect(compared).toBeGreaterThan(800);
  });

  it('puts every token in exactly one class', () => {
    fc.assert(
      fc.property(usageArbitrary, (usage) => {
        const classes = splitTokenClasses(usage);
        if (typeof classes === 'string') throw new Error(classes);
        const input = Object.entries(classes)
          .filter(([name]) => name.startsWith('input') || name.startsWith('cache'))
          .reduce((total, [, count]) => total + count, 0);
        const output = Object.entries(classes)
          .filter(([name]) => name.startsWith('output') || name === 'reasoning')
          .reduce((total, [, count]) => total + count, 0);
        expect(input).toBe(usage.inputTokens);
        expect(output).toBe(usage.outputTokens);
        expect(Object.values(classes).every((count) => count >= 0)).toBe(true);
      }),
      { numRuns: 500, seed: 7 },
    );
  });

  it('scales token prices, not per-call fees, by the service-tier multiplier', () => {
    const usage: NormalizedUsage = { ...emptyUsage(), inputTokens: 1000, outputTokens: 100, webSearchCalls: 1 };
    const sheet = { input_mtok: 3, output_mtok: 15, web_searches_kcount: 10 };
    const result = computeCost(usage, sheet, { tier: { kind: 'factor', multiplier: 0.5 } });
    if (!result.ok) throw new Error(result.detail);
    // (1000 × $3 + 100 × $15) / 1e6 × 0.5 + 1 × $10 / 1000
    expect(result.amount).toBeCloseTo(((1000 * 3 + 100 * 15) / 1e6) * 0.5 + 10 / 1000, 12);
  });
});
