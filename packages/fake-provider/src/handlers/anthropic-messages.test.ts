// The Anthropic Messages route over plain HTTP: golden wire output, headers, errors, usage, ledger.
// The same route through the real @anthropic-ai/sdk is in anthropic-messages-sdk.test.ts.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { fixturePath } from '@genai-otel/providers/fixtures';
import { FIXED_CLOCK, headersOf, postJson, prettyJson, readUntilError, sseEvents } from '../../test/helpers/http.js';
import { startFakeProvider } from '../server.js';
import type { AnthropicMessagesUsage, FakeProvider } from '../types.js';

const PATH = '/v1/messages';

let provider: FakeProvider;
beforeEach(async () => {
  provider = await startFakeProvider({ clock: FIXED_CLOCK });
});
afterEach(async () => {
  await provider.stop();
});

function messagesBody(overrides: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    model: 'claude-haiku-4-5',
    max_tokens: 256,
    system: 'You are terse.',
    messages: [{ role: 'user', content: 'Say hello.' }],
    ...overrides,
  };
}

const thinkingBody = messagesBody({
  model: 'claude-sonnet-4-6',
  max_tokens: 2048,
  thinking: { type: 'enabled', budget_tokens: 1024 },
});

function usage(overrides: Partial<AnthropicMessagesUsage>): AnthropicMessagesUsage {
  return {
    input_tokens: 0,
    cache_creation_input_tokens: 0,
    cache_read_input_tokens: 0,
    cache_creation: { ephemeral_5m_input_tokens: 0, ephemeral_1h_input_tokens: 0 },
    output_tokens: 0,
    service_tier: 'standard',
    inference_geo: 'not_available',
    ...overrides,
  };
}

interface MessageJson {
  model: string;
  content: Array<{ type: string; text?: string; thinking?: string }>;
  stop_reason: string;
  usage: AnthropicMessagesUsage;
}

async function messageOf(response: Response | Promise<Response>): Promise<MessageJson> {
  return (await (await response).json()) as MessageJson;
}

/** Events of a stream as parsed JSON objects, with their `event:` name. */
async function streamOf(response: Response): Promise<Array<{ name?: string; data: Record<string, unknown> }>> {
  return sseEvents(await response.text()).map((event) => ({ name: event.event, data: JSON.parse(event.data) }));
}

describe('golden wire output (fixed clock)', () => {
  it('non-stream message', async () => {
    const response = await postJson(provider, PATH, messagesBody());
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe('application/json');
    const body = await response.text();
    expect(body).toBe(JSON.stringify(JSON.parse(body)));
    await expect(prettyJson(body)).toMatchFileSnapshot(fixturePath('anthropic-messages', 'anthropic-messages.json'));
  });

  it('stream', async () => {
    const response = await postJson(provider, PATH, messagesBody({ stream: true }));
    expect(response.headers.get('content-type')).toBe('text/event-stream; charset=utf-8');
    await expect(await response.text()).toMatchFileSnapshot(fixturePath('anthropic-messages', 'anthropic-messages-stream.sse'));
  });

  it('stream with thinking', async () => {
    const response = await postJson(provider, PATH, { ...thinkingBody, stream: true });
    await expect(await response.text()).toMatchFileSnapshot(fixturePath('anthropic-messages', 'anthropic-messages-thinking-stream.sse'));
  });
});

describe('wire format', () => {
  it('streams message_start, content_block_start, ping, text deltas, content_block_stop, message_delta, message_stop', async () => {
    const events = await streamOf(await postJson(provider, PATH, messagesBody({ stream: true })));
    const names = events.map((event) => event.name);
    expect(names.slice(0, 3)).toEqual(['message_start', 'content_block_start', 'ping']);
    expect(names.slice(-3)).toEqual(['content_block_stop', 'message_delta', 'message_stop']);
    expect(new Set(names.slice(3, -3))).toEqual(new Set(['content_block_delta']));
    for (const event of events) expect(event.data.type).toBe(event.name);
  });

  it('the stream has the same content and final usage as the non-stream body; message_delta usage is cumulative', async () => {
    const message = await messageOf(postJson(provider, PATH, messagesBody()));
    const events = await streamOf(await postJson(provider, PATH, messagesBody({ stream: true })));
    const start = events[0]?.data.message as { usage: AnthropicMessagesUsage };
    const delta = events.find((event) => event.name === 'message_delta')?.data as {
      delta: Record<string, unknown>;
      usage: Record<string, unknown>;
    };
    const text = events
      .filter((event) => event.name === 'content_block_delta')
      .map((event) => (event.data.delta as { text: string }).text)
      .join('');
    expect(text).toBe(message.content[0]?.text);
    expect(start.usage).toEqual({ ...message.usage, output_tokens: 1 });
    expect(delta.delta).toEqual({ stop_reason: message.stop_reason, stop_sequence: null, stop_details: null });
    expect(delta.usage).toEqual({
      input_tokens: message.usage.input_tokens,
      cache_creation_input_tokens: 0,
      cache_read_input_tokens: 0,
      output_tokens: message.usage.output_tokens,
    });
  });

  it('thinking: a thinking block first, thinking tokens inside output_tokens and in output_tokens_details', async () => {
    const message = await messageOf(postJson(provider, PATH, thinkingBody));
    expect(message.content.map((block) => block.type)).toEqual(['thinking', 'text']);
    const thinking = message.usage.output_tokens_details?.thinking_tokens ?? 0;
    expect(thinking).toBeGreaterThan(0);
    expect(message.content[0]?.thinking?.split(' ')).toHaveLength(thinking);
    expect(message.content[1]?.text?.split(' ')).toHaveLength(message.usage.output_tokens - thinking);
  });

  it('resolves aliases to dated snapshots and echoes newer or unknown models', async () => {
    const models = [];
    for (const model of ['claude-haiku-4-5', 'claude-sonnet-4-5', 'claude-sonnet-4-6', 'my-claude']) {
      models.push((await messageOf(postJson(provider, PATH, messagesBody({ model })))).model);
    }
    expect(models).toEqual(['claude-haiku-4-5-20251001', 'claude-sonnet-4-5-20250929', 'claude-sonnet-4-6', 'my-claude']);
  });

  it('caps output at max_tokens with stop_reason max_tokens', async () => {
    const message = await messageOf(postJson(provider, PATH, messagesBody({ max_tokens: 2 })));
    expect(message.stop_reason).toBe('max_tokens');
    expect(message.usage.output_tokens).toBe(2);
    expect(message.content[0]?.text?.split(' ')).toHaveLength(2);
  });

  it('sends request-id and anthropic-ratelimit-* headers with RFC 3339 resets', async () => {
    const headers = headersOf(await postJson(provider, PATH, messagesBody()));
    expect(headers['request-id']).toMatch(/^req_011C[0-9A-Za-z]{20}$/);
    expect(headers).toMatchObject({
      'anthropic-ratelimit-requests-limit': '4000',
      'anthropic-ratelimit-requests-remaining': '3999',
      'anthropic-ratelimit-requests-reset': '2025-06-15T15:06:40Z',
      'anthropic-ratelimit-input-tokens-limit': '2000000',
      'anthropic-ratelimit-input-tokens-remaining': String(2_000_000 - 16),
      'anthropic-ratelimit-input-tokens-reset': '2025-06-15T15:06:40Z',
      'anthropic-ratelimit-output-tokens-limit': '400000',
      'anthropic-ratelimit-output-tokens-remaining': String(400_000 - 256),
      'anthropic-ratelimit-output-tokens-reset': '2025-06-15T15:06:40Z',
      'anthropic-ratelimit-tokens-limit': '2400000',
      'anthropic-ratelimit-tokens-remaining': String(2_400_000 - 16 - 256),
      'anthropic-ratelimit-tokens-reset': '2025-06-15T15:06:40Z',
    });
  });
});

describe('x-fake-usage', () => {
  it('sets input, cache reads, 5m and 1h cache writes and output; input_tokens excludes the cache', async () => {
    const response = await postJson(provider, PATH, messagesBody(), {
      headers: { 'x-fake-usage': 'input=50,cache_read=9000,cache_write_5m=200,cache_write_1h=800,output=40' },
    });
    const message = await messageOf(response);
    expect(message.usage).toEqual(
      usage({
        input_tokens: 50,
        cache_creation_input_tokens: 1000,
        cache_read_input_tokens: 9000,
        cache_creation: { ephemeral_5m_input_tokens: 200, ephemeral_1h_input_tokens: 800 },
        output_tokens: 40,
      }),
    );
    expect(message.stop_reason).toBe('end_turn');
    expect(message.content[0]?.text?.split(' ')).toHaveLength(40);
    expect(provider.served[0]?.usage).toEqual(message.usage);
  });

  it('rejects keys of other APIs with a 400 invalid_request_error', async () => {
    const response = await postJson(provider, PATH, messagesBody(), { headers: { 'x-fake-usage': 'prompt=3' } });
    expect(response.status).toBe(400);
    expect(await response.json()).toEqual({
      type: 'error',
      error: {
        type: 'invalid_request_error',
        message: "x-fake-usage: Unknown x-fake-usage key 'prompt' (accepted: input, output, cache_read, cache_write_5m, cache_write_1h).",
      },
      request_id: expect.stringMatching(/^req_011C/),
    });
  });
});

describe('errors', () => {
  it('429: rate_limit_error, retry-after (+ retry-after-ms on request), exhausted request limit', async () => {
    const response = await postJson(provider, PATH, messagesBody(), {
      headers: { 'x-fake-fault': '429;retry-after=7;retry-after-ms=5' },
    });
    expect(response.status).toBe(429);
    const headers = headersOf(response);
    const body = (await response.json()) as { type: string; error: { type: string; message: string }; request_id: string };
    expect(headers).toMatchObject({
      'retry-after': '7',
      'retry-after-ms': '5',
      'anthropic-ratelimit-requests-remaining': '0',
      'anthropic-ratelimit-requests-reset': '2025-06-15T15:06:47Z',
    });
    expect(body).toMatchObject({ type: 'error', error: { type: 'rate_limit_error' } });
    expect(body.error.message).toContain('rate limit of 4,000 requests per minute');
    expect(body.request_id).toBe(headers['request-id']);
    expect(provider.served).toEqual([
      {
        api: 'anthropic.messages',
        path: PATH,
        model: 'claude-haiku-4-5',
        stream: false,
        includeUsage: false,
        status: 429,
        fault: '429',
      },
    ]);
  });

  it.each([
    ['529', 529, 'overloaded_error', 'Overloaded'],
    ['500', 500, 'api_error', 'Internal server error'],
    ['503', 503, 'api_error', 'Service unavailable'],
  ])('%s: %i %s', async (spec, status, type, message) => {
    const response = await postJson(provider, PATH, messagesBody({ stream: true }), { headers: { 'x-fake-fault': spec } });
    expect(response.status).toBe(status);
    expect(response.headers.get('retry-after')).toBe(status === 529 ? '1' : null);
    expect(await response.json()).toEqual({ type: 'error', error: { type, message }, request_id: expect.any(String) });
  });

  it.each([
    [{ max_tokens: undefined }, 'max_tokens: Field required'],
    [{ model: undefined }, 'model: Field required'],
    [{ messages: [] }, 'messages: at least one message is required'],
    [{ stream: 'yes' }, 'stream: Input should be a valid boolean'],
    [{ thinking: { type: 'enabled', budget_tokens: 512 } }, 'thinking.enabled.budget_tokens: Input should be greater than or equal to 1024'],
  ])('%j is a 400', async (overrides, message) => {
    const response = await postJson(provider, PATH, messagesBody(overrides));
    expect(response.status).toBe(400);
    expect(((await response.json()) as { error: { message: string } }).error).toEqual({
      type: 'invalid_request_error',
      message,
    });
  });

  it('529 is Anthropic-only: the OpenAI route answers 400', async () => {
    const response = await postJson(
      provider,
      '/v1/chat/completions',
      { model: 'gpt-4o-mini', messages: [{ role: 'user', content: 'x' }] },
      { headers: { 'x-fake-fault': '529' } },
    );
    expect(response.status).toBe(400);
    expect(((await response.json()) as { error: { message: string } }).error.message).toBe(
      "Fault '529' is not available on this API (status faults here: 429, 500, 503).",
    );
  });
});

describe('ledger', () => {
  it('a stream cut after message_start records the usage the client has: message_start usage', async () => {
    const response = await postJson(provider, PATH, messagesBody({ stream: true }), {
      headers: { 'x-fake-fault': 'reset;after=3' },
    });
    const { error } = await readUntilError(response);
    expect(error).toBeInstanceOf(TypeError);
    const complete = await messageOf(postJson(provider, PATH, messagesBody()));
    expect(provider.served[0]).toMatchObject({ status: 200, fault: 'reset', stream: true, includeUsage: true });
    expect(provider.served[0]?.usage).toEqual({ ...complete.usage, output_tokens: 1 });
  });

  it('a corrupted message_delta leaves message_start usage; a corrupted message_start leaves none', async () => {
    const body = messagesBody({ stream: true });
    const events = sseEvents(await (await postJson(provider, PATH, body)).text());
    const deltaIndex = events.findIndex((event) => event.event === 'message_delta');
    await (await postJson(provider, PATH, body, { headers: { 'x-fake-fault': `malformed-sse;at=${deltaIndex}` } })).text();
    await (await postJson(provider, PATH, body, { headers: { 'x-fake-fault': 'malformed-sse;at=0' } })).text();
    const [full, cutDelta, cutStart] = provider.served.map((call) => call.usage as AnthropicMessagesUsage | undefined);
    expect(cutDelta).toEqual({ ...full, output_tokens: 1 });
    expect(cutStart).toBeUndefined();
  });
});
