/**
 * A short demo run: its summary numbers equal what the fake providers served.
 */
import { createPricer } from '@genai-otel/pricing';
import { Writable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { runDemo } from '../src/run-demo.js';

class Sink extends Writable {
  text = '';
  override _write(chunk: Buffer, _encoding: BufferEncoding, callback: () => void): void {
    this.text += chunk.toString();
    callback();
  }
}

describe('genai-otel demo', () => {
  it('summarises exactly the traffic the fake providers served', async () => {
    process.env['OTEL_EXPORTER_OTLP_ENDPOINT'] = 'http://127.0.0.1:9'; // nothing listens: no OTLP export
    const out = new Sink();
    const log = new Sink();
    const result = await runDemo({
      requests: 60,
      concurrency: 6,
      streamShare: 0.4,
      rateLimitBurst: 6,
      serverErrorShare: 0.1,
      timeoutShare: 0.03,
      seed: 7,
      progress: false,
      prometheusPort: 0,
      out,
      log,
    });
    const served = Object.values(result.served).flat();
    const byStatus = (...statuses: number[]) => served.filter((call) => statuses.includes(call.status)).length;
    const { summary } = result;

    expect(served).toHaveLength(60);
    expect(summary.requests).toBe(60);
    expect(summary.errors).toEqual(
      Object.fromEntries(
        [
          ['rate_limited', byStatus(429)],
          ['server_error', byStatus(500)],
          ['overloaded', byStatus(503, 529)],
          ['timeout', byStatus(0)],
        ].filter(([, count]) => (count as number) > 0),
      ),
    );
    expect(summary.succeeded).toBe(byStatus(200));
    expect(byStatus(429)).toBeGreaterThan(0);
    expect(new Set(served.map((call) => call.api))).toEqual(new Set(['openai.chat', 'anthropic.messages', 'gemini']));
    // Token totals in the conventions' terms, from each API's own usage fields.
    const tokens = { input: 0, output: 0, cacheRead: 0, reasoning: 0 };
    for (const call of served) {
      if (call.status !== 200 || !call.usage) continue;
      if (call.api === 'openai.chat') {
        tokens.input += call.usage.prompt_tokens;
        tokens.output += call.usage.completion_tokens;
        tokens.cacheRead += call.usage.prompt_tokens_details?.cached_tokens ?? 0;
        tokens.reasoning += call.usage.completion_tokens_details?.reasoning_tokens ?? 0;
      } else if (call.api === 'anthropic.messages') {
        const cacheRead = call.usage.cache_read_input_tokens ?? 0;
        tokens.input += call.usage.input_tokens + cacheRead + (call.usage.cache_creation_input_tokens ?? 0);
        tokens.output += call.usage.output_tokens;
        tokens.cacheRead += cacheRead;
      } else if (call.api === 'gemini') {
        tokens.input += call.usage.promptTokenCount ?? 0;
        tokens.output += (call.usage.candidatesTokenCount ?? 0) + (call.usage.thoughtsTokenCount ?? 0);
        tokens.cacheRead += call.usage.cachedContentTokenCount ?? 0;
        tokens.reasoning += call.usage.thoughtsTokenCount ?? 0;
      }
    }
    expect(summary.tokens).toEqual(tokens);
    for (const row of summary.byModel) {
      const calls = served.filter((call) => call.model === row.model);
      expect(row.requests).toBe(calls.length);
      expect(row.errors).toBe(calls.filter((call) => call.status !== 200).length);
    }
    expect(out.text).toContain(`Requests: 60   succeeded: ${byStatus(200)}   failed: ${60 - byStatus(200)}`);
    // Failed calls carry no usage to price: only answered calls the pricer cannot price are unpriced
    // (deepseek-v4-pro has had no placeable tariff since 2026-09-14; DeepSeek's tariffs depend on the hour).
    const pricer = createPricer();
    const provider = { openai: 'openai', deepseek: 'deepseek', anthropic: 'anthropic', gemini: 'gcp.gemini' } as const;
    const unpriced = Object.entries(result.served).flatMap(([target, calls]) =>
      calls.filter(
        (call) =>
          call.status === 200 &&
          pricer.price({
            provider: provider[target as keyof typeof provider],
            model: call.model,
            usage: call.usage,
            usageFormat: call.api === 'openai.chat' ? 'openai.chat' : call.api === 'gemini' ? 'gemini' : 'anthropic.messages',
          }).status !== 'priced',
      ),
    );
    expect(unpriced.every((call) => call.model.startsWith('deepseek-'))).toBe(true);
    expect(summary.unpriced).toBe(unpriced.length);
    expect(out.text).toContain(`answered but unpriced: ${unpriced.length}   failed (no usage to price): ${60 - byStatus(200)}`);
    expect(out.text).toMatch(/^metric +unit +type +series$/m);
    expect(out.text).toMatch(/^gen_ai\.client\.inference\.duration +s +HISTOGRAM +\d+$/m);
    expect(log.text).toContain('no OTLP collector at http://127.0.0.1:9: not exporting OTLP');
  });

  it('runs for a duration instead of a number of requests', async () => {
    const out = new Sink();
    const result = await runDemo({
      requests: Number.POSITIVE_INFINITY,
      durationSeconds: 1,
      concurrency: 4,
      streamShare: 0.4,
      rateLimitBurst: 0,
      serverErrorShare: 0,
      timeoutShare: 0,
      seed: 3,
      progress: false,
      prometheusPort: 0,
      out,
      log: new Sink(),
    });
    const served = Object.values(result.served).flat();
    expect(served.length).toBeGreaterThan(4);
    expect(result.summary.requests).toBe(served.length);
    expect(result.summary.succeeded).toBe(served.length);
  });
});
