/**
 * A short demo run: its summary numbers equal what the fake providers served.
 */
import { Writable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { runDemo } from '../src/demo/run-demo.js';

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
    const served = [...result.served.openai, ...result.served.deepseek];
    const byStatus = (status: number) => served.filter((call) => call.status === status).length;
    const { summary } = result;

    expect(served).toHaveLength(60);
    expect(summary.requests).toBe(60);
    expect(summary.errors).toEqual(
      Object.fromEntries(
        [
          ['rate_limited', byStatus(429)],
          ['server_error', byStatus(500)],
          ['overloaded', byStatus(503)],
          ['timeout', byStatus(0)],
        ].filter(([, count]) => (count as number) > 0),
      ),
    );
    expect(summary.succeeded).toBe(byStatus(200));
    expect(byStatus(429)).toBeGreaterThan(0);
    const usage = served.flatMap((call) => (call.api === 'openai.chat' && call.usage ? [call.usage] : []));
    expect(summary.tokens).toEqual({
      input: usage.reduce((sum, item) => sum + item.prompt_tokens, 0),
      output: usage.reduce((sum, item) => sum + item.completion_tokens, 0),
      cacheRead: usage.reduce((sum, item) => sum + (item.prompt_tokens_details?.cached_tokens ?? 0), 0),
      reasoning: usage.reduce((sum, item) => sum + (item.completion_tokens_details?.reasoning_tokens ?? 0), 0),
    });
    for (const row of summary.byModel) {
      const calls = served.filter((call) => call.model === row.model);
      expect(row.requests).toBe(calls.length);
      expect(row.errors).toBe(calls.filter((call) => call.status !== 200).length);
    }
    expect(out.text).toContain(`Requests: 60   succeeded: ${byStatus(200)}   failed: ${60 - byStatus(200)}`);
    expect(out.text).toContain('gen_ai.client.inference.duration');
    expect(log.text).toContain('no OTLP collector at http://127.0.0.1:9: not exporting OTLP');
  });
});
