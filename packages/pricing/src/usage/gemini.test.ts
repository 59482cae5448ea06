import { describe, expect, it } from 'vitest';
import { createPricer } from '../create-pricer.js';
import { AT, expectPriced, expectUsd, linesOf } from '../../test/expect-priced.js';

// gemini-2.5-flash list prices, USD per 1M tokens (ai.google.dev/gemini-api/docs/pricing as encoded in
// @pydantic/genai-prices 0.1.8, checked 2026-11-22): input $0.30 (text/image/video), audio input $1.00,
// cached input $0.03, cached audio $0.10, output $2.50 "including thinking tokens"; no long-context tier.
// gemini-2.5-pro: $1.25 in / $0.125 cached / $10 out up to 200k prompt tokens, $2.50 / $0.25 / $15 above
// (billing-rules.md §4.1 and §7.3).
const pricer = createPricer();

describe('Gemini usageMetadata', () => {
  it('bills thoughts as output on top of candidates (candidates exclude thoughts)', () => {
    const result = expectPriced(
      pricer.price({
        provider: 'gcp.gemini',
        model: 'gemini-2.5-flash',
        usage: { promptTokenCount: 1000, candidatesTokenCount: 200, thoughtsTokenCount: 300, totalTokenCount: 1500 },
        timestamp: AT,
      }),
    );
    expectUsd(result.amount, (1000 * 0.3) / 1e6 + ((200 + 300) * 2.5) / 1e6);
    expect(linesOf(result)).toEqual({ input: [1000, 0.3], output: [200, 2.5], reasoning: [300, 2.5] });
    expect(result.breakdown.outputTokens).toBe(500);
  });

  it('bills cached content as a subset of the prompt', () => {
    const result = expectPriced(
      pricer.price({
        provider: 'gcp.vertex_ai',
        model: 'gemini-2.5-flash',
        usage: { promptTokenCount: 10_000, cachedContentTokenCount: 4000, candidatesTokenCount: 100 },
        timestamp: AT,
      }),
    );
    expectUsd(result.amount, ((10_000 - 4000) * 0.3) / 1e6 + (4000 * 0.03) / 1e6 + (100 * 2.5) / 1e6);
  });

  it('prices audio input at the audio rate (modality details)', () => {
    const result = expectPriced(
      pricer.price({
        provider: 'gcp.gemini',
        model: 'models/gemini-2.5-flash',
        usage: {
          promptTokenCount: 1000,
          promptTokensDetails: [
            { modality: 'TEXT', tokenCount: 400 },
            { modality: 'AUDIO', tokenCount: 600 },
          ],
          candidatesTokenCount: 50,
        },
        timestamp: AT,
      }),
    );
    expectUsd(result.amount, (400 * 0.3) / 1e6 + (600 * 1.0) / 1e6 + (50 * 2.5) / 1e6);
    expect(linesOf(result)).toEqual({ input: [400, 0.3], input_audio: [600, 1], output: [50, 2.5] });
  });

  it('adds tool-use prompt tokens to the input', () => {
    const result = expectPriced(
      pricer.price({
        provider: 'gcp.gemini',
        model: 'gemini-2.5-flash',
        usage: { promptTokenCount: 1000, toolUsePromptTokenCount: 250, candidatesTokenCount: 10 },
        timestamp: AT,
      }),
    );
    expectUsd(result.amount, ((1000 + 250) * 0.3) / 1e6 + (10 * 2.5) / 1e6);
  });

  it('reprices the whole request above 200k prompt tokens (gemini-2.5-pro, billing-rules.md §7.3: $0.67)', () => {
    const result = expectPriced(
      pricer.price({
        provider: 'gcp.gemini',
        model: 'gemini-2.5-pro',
        usage: { usageMetadata: { promptTokenCount: 250_000, candidatesTokenCount: 1000, thoughtsTokenCount: 2000 } },
        timestamp: AT,
      }),
    );
    expectUsd(result.amount, (250_000 * 2.5) / 1e6 + ((1000 + 2000) * 15) / 1e6);
    expectUsd(result.amount, 0.67);
    expect(result.breakdown.longContext).toBe(true);
  });

  it('keeps the ≤ 200k tier at exactly 200,000 prompt tokens, cache included', () => {
    const result = expectPriced(
      pricer.price({
        provider: 'gcp.gemini',
        model: 'gemini-2.5-pro',
        usage: { promptTokenCount: 200_000, cachedContentTokenCount: 150_000, candidatesTokenCount: 1000 },
        timestamp: AT,
      }),
    );
    expectUsd(result.amount, (50_000 * 1.25) / 1e6 + (150_000 * 0.125) / 1e6 + (1000 * 10) / 1e6);
    expect(result.breakdown.longContext).toBe(false);
  });
});
