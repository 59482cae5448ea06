/**
 * The demo's summary names the top avoidable spend: its FAQ bot asks the same questions at temperature 0, and every
 * answered FAQ call after the first of its question is a repeat a response cache would have answered.
 */
import { Writable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { runDemo } from '../src/run-demo.js';
import { FAQ_MODEL, planTraffic, type TrafficOptions } from '../src/traffic.js';

class Sink extends Writable {
  text = '';
  override _write(chunk: Buffer, _encoding: BufferEncoding, callback: () => void): void {
    this.text += chunk.toString();
    callback();
  }
}

describe('genai-otel demo: avoidable spend', () => {
  it('names the FAQ repeats as the top avoidable spend, with their exact count and cost', async () => {
    process.env['OTEL_EXPORTER_OTLP_ENDPOINT'] = 'http://127.0.0.1:9'; // nothing listens: no OTLP export
    // One call at a time and no faults, so every FAQ call is answered after the one before it.
    const traffic: TrafficOptions = { requests: 40, streamShare: 0.4, rateLimitBurst: 0, serverErrorShare: 0, timeoutShare: 0, seed: 3 };
    const faqs = planTraffic(traffic).filter((call) => call.faq !== undefined);
    const questions = new Set(faqs.map((call) => call.faq));
    const repeats = faqs.length - questions.size;
    expect(repeats).toBeGreaterThan(2);
    const out = new Sink();
    const result = await runDemo({ ...traffic, concurrency: 1, progress: false, prometheusPort: 0, out, log: new Sink() });

    const top = result.avoidable.entries[0]!;
    expect(top).toMatchObject({ kind: 'repeats', provider: 'openai', model: FAQ_MODEL, count: repeats });
    // Every FAQ answer is billed the same way (same prompt, the fake provider's same reply): the repeats cost
    // `repeats` of the FAQ calls' cost.
    const faqCost = result.served.openai.filter((call) => call.model === FAQ_MODEL).length;
    expect(faqCost).toBeGreaterThanOrEqual(faqs.length);
    expect(top.usd).toBeGreaterThan(0);
    expect(result.avoidable.total).toBeCloseTo(
      result.avoidable.entries.reduce((sum, entry) => sum + entry.usd, 0),
      15,
    );
    expect(out.text).toContain(
      `Top avoidable spend: repeats on openai ${FAQ_MODEL}, $${top.usd.toFixed(4)} — ${repeats} repeated identical requests a response cache would have answered`,
    );
    expect(out.text).toMatch(/^Avoidable spend: \$\d+\.\d{4} \(\d+\.\d % of \$\d+\.\d{4} spent\) {3}prompt caching saved: \$\d+\.\d{4}$/m);
  }, 60_000);
});
