import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { fixturePath } from '@genai-otel/providers/fixtures';
import { FIXED_CLOCK, chatBody, completionOf, errorOf, headersOf, postChat, servedCall, sseData } from '../../test/helpers/http.js';
import { startFakeProvider } from '../server.js';
import type { FakeProvider, OpenAIChatUsage } from '../types.js';

let provider: FakeProvider;
beforeEach(async () => {
  provider = await startFakeProvider({ clock: FIXED_CLOCK });
});
afterEach(async () => {
  await provider.stop();
});

function prettyJson(text: string): string {
  return `${JSON.stringify(JSON.parse(text), null, 2)}\n`;
}

/** Parsed chunks of a stream, without the `[DONE]` sentinel. */
interface ChunkJson {
  choices: Array<{ index: number; delta: { content?: string } }>;
  usage?: OpenAIChatUsage | null;
}

function chunksOf(text: string): ChunkJson[] {
  const data = sseData(text);
  expect(data.at(-1)).toBe('[DONE]');
  return data.slice(0, -1).map((payload) => JSON.parse(payload));
}

function usageOf(
  overrides: Partial<Omit<OpenAIChatUsage, 'prompt_tokens_details' | 'completion_tokens_details'>> & {
    cached?: number;
    reasoning?: number;
  },
): Record<string, unknown> {
  const { cached = 0, reasoning = 0, prompt_tokens = 0, completion_tokens = 0, ...rest } = overrides;
  return {
    prompt_tokens,
    completion_tokens,
    total_tokens: prompt_tokens + completion_tokens,
    prompt_tokens_details: { cached_tokens: cached, audio_tokens: 0 },
    completion_tokens_details: {
      reasoning_tokens: reasoning,
      audio_tokens: 0,
      accepted_prediction_tokens: 0,
      rejected_prediction_tokens: 0,
    },
    ...rest,
  };
}

describe('golden wire output (fixed clock)', () => {
  it('non-stream chat.completion', async () => {
    const response = await postChat(provider, chatBody());
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe('application/json');
    const body = await response.text();
    expect(body).toBe(JSON.stringify(JSON.parse(body)));
    await expect(prettyJson(body)).toMatchFileSnapshot(fixturePath('openai-chat', 'openai-chat-completion.json'));
  });

  it('stream without include_usage', async () => {
    const response = await postChat(provider, chatBody({ stream: true }));
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe('text/event-stream; charset=utf-8');
    await expect(await response.text()).toMatchFileSnapshot(fixturePath('openai-chat', 'openai-chat-stream.sse'));
  });

  it('stream with include_usage', async () => {
    const response = await postChat(provider, chatBody({ stream: true, stream_options: { include_usage: true } }));
    await expect(await response.text()).toMatchFileSnapshot(fixturePath('openai-chat', 'openai-chat-stream-include-usage.sse'));
  });
});

describe('include_usage invariant', () => {
  const cases: Array<[string, Record<string, unknown>, Record<string, string>]> = [
    ['plain', chatBody({ stream: true }), {}],
    ['two choices', chatBody({ stream: true, n: 2 }), {}],
    ['reasoning model', chatBody({ stream: true, model: 'o4-mini' }), {}],
    ['deepseek', chatBody({ stream: true, model: 'deepseek-chat' }), { 'x-fake-usage': 'prompt=2000' }],
    ['length-capped', chatBody({ stream: true, max_tokens: 3 }), {}],
  ];
  it.each(cases)('%s: without include_usage = with it minus usage:null and the usage event', async (_name, body, headers) => {
    const without = await (await postChat(provider, body, { headers })).text();
    const withUsage = await (await postChat(provider, { ...body, stream_options: { include_usage: true } }, { headers })).text();
    const events = withUsage.split('\n\n');
    const usageEvent = events.at(-3) ?? '';
    expect(usageEvent).toMatch(/^data: \{.*"choices":\[\],"usage":\{.*\},"obfuscation":"[0-9A-Za-z]+"}$/);
    const stripped = [...events.slice(0, -3), ...events.slice(-2)].join('\n\n').replaceAll(',"usage":null', '');
    expect(stripped).toBe(without);
    // Every chunk but the usage chunk has "usage":null, just before its obfuscation.
    expect(withUsage.split(',"usage":null,"obfuscation":').length - 1).toBe(sseData(without).length - 1);
  });
});

describe('determinism', () => {
  it('the same body gives the same bytes, and stream and non-stream agree on content and usage', async () => {
    const first = await (await postChat(provider, chatBody())).text();
    const second = await (await postChat(provider, chatBody())).text();
    expect(second).toBe(first);

    const completion = JSON.parse(first);
    const stream = await (await postChat(provider, chatBody({ stream: true, stream_options: { include_usage: true } }))).text();
    const chunks = chunksOf(stream);
    const content = chunks.map((chunk) => chunk.choices[0]?.delta.content ?? '').join('');
    expect(content).toBe(completion.choices[0].message.content);
    expect(chunks.at(-1)?.usage).toEqual(completion.usage);
  });

  it('the clock only changes created', async () => {
    const later = await startFakeProvider({ clock: () => FIXED_CLOCK() + 5_999 });
    try {
      const body = chatBody({ stream: true });
      const here = await (await postChat(provider, body)).text();
      const there = await (await postChat(later, body)).text();
      expect(there).toBe(here.replaceAll('"created":1750000000', '"created":1750000005'));
    } finally {
      await later.stop();
    }
  });
});

describe('models', () => {
  it.each([
    ['gpt-4.1', 'gpt-4.1-2025-04-14'],
    ['gpt-4o-mini', 'gpt-4o-mini-2024-07-18'],
    ['o4-mini', 'o4-mini-2025-04-16'],
    ['gpt-4o-mini-2024-07-18', 'gpt-4o-mini-2024-07-18'],
    ['deepseek-chat', 'deepseek-chat'],
    ['deepseek-v3.2', 'deepseek-v3.2'],
    ['my-local-model', 'my-local-model'],
  ])('%s is reported as %s', async (requested, reported) => {
    const body = await completionOf(postChat(provider, chatBody({ model: requested })));
    expect(body.model).toBe(reported);
    expect(body.system_fingerprint).toMatch(/^fp_[0-9a-f]{10}$/);
  });
});

describe('token counting', () => {
  it('counts the prompt per message and caps the completion at max_tokens with finish_reason length', async () => {
    // "You are terse." = 14 chars → 3 + 4; "Say hello." = 10 chars → 3 + 3; plus 3 = 16.
    const body = await completionOf(postChat(provider, chatBody({ max_tokens: 3 })));
    expect(body.usage).toEqual(usageOf({ prompt_tokens: 16, completion_tokens: 3 }));
    expect(body.choices[0]?.finish_reason).toBe('length');
    expect(body.choices[0]?.message.content.split(' ')).toHaveLength(3);
  });

  it('max_completion_tokens wins over max_tokens', async () => {
    const body = await completionOf(postChat(provider, chatBody({ max_tokens: 3, max_completion_tokens: 2 })));
    expect(body.usage.completion_tokens).toBe(2);
  });

  it('n gives one choice per index and sums completion tokens', async () => {
    const body = await completionOf(postChat(provider, chatBody({ n: 3, max_tokens: 4 })));
    expect(body.choices.map((choice: { index: number }) => choice.index)).toEqual([0, 1, 2]);
    expect(body.usage.completion_tokens).toBe(12);
    const stream = await (await postChat(provider, chatBody({ n: 3, max_tokens: 4, stream: true }))).text();
    const indexes = new Set(chunksOf(stream).map((chunk) => chunk.choices[0]?.index));
    expect([...indexes]).toEqual([0, 1, 2]);
  });

  it('reasoning models include reasoning tokens in completion tokens; only visible tokens are streamed', async () => {
    const body = chatBody({
      model: 'o4-mini',
      max_completion_tokens: 10,
      stream: true,
      stream_options: { include_usage: true },
    });
    const chunks = chunksOf(await (await postChat(provider, body)).text());
    const usage = chunks.at(-1)?.usage;
    expect(usage).toEqual(usageOf({ prompt_tokens: 16, completion_tokens: 10, reasoning: 5 }));
    const contentChunks = chunks.filter((chunk) => (chunk.choices[0]?.delta.content ?? '') !== '');
    expect(contentChunks).toHaveLength(5);
  });

  it('caches prompts of 1024 tokens or more in multiples of 128', async () => {
    const long = 'x'.repeat(4 * 1100);
    const body = await completionOf(postChat(provider, chatBody({ messages: [{ role: 'user', content: long }] })));
    expect(body.usage.prompt_tokens).toBe(1106);
    expect(body.usage.prompt_tokens_details.cached_tokens).toBe(1024);
  });

  it('DeepSeek models add prompt_cache_hit_tokens and prompt_cache_miss_tokens', async () => {
    const response = await postChat(provider, chatBody({ model: 'deepseek-reasoner', max_tokens: 8 }), {
      headers: { 'x-fake-usage': 'prompt=1200' },
    });
    const body = await completionOf(response);
    expect(body.model).toBe('deepseek-reasoner');
    expect(JSON.stringify(body.usage)).toBe(
      JSON.stringify(
        usageOf({
          prompt_tokens: 1200,
          completion_tokens: 8,
          cached: 1152,
          reasoning: 4,
          prompt_cache_hit_tokens: 1152,
          prompt_cache_miss_tokens: 48,
        }),
      ),
    );
  });
});

describe('x-fake-usage', () => {
  it('overrides every count', async () => {
    const response = await postChat(provider, chatBody({ model: 'o4-mini' }), {
      headers: { 'x-fake-usage': 'prompt=1200,completion=40,cached=1024,reasoning=16' },
    });
    const body = await completionOf(response);
    expect(body.usage).toEqual(usageOf({ prompt_tokens: 1200, completion_tokens: 40, cached: 1024, reasoning: 16 }));
    expect(body.choices[0]?.message.content.split(' ')).toHaveLength(24);
    expect(body.choices[0]?.finish_reason).toBe('stop');
  });

  it('completion=200 gives a 200-chunk stream', async () => {
    const response = await postChat(provider, chatBody({ stream: true }), { headers: { 'x-fake-usage': 'completion=200' } });
    const chunks = chunksOf(await response.text());
    const contentChunks = chunks.filter((chunk) => chunk.choices[0]?.delta.content !== undefined);
    expect(contentChunks).toHaveLength(1 + 200); // role chunk carries content "" too
  });

  it.each([
    ['cached=2000', 'x-fake-usage: cached (2000) must not exceed prompt (16).'],
    ['completion=4,reasoning=5', 'x-fake-usage: reasoning (5) must not exceed completion (4).'],
    ['prompt=abc', "x-fake-usage 'prompt' must be a non-negative integer, got 'abc'."],
    ['tokens=3', "Unknown x-fake-usage key 'tokens' (accepted: prompt, completion, cached, reasoning)."],
  ])('%s is a 400', async (header, message) => {
    const response = await postChat(provider, chatBody(), { headers: { 'x-fake-usage': header } });
    expect(response.status).toBe(400);
    expect(await errorOf(response)).toEqual({
      error: { message, type: 'invalid_request_error', param: 'x-fake-usage', code: 'invalid_value' },
    });
  });
});

describe('request validation', () => {
  it.each([
    [
      'invalid JSON',
      '{"model":',
      {
        message:
          "We could not parse the JSON body of your request. (HINT: This likely means you aren't using your HTTP " +
          'library correctly. The OpenAI API expects a JSON payload, but what was sent was not valid JSON.)',
        param: null,
        code: null,
      },
    ],
    ['missing model', JSON.stringify({ messages: [] }), { message: 'you must provide a model parameter', param: null, code: null }],
    [
      'missing messages',
      JSON.stringify({ model: 'gpt-4o' }),
      { message: "Missing required parameter: 'messages'.", param: 'messages', code: 'missing_required_parameter' },
    ],
    [
      'stream_options without stream',
      JSON.stringify(chatBody({ stream_options: { include_usage: true } })),
      {
        message: "The 'stream_options' parameter is only allowed when 'stream' is enabled.",
        param: 'stream_options',
        code: 'invalid_value',
      },
    ],
  ])('%s is a 400 invalid_request_error', async (_name, body, error) => {
    const response = await postChat(provider, body);
    expect(response.status).toBe(400);
    expect(response.headers.get('content-type')).toBe('application/json');
    expect(await response.text()).toBe(
      JSON.stringify({
        error: { message: error.message, type: 'invalid_request_error', param: error.param, code: error.code },
      }),
    );
  });
});

describe('routing and headers', () => {
  it.each(['/v1/chat/completions', '/openai/v1/chat/completions', '/chat/completions', '/v1/chat/completions?api-version=1'])(
    'serves POST %s',
    async (path) => {
      const response = await postChat(provider, chatBody(), { path });
      expect(response.status).toBe(200);
      expect((await completionOf(response)).object).toBe('chat.completion');
    },
  );

  it('accepts requests without Authorization', async () => {
    const response = await fetch(`${provider.baseURL}/chat/completions`, { method: 'POST', body: JSON.stringify(chatBody()) });
    expect(response.status).toBe(200);
  });

  it('sends x-request-id and x-ratelimit-* headers', async () => {
    const headers = headersOf(await postChat(provider, chatBody()));
    expect(headers['x-request-id']).toMatch(/^req_[0-9a-f]{32}$/);
    expect(headers).toMatchObject({
      'openai-version': '2020-10-01',
      'x-ratelimit-limit-requests': '10000',
      'x-ratelimit-remaining-requests': '9999',
      'x-ratelimit-reset-requests': '6ms',
      'x-ratelimit-limit-tokens': '30000000',
      'x-ratelimit-remaining-tokens': String(30_000_000 - 16 - 16),
      'x-ratelimit-reset-tokens': '0s',
    });
  });

  it('reports the served service_tier', async () => {
    const tiers = [];
    for (const requested of [undefined, 'auto', 'flex', 'priority', 'fast']) {
      const overrides = requested === undefined ? {} : { service_tier: requested };
      const body = await completionOf(postChat(provider, chatBody(overrides)));
      tiers.push(body.service_tier);
    }
    expect(tiers).toEqual(['default', 'default', 'flex', 'priority', 'priority']);
  });
});

describe('ledger', () => {
  it('records each answered request in order, with exactly the usage the client received', async () => {
    const completion = await completionOf(postChat(provider, chatBody()));
    await (await postChat(provider, chatBody({ stream: true }))).text();
    const withUsage = chatBody({ stream: true, stream_options: { include_usage: true } });
    const stream = await (await postChat(provider, withUsage, { path: '/openai/v1/chat/completions' })).text();
    const streamedUsage = chunksOf(stream).at(-1)?.usage ?? undefined;
    await (await postChat(provider, '{')).text();
    expect(provider.served).toEqual([
      servedCall({ usage: completion.usage }),
      servedCall({ stream: true }),
      servedCall({ path: '/openai/v1/chat/completions', stream: true, includeUsage: true, usage: streamedUsage }),
      servedCall({ model: '', status: 400 }),
    ]);
    expect(streamedUsage).toEqual(completion.usage);
    provider.reset();
    expect(provider.served).toEqual([]);
  });
});
