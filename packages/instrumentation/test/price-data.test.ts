/**
 * Newer price data through the instrumentation (`priceData`, or `GENAI_OTEL_PRICE_DATA`): the span's cost and
 * data version come from the loaded file, in genai-prices' own format. The "newer" data is the bundled data with
 * gpt-4.1 at $2.50 input / $0.60 cached / $9.00 output per million tokens (made-up numbers standing for a price
 * change; the bundled list price is $2.00 / $0.50 / $8.00).
 */
import { startFakeProvider, type FakeProvider } from '@genai-otel/fake-provider';
import { waitForUpdate, type Provider } from '@pydantic/genai-prices';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import OpenAI from 'openai';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { setupTelemetry } from './telemetry.js';

const dir = mkdtempSync(join(tmpdir(), 'genai-otel-price-data-'));
const file = join(dir, 'data.json');
const bundled: Provider[] = (await waitForUpdate()) ?? [];
writeFileSync(
  file,
  JSON.stringify(
    bundled.map((provider) =>
      provider.id !== 'openai'
        ? provider
        : {
            ...provider,
            models: provider.models.map((model) =>
              model.id === 'gpt-4.1' ? { ...model, prices: { input_mtok: 2.5, cache_read_mtok: 0.6, output_mtok: 9 } } : model,
            ),
          },
    ),
  ),
);

const telemetry = setupTelemetry({ priceData: file, providerHosts: { '127.0.0.1': 'openai' } });
let provider: FakeProvider;

beforeAll(async () => {
  provider = await startFakeProvider();
  telemetry.instrumentation.enable();
});
afterAll(async () => {
  telemetry.instrumentation.disable();
  await provider.stop();
  rmSync(dir, { recursive: true, force: true });
});

describe('priceData', () => {
  it('prices the call with the loaded data and says which data it was', async () => {
    const client = new OpenAI({ apiKey: 'sk-test-not-a-key', baseURL: provider.baseURL, maxRetries: 0 });
    await client.chat.completions.create(
      { model: 'gpt-4.1', messages: [{ role: 'user', content: 'price me' }] },
      { headers: { 'x-fake-usage': 'prompt=1000,completion=500,cached=200' } },
    );
    const [span] = await telemetry.waitForSpans(1);
    // 800 uncached input × $2.50 + 200 cached × $0.60 + 500 output × $9.00, per million tokens.
    expect(span!.attributes['gen_ai.usage.cost.amount']).toBeCloseTo((800 * 2.5 + 200 * 0.6 + 500 * 9) / 1e6, 12);
    expect(span!.attributes['genai_otel.cost.data_version']).toMatch(/^genai-prices-data@[0-9a-f]+$/);
  });
});
