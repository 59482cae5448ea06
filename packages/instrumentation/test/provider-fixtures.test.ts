/**
 * The providers' readable fixtures (`@genai-otel/providers/fixtures`: the bodies and streams the parsers are tested
 * with and the fake provider writes) replayed through the instrumented fetch, byte for byte as a server would send
 * them: the caller reads exactly the fixture's bytes, and the span and metrics carry what the fixture says. Expected
 * values are read off the fixture text.
 */
import { readFixture } from '@genai-otel/providers/fixtures';
import { beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { points, setupTelemetry } from './telemetry.js';

const telemetry = setupTelemetry();

beforeAll(() => telemetry.instrumentation.enable());
beforeEach(() => telemetry.reset());

/** A `fetch` that answers every request with `body` (chunked into 64-byte pieces, as a network might). */
function serving(body: string, contentType: string) {
  return async (): Promise<Response> => {
    const bytes = new TextEncoder().encode(body);
    const stream = new ReadableStream<Uint8Array>({
      start(controller) {
        for (let at = 0; at < bytes.length; at += 64) controller.enqueue(bytes.slice(at, at + 64));
        controller.close();
      },
    });
    return new Response(stream, { status: 200, headers: { 'content-type': contentType } });
  };
}

async function call(url: string, request: unknown, body: string, contentType: string): Promise<string> {
  const fetch = telemetry.instrumentation.instrumentFetch(serving(body, contentType));
  const response = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(request) });
  return response.text();
}

describe('provider fixtures through the instrumented fetch', () => {
  it('openai-chat stream with usage: bytes unchanged, span and token metrics as the fixture says', async () => {
    const fixture = readFixture('openai-chat', 'openai-chat-stream-include-usage.sse');
    const request = { model: 'gpt-4o-mini', stream: true, stream_options: { include_usage: true }, messages: [{ role: 'user', content: 'Hi' }] };
    expect(await call('https://api.openai.com/v1/chat/completions', request, fixture, 'text/event-stream; charset=utf-8')).toBe(fixture);
    const [span] = await telemetry.waitForSpans(1);
    expect(span!.name).toBe('chat gpt-4o-mini');
    expect(span!.attributes).toMatchObject({
      'gen_ai.operation.name': 'chat',
      'gen_ai.provider.name': 'openai',
      'gen_ai.request.model': 'gpt-4o-mini',
      'gen_ai.request.stream': true,
      'server.address': 'api.openai.com',
      'server.port': 443,
      'gen_ai.response.id': 'chatcmpl-I31E0TFe4pnzqBnuDj1f3Vdrjdbix',
      'gen_ai.response.model': 'gpt-4o-mini-2024-07-18',
      'gen_ai.response.finish_reasons': ['stop'],
      'openai.response.service_tier': 'default',
      'openai.response.system_fingerprint': 'fp_27bebe765c',
      'gen_ai.usage.input_tokens': 16,
      'gen_ai.usage.output_tokens': 11,
    });
    // Reported zeros (cached_tokens, reasoning_tokens: 0) stay off the span.
    expect(Object.keys(span!.attributes).filter((key) => key.includes('cache') || key.includes('reasoning'))).toEqual([]);
    const metrics = await telemetry.collectMetrics();
    expect(points(metrics.get('gen_ai.client.inference.usage.input_tokens')).map((point) => point.value)).toEqual([16]);
    expect(points(metrics.get('gen_ai.client.inference.usage.output_tokens')).map((point) => point.value)).toEqual([11]);
    // Reported as 0, so each has its one series, at 0.
    expect(points(metrics.get('gen_ai.client.inference.usage.cache_read.input_tokens')).map((point) => point.value)).toEqual([0]);
  });

  it('anthropic-messages body: cache fields read through the one usage reader', async () => {
    const fixture = readFixture('anthropic-messages', 'anthropic-messages.json');
    const request = { model: 'claude-haiku-4-5', max_tokens: 64, messages: [{ role: 'user', content: 'Hi' }] };
    const text = await call('https://api.anthropic.com/v1/messages', request, fixture, 'application/json');
    expect(text).toBe(fixture);
    const [span] = await telemetry.waitForSpans(1);
    expect(span!.name).toBe('chat claude-haiku-4-5');
    expect(span!.attributes).toMatchObject({
      'gen_ai.provider.name': 'anthropic',
      'gen_ai.request.max_tokens': 64,
      'gen_ai.response.id': 'msg_018AuoovG74rJeZqefD7W8H2',
      'gen_ai.response.model': 'claude-haiku-4-5-20251001',
      'gen_ai.response.finish_reasons': ['end_turn'],
      // input_tokens 16 + cache_creation_input_tokens 0 + cache_read_input_tokens 0
      'gen_ai.usage.input_tokens': 16,
      'gen_ai.usage.output_tokens': 9,
    });
  });

  it('gemini stream (CRLF events): bytes unchanged, usage from the last usageMetadata', async () => {
    const fixture = readFixture('gemini', 'gemini-stream.sse');
    const request = { contents: [{ role: 'user', parts: [{ text: 'Hi' }] }] };
    const url = 'https://generativelanguage.googleapis.com/v1beta/models/gemini-2.5-flash:streamGenerateContent?alt=sse';
    expect(await call(url, request, fixture, 'text/event-stream')).toBe(fixture);
    const [span] = await telemetry.waitForSpans(1);
    expect(span!.name).toBe('generate_content gemini-2.5-flash');
    expect(span!.attributes).toMatchObject({
      'gen_ai.provider.name': 'gcp.gemini',
      'gen_ai.request.stream': true,
      'gen_ai.response.id': 'ETAf1Q7LkUzWCRg6juRooF8',
      'gen_ai.response.model': 'gemini-2.5-flash',
      'gen_ai.response.finish_reasons': ['STOP'],
      // promptTokenCount 16; output = candidatesTokenCount 5 + thoughtsTokenCount 4
      'gen_ai.usage.input_tokens': 16,
      'gen_ai.usage.output_tokens': 9,
      'gen_ai.usage.reasoning.output_tokens': 4,
    });
  });
});
