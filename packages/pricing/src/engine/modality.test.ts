import { describe, expect, it } from 'vitest';
import { createPricer } from '../create-pricer.js';
import { AT, expectPriced, expectUsd, linesOf } from '../../test/expect-priced.js';

// Prices (USD per 1M tokens) as in @pydantic/genai-prices 0.1.8, checked 2026-12-07:
// gpt-4o-audio-preview $2.50 input / $10.00 output, no audio prices;
// gpt-realtime text $4 / $16, audio $32 / $64 (billing-rules.md §2.5);
// gemini-2.5-flash $0.30 input (text / image / video), $1.00 audio, $2.50 output (ai.google.dev pricing);
// gpt-4.1 $2.00 / $8.00 (image inputs are billed as input tokens: platform.openai.com/docs/guides/images-vision);
// grok-4-0709 $3 / $15, no image price.
const pricer = createPricer();

describe('a token class without a price of its modality', () => {
  it('makes an audio call on a model with text prices only unknown (missing_price, naming the class), never the text price', () => {
    const result = pricer.price({
      provider: 'openai',
      model: 'gpt-4o-audio-preview',
      usage: { prompt_tokens: 1000, completion_tokens: 500, prompt_tokens_details: { audio_tokens: 800 }, completion_tokens_details: { audio_tokens: 400 } },
      timestamp: AT,
    });
    expect(result).toEqual({
      status: 'unknown',
      reason: 'missing_price',
      currency: 'USD',
      dataVersion: 'genai-prices@0.1.8',
      detail: 'no price for input_audio tokens (input_audio_mtok) (openai/gpt-4o-audio-preview)',
    });
    // Output audio alone names the output class.
    const outputOnly = pricer.price({
      provider: 'openai',
      model: 'gpt-4o-audio-preview',
      usage: { prompt_tokens: 100, completion_tokens: 500, completion_tokens_details: { audio_tokens: 400 } },
      timestamp: AT,
    });
    expect(outputOnly).toMatchObject({
      status: 'unknown',
      reason: 'missing_price',
      detail: 'no price for output_audio tokens (output_audio_mtok) (openai/gpt-4o-audio-preview)',
    });
  });

  it('bills audio at the audio price where the model has one (gpt-realtime)', () => {
    const result = expectPriced(
      pricer.price({
        provider: 'openai',
        model: 'gpt-realtime',
        usage: { prompt_tokens: 1000, completion_tokens: 500, prompt_tokens_details: { audio_tokens: 800 }, completion_tokens_details: { audio_tokens: 400 } },
        timestamp: AT,
      }),
    );
    // 200 × $4 + 800 × $32 + 100 × $16 + 400 × $64 per MTok = $0.0008 + $0.0256 + $0.0016 + $0.0256
    expectUsd(result.amount, (200 * 4) / 1e6 + (800 * 32) / 1e6 + (100 * 16) / 1e6 + (400 * 64) / 1e6);
    expect(linesOf(result)).toEqual({ input: [200, 4], input_audio: [800, 32], output: [100, 16], output_audio: [400, 64] });
  });

  it('bills Gemini image tokens at the text input price (one price for text / image / video) and audio at its own', () => {
    const result = expectPriced(
      pricer.price({
        provider: 'gcp.gemini',
        model: 'gemini-2.5-flash',
        usage: {
          promptTokenCount: 1500,
          promptTokensDetails: [
            { modality: 'TEXT', tokenCount: 400 },
            { modality: 'AUDIO', tokenCount: 600 },
            { modality: 'IMAGE', tokenCount: 500 },
          ],
          candidatesTokenCount: 100,
        },
        timestamp: AT,
      }),
    );
    // 400 × $0.30 + 600 × $1.00 + 500 × $0.30 + 100 × $2.50 per MTok
    expectUsd(result.amount, (400 * 0.3) / 1e6 + (600 * 1.0) / 1e6 + (500 * 0.3) / 1e6 + (100 * 2.5) / 1e6);
    expect(linesOf(result)).toEqual({ input: [400, 0.3], input_audio: [600, 1], input_image: [500, 0.3], output: [100, 2.5] });
  });

  it('bills OpenAI image input tokens as input tokens; a provider that does not document it is unknown', () => {
    const usage = { prompt_tokens: 1000, completion_tokens: 100, prompt_tokens_details: { image_tokens: 300 } };
    const openai = expectPriced(pricer.price({ provider: 'openai', model: 'gpt-4.1', usage, timestamp: AT }));
    // 700 × $2 + 300 × $2 + 100 × $8 per MTok
    expectUsd(openai.amount, (700 * 2) / 1e6 + (300 * 2) / 1e6 + (100 * 8) / 1e6);
    expect(pricer.price({ provider: 'x_ai', model: 'grok-4-0709', usage, timestamp: AT })).toMatchObject({
      status: 'unknown',
      reason: 'missing_price',
      detail: 'no price for input_image tokens (input_image_mtok) (x-ai/grok-4-0709)',
    });
  });

  it('requires a custom entry to price a modality it uses', () => {
    const custom = createPricer({ customPrices: { models: [{ model: 'voice-1', provider: 'acme', prices: { input: 1, output: 2 } }] } });
    const usage = { prompt_tokens: 100, completion_tokens: 10, prompt_tokens_details: { audio_tokens: 50 } };
    expect(custom.price({ provider: 'acme', model: 'voice-1', usage, usageFormat: 'openai.chat', timestamp: AT })).toMatchObject({
      status: 'unknown',
      reason: 'missing_price',
      detail: 'no price for input_audio tokens (input_audio_mtok) (acme/voice-1)',
    });
  });
});
