// Ollama's native chat route over plain HTTP: golden wire output, NDJSON framing, metrics, errors,
// ledger. The same route through the real `ollama` client is in ollama-chat-sdk.test.ts.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { fixturePath } from '@genai-otel/providers/fixtures';
import { FIXED_CLOCK, headersOf, postJson, prettyJson } from '../../test/helpers/http.js';
import { startFakeProvider } from '../server.js';
import type { FakeProvider, ServedOllamaChatCall } from '../types.js';

let provider: FakeProvider;
beforeEach(async () => {
  provider = await startFakeProvider({ clock: FIXED_CLOCK });
});
afterEach(async () => {
  await provider.stop();
});

function chatBody(overrides: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    model: 'llama3.2',
    messages: [
      { role: 'system', content: 'You are terse.' },
      { role: 'user', content: 'Say hello.' },
    ],
    ...overrides,
  };
}

function postChat(body: unknown, headers: Record<string, string> = {}): Promise<Response> {
  return postJson(provider, '/api/chat', body, { headers });
}

/** The lines of an NDJSON text, each parsed; the text must end with a line break. */
function ndjson(text: string): Array<Record<string, unknown>> {
  expect(text.endsWith('\n')).toBe(true);
  return text
    .slice(0, -1)
    .split('\n')
    .map((line) => JSON.parse(line) as Record<string, unknown>);
}

/** The expected ledger entry of a 200 non-stream chat for llama3.2, plus `overrides`. */
function served(overrides: Partial<ServedOllamaChatCall> = {}): ServedOllamaChatCall {
  return { api: 'ollama.chat', path: '/api/chat', model: 'llama3.2', stream: false, includeUsage: false, status: 200, ...overrides };
}

// The metrics of chatBody() on llama3.2: 16 prompt tokens (3 + (3 + 4) + (3 + 3)), 9 generated.
const METRICS = {
  total_duration: 189_920_375,
  load_duration: 2_934_527,
  prompt_eval_count: 16,
  prompt_eval_duration: 6_400_000,
  eval_count: 9,
  eval_duration: 180_000_000,
};

describe('golden wire output (fixed clock)', () => {
  it('"stream": false — one compact JSON object, application/json; charset=utf-8', async () => {
    const response = await postChat(chatBody({ stream: false }));
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe('application/json; charset=utf-8');
    const body = await response.text();
    expect(body).toBe(JSON.stringify(JSON.parse(body)));
    await expect(prettyJson(body)).toMatchFileSnapshot(fixturePath('ollama-chat', 'ollama-chat.json'));
  });

  it('"stream" absent — the API streams by default: NDJSON lines, application/x-ndjson', async () => {
    const response = await postChat(chatBody());
    expect(headersOf(response)).toMatchObject({ 'content-type': 'application/x-ndjson', 'transfer-encoding': 'chunked' });
    expect(response.headers.get('cache-control')).toBeNull();
    await expect(await response.text()).toMatchFileSnapshot(fixturePath('ollama-chat', 'ollama-chat-stream.ndjson'));
  });

  it('a thinking model (qwen3) streams its thinking lines first', async () => {
    const response = await postChat(chatBody({ model: 'qwen3:8b' }));
    await expect(await response.text()).toMatchFileSnapshot(fixturePath('ollama-chat', 'ollama-chat-thinking-stream.ndjson'));
  });
});

describe('wire format', () => {
  it('the stream joins to the body: same content, same final members, metrics only on the last line', async () => {
    const body = (await (await postChat(chatBody({ stream: false }))).json()) as Record<string, unknown>;
    const lines = ndjson(await (await postChat(chatBody({ stream: true }))).text());
    const last = lines.at(-1) as Record<string, unknown>;
    expect(lines.slice(0, -1).map((line) => Object.keys(line))).toEqual(lines.slice(0, -1).map(() => ['model', 'created_at', 'message', 'done']));
    expect(lines.map((line) => (line.message as { content: string }).content).join('')).toBe((body.message as { content: string }).content);
    expect(last).toEqual({ ...body, message: { role: 'assistant', content: '' } });
    expect(body).toEqual({
      model: 'llama3.2',
      created_at: '2025-06-15T15:06:40Z',
      message: { role: 'assistant', content: 'number of visible completion tokens. The same request body' },
      done: true,
      done_reason: 'stop',
      ...METRICS,
    });
    expect(provider.served).toEqual([served({ usage: METRICS }), served({ stream: true, includeUsage: true, usage: METRICS })]);
  });

  it('thinking: `thinking` after `content` in the message; eval_count counts the thinking tokens', async () => {
    const body = (await (await postChat(chatBody({ model: 'qwen3:8b', stream: false }))).json()) as Record<string, unknown>;
    expect(Object.keys(body.message as object)).toEqual(['role', 'content', 'thinking']);
    const noThinking = (await (await postChat(chatBody({ model: 'qwen3:8b', stream: false, think: false }))).json()) as Record<string, unknown>;
    expect(Object.keys(noThinking.message as object)).toEqual(['role', 'content']);
    const words = (text: unknown): number => String(text).split(' ').length;
    const message = body.message as { content: string; thinking: string };
    expect(body.eval_count).toBe(words(message.content) + words(message.thinking));
  });

  it('options.num_predict cuts generation: done_reason "length", eval_count = num_predict', async () => {
    const body = (await (await postChat(chatBody({ stream: false, options: { num_predict: 3, temperature: 0 } }))).json()) as Record<string, unknown>;
    expect(body).toMatchObject({ message: { role: 'assistant', content: 'the same identifier,' }, done_reason: 'length', eval_count: 3 });
  });

  it('x-fake-usage prompt_eval / eval set the counts; a zero count is left out, as Go omits empty members', async () => {
    const body = (await (await postChat(chatBody({ stream: false }), { 'x-fake-usage': 'prompt_eval=0,eval=2' })).json()) as Record<string, unknown>;
    expect(Object.keys(body)).toEqual([
      'model',
      'created_at',
      'message',
      'done',
      'done_reason',
      'total_duration',
      'load_duration',
      'eval_count',
      'eval_duration',
    ]);
    expect(body.eval_count).toBe(2);
  });

  it('no messages: the model is loaded, one object with done_reason "load" and no metrics, even for a stream', async () => {
    const response = await postChat({ model: 'llama3.2' });
    expect(response.headers.get('content-type')).toBe('application/json; charset=utf-8');
    expect(await response.text()).toBe(
      '{"model":"llama3.2","created_at":"2025-06-15T15:06:40Z","message":{"role":"assistant","content":""},"done":true,"done_reason":"load"}',
    );
    expect(provider.served).toEqual([served({ stream: true, includeUsage: true })]);
  });
});

describe('errors: {"error": "…"} bodies', () => {
  it.each([
    ['404', 404, "model 'llama3.2' not found"],
    ['500', 500, 'the model failed to generate a response'],
    ['503', 503, 'server busy, please try again.  maximum pending requests exceeded'],
  ])('fault %s → %i, also on a stream (nothing was written yet)', async (fault, status, error) => {
    for (const stream of [false, true]) {
      const response = await postChat(chatBody({ stream }), { 'x-fake-fault': fault });
      expect(response.status).toBe(status);
      expect(response.headers.get('content-type')).toBe('application/json; charset=utf-8');
      expect(await response.text()).toBe(JSON.stringify({ error }));
    }
    expect(provider.served).toEqual([served({ status, fault: fault as '404' }), served({ status, fault: fault as '404', stream: true, includeUsage: true })]);
  });

  it('the model suffix works too: llama3.2+fault=404', async () => {
    const response = await postChat(chatBody({ model: 'llama3.2+fault=404', stream: false }));
    expect([response.status, await response.text()]).toEqual([404, `{"error":"model 'llama3.2' not found"}`]);
  });

  it('stream-error: two lines, then an in-band {"error"} line; the status stays 200 and no metrics arrive', async () => {
    const response = await postChat(chatBody(), { 'x-fake-fault': 'stream-error' });
    expect(response.status).toBe(200);
    const lines = ndjson(await response.text());
    expect(lines.map((line) => line.done ?? line.error)).toEqual([false, false, 'an error was encountered while running the model']);
    expect(provider.served).toEqual([served({ stream: true, includeUsage: true, fault: 'stream-error' })]);
  });

  it.each([
    ['', 'missing request body'],
    [{ messages: [] }, 'model is required'],
    [{ model: 'llama3.2', messages: 'hi' }, 'json: cannot unmarshal string into Go struct field ChatRequest.messages of type []api.Message'],
    [{ model: 'llama3.2', messages: [], stream: 'yes' }, 'json: cannot unmarshal string into Go struct field ChatRequest.stream of type bool'],
    [{ model: 'llama3.2', messages: [], options: { num_predict: 1.5 } }, 'option "num_predict" must be of type integer'],
    [chatBody({ think: true }), '"llama3.2" does not support thinking'],
  ])('400 %j: %s', async (body, error) => {
    const response = await postChat(body);
    expect([response.status, await response.json()]).toEqual([400, { error }]);
  });

  it('stream-error on "stream": false, and faults other APIs have (429), are refused with 400', async () => {
    const refused = async (fault: string, body: Record<string, unknown>): Promise<unknown> => (await postChat(body, { 'x-fake-fault': fault })).json();
    expect(await refused('stream-error', chatBody({ stream: false }))).toEqual({
      error: "x-fake-fault: Fault 'stream-error' applies to streamed requests only.",
    });
    expect(await refused('429', chatBody())).toEqual({
      error: "x-fake-fault: Fault '429' is not available on this API (status faults here: 404, 500, 503, stream-error).",
    });
  });
});
