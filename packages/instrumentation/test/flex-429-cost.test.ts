/**
 * A Flex request answered 429 ("Resource Unavailable") is not billed (OpenAI flex-processing guide):
 * through the instrumentation, its span has cost 0. The instrumentation knows the requested tier from
 * the request body (`openai.request.service_tier`); it reaches the pricer through
 * `PricedCallRecord.requestServiceTier` (src/record/cost.ts), which the capture layer sets from
 * `requestedServiceTier(request)` when it builds the call record.
 */
import { startFakeProvider, type FakeProvider } from '@genai-otel/fake-provider';
import OpenAI from 'openai';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { setupTelemetry } from './telemetry.js';

const telemetry = setupTelemetry();
let provider: FakeProvider;
let client: OpenAI;

beforeAll(async () => {
  provider = await startFakeProvider();
  telemetry.instrumentation.setConfig({ providerHosts: { '127.0.0.1': 'openai' } });
  telemetry.instrumentation.enable();
  client = new OpenAI({ apiKey: 'sk-test-not-a-key', baseURL: provider.baseURL, maxRetries: 0 });
});
afterAll(async () => {
  telemetry.instrumentation.disable();
  await provider.stop();
});
beforeEach(() => telemetry.reset());

async function rejected(serviceTier: 'flex' | 'default'): Promise<void> {
  const error = await client.chat.completions
    .create({ model: 'o3', messages: [{ role: 'user', content: 'later' }], service_tier: serviceTier }, { headers: { 'x-fake-fault': '429;retry-after=0' } })
    .catch((caught: unknown) => caught);
  expect(error).toBeInstanceOf(OpenAI.RateLimitError);
  await telemetry.waitForSpans(1);
}

describe('a request answered 429', () => {
  it('costs 0 on its span when it asked for the flex tier', async () => {
    await rejected('flex');
    const [span] = telemetry.spans();
    expect(span!.attributes).toMatchObject({
      'openai.request.service_tier': 'flex',
      'error.type': 'rate_limited',
      'gen_ai.usage.cost.amount': 0,
      'gen_ai.usage.cost.source': 'provider',
    });
  });

  it('is unknown (error_billing_unknown), never 0, at the default tier', async () => {
    await rejected('default');
    const [span] = telemetry.spans();
    expect(span!.attributes['gen_ai.usage.cost.amount']).toBeUndefined();
    expect(span!.attributes['genai_otel.cost.unknown_reason']).toBe('error_billing_unknown');
  });
});
