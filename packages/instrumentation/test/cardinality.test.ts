/**
 * Model names cannot blow up metric cardinality: 10,000 distinct model names sent through the fake
 * provider leave at most `maxModelNames` + `_OTHER` values per instrument, and the excess is counted.
 */
import { startFakeProvider, type FakeProvider } from '@genai-otel/fake-provider';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { setupTelemetry } from './telemetry.js';

const telemetry = setupTelemetry({ maxModelNames: 50 });
let provider: FakeProvider;

beforeAll(async () => {
  provider = await startFakeProvider();
  telemetry.instrumentation.enable();
});
afterAll(async () => {
  telemetry.instrumentation.disable();
  await provider.stop();
});

describe('model name cap', () => {
  it('keeps 10,000 distinct model names to 50 + _OTHER series per instrument', { timeout: 120_000 }, async () => {
    await telemetry.reset();
    const total = 10_000;
    let next = 0;
    const worker = async () => {
      while (next < total) {
        const index = next++;
        const response = await fetch(`${provider.baseURL}/chat/completions`, {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify({ model: `tenant-${index}-model`, messages: [{ role: 'user', content: 'x' }] }),
        });
        await response.arrayBuffer();
      }
    };
    await Promise.all(Array.from({ length: 16 }, worker));
    await telemetry.waitForSpans(total);
    const metrics = await telemetry.collectMetrics();

    const duration = metrics.get('gen_ai.client.inference.duration')!;
    const requestModels = new Set(duration.dataPoints.map((point) => point.attributes['gen_ai.request.model']));
    // Request and response models share the budget: the fake echoes unknown models, so each call
    // brings one new name, and 50 names are admitted before the cap.
    expect(requestModels.size).toBe(51);
    expect(requestModels.has('_OTHER')).toBe(true);
    expect(duration.dataPoints.length).toBe(51);
    const capped = metrics.get('genai_otel.metrics.model_names_capped')!;
    // Every capped call records its (new) request and response model as capped, once per instrument
    // call site: the counter counts values, so it is at least the number of capped calls.
    const cappedValues = capped.dataPoints.reduce((sum, point) => sum + (point.value as number), 0);
    expect(cappedValues).toBeGreaterThanOrEqual(total - 50);
    // Spans keep the real names.
    expect(new Set(telemetry.spans().map((span) => span.attributes['gen_ai.request.model'])).size).toBe(total);
  });
});
