import { describe, expect, it } from 'vitest';
import { createPricer } from '../create-pricer.js';
import { AT, expectPriced, expectUsd } from '../../test/expect-priced.js';

const pricer = createPricer();

describe('failed and aborted calls', () => {
  it('Gemini HTTP 4xx/5xx without usage cost 0 with a reason (Gemini API billing FAQ)', () => {
    for (const httpStatus of [400, 500, 503]) {
      const result = expectPriced(
        pricer.price({ provider: 'gcp.gemini', model: 'gemini-2.5-flash', usage: undefined, outcome: 'http_error', httpStatus, timestamp: AT }),
      );
      expect(result).toMatchObject({ amount: 0, source: 'provider', zeroCostReason: 'error_not_billed' });
      expect(result.notes?.[0]).toContain('Google does not bill');
    }
  });

  it('Azure OpenAI 429 and 401 are not billed; a 400 (content filter may be billed) is unknown', () => {
    const rateLimited = pricer.price({ provider: 'azure.ai.openai', model: 'gpt-4.1', usage: null, outcome: 'http_error', httpStatus: 429 });
    expect(rateLimited).toMatchObject({ status: 'priced', amount: 0, zeroCostReason: 'error_not_billed' });
    const unauthorized = pricer.price({ provider: 'azure.ai.openai', model: 'gpt-4.1', usage: null, outcome: 'http_error', httpStatus: 401 });
    expect(unauthorized).toMatchObject({ status: 'priced', amount: 0 });
    const filtered = pricer.price({ provider: 'azure.ai.openai', model: 'gpt-4.1', usage: null, outcome: 'http_error', httpStatus: 400 });
    expect(filtered).toMatchObject({ status: 'unknown', reason: 'error_billing_unknown' });
  });

  it('a Flex request rejected with 429 is not billed: the requested tier decides, the call was never served', () => {
    // OpenAI flex-processing guide: "429 Resource Unavailable" when capacity is lacking — not charged.
    const flex429 = pricer.price({ provider: 'openai', model: 'o3', usage: undefined, outcome: 'http_error', httpStatus: 429, requestedServiceTier: 'flex' });
    expect(flex429).toMatchObject({ status: 'priced', amount: 0, source: 'provider', zeroCostReason: 'error_not_billed' });
    expect(flex429.status === 'priced' && flex429.notes).toEqual(['OpenAI does not bill a Flex 429 Resource Unavailable (flex-processing guide)']);
    // The same 429 requested at the default tier is not documented as unbilled.
    expect(
      pricer.price({ provider: 'openai', model: 'o3', usage: undefined, outcome: 'http_error', httpStatus: 429, requestedServiceTier: 'default' }),
    ).toMatchObject({
      status: 'unknown',
      reason: 'error_billing_unknown',
    });
    // A served call is priced by the served tier, never the requested one (BerriAI/litellm#31837):
    // flex requested, default served → standard o3 prices $2 / $8.
    const served = expectPriced(
      pricer.price({
        provider: 'openai',
        model: 'o3',
        usage: { prompt_tokens: 100, completion_tokens: 10 },
        requestedServiceTier: 'flex',
        serviceTier: 'default',
        timestamp: AT,
      }),
    );
    expectUsd(served.amount, (100 * 2) / 1e6 + (10 * 8) / 1e6);
  });

  it('OpenAI Flex 429 is not billed; an OpenAI 500 without usage is unknown', () => {
    const flex429 = pricer.price({ provider: 'openai', model: 'o3', usage: undefined, outcome: 'http_error', httpStatus: 429, serviceTier: 'flex' });
    expect(flex429).toMatchObject({ status: 'priced', amount: 0, zeroCostReason: 'error_not_billed' });
    const server = pricer.price({ provider: 'openai', model: 'gpt-4.1', usage: undefined, outcome: 'http_error', httpStatus: 500 });
    expect(server).toMatchObject({ status: 'unknown', reason: 'error_billing_unknown' });
  });

  it('an errored Anthropic batch request is not billed (batch-processing docs)', () => {
    const result = pricer.price({ provider: 'anthropic', model: 'claude-sonnet-4-5', usage: undefined, outcome: 'http_error', batch: true });
    expect(result).toMatchObject({ status: 'priced', amount: 0 });
  });

  it('an aborted stream or a timeout without usage is unknown (aborted), never 0', () => {
    for (const outcome of ['aborted', 'timeout'] as const) {
      const result = pricer.price({ provider: 'openai', model: 'gpt-4.1', usage: undefined, outcome });
      expect(result).toMatchObject({ status: 'unknown', reason: 'aborted' });
    }
    // Google documents that an aborted request keeps running and is still charged.
    expect(pricer.price({ provider: 'gcp.gemini', model: 'gemini-2.5-flash', usage: null, outcome: 'aborted' })).toMatchObject({
      status: 'unknown',
      reason: 'aborted',
    });
  });

  it('an aborted Anthropic stream with message_start usage is priced as a lower bound', () => {
    // claude-sonnet-4-5: $3 in, $15 out (Anthropic pricing docs, billing-rules.md §3.2).
    const result = expectPriced(
      pricer.price({
        provider: 'anthropic',
        model: 'claude-sonnet-4-5',
        usage: { input_tokens: 2000, output_tokens: 1 },
        outcome: 'aborted',
        timestamp: AT,
      }),
    );
    expectUsd(result.amount, (2000 * 3) / 1e6 + (1 * 15) / 1e6);
    expect(result.partial).toBe(true);
  });

  it('a successful call without usage is unknown (no_usage)', () => {
    expect(pricer.price({ provider: 'openai', model: 'gpt-4.1', usage: null })).toMatchObject({ status: 'unknown', reason: 'no_usage' });
  });

  it('an HTTP error that still returned usage is priced from it', () => {
    // gpt-4.1: $2.00 in, $8.00 out (OpenAI pricing page, billing-rules.md §2.5).
    const result = expectPriced(
      pricer.price({
        provider: 'openai',
        model: 'gpt-4.1',
        usage: { prompt_tokens: 100, completion_tokens: 0 },
        outcome: 'http_error',
        httpStatus: 400,
        timestamp: AT,
      }),
    );
    expectUsd(result.amount, (100 * 2.0) / 1e6);
  });
});
