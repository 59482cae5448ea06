// Ollama's chat route through the real `ollama` npm client (0.6.x): what the client sends, what it
// parses, how it reports errors — and where it gets its `fetch`, which decides whether a patched
// `globalThis.fetch` (genai-otel's instrumentation) sees its calls:
// - `new Ollama(config)` takes `config.fetch` if given, else the global `fetch` AS IT IS WHEN THE
//   CLIENT IS CONSTRUCTED (dist/browser.mjs: `this.fetch = config?.fetch ?? fetch`) and keeps it;
// - the default export (`import ollama from 'ollama'`) is an instance constructed when the module is
//   first evaluated, so it keeps the `fetch` of import time;
// - its `import 'whatwg-fetch'` installs a polyfill only where there is no global fetch (not Node ≥ 18).
// So the instrumentation must patch `globalThis.fetch` before the client is constructed (before
// `ollama` is imported, for the default instance), or be handed in as `new Ollama({ fetch })`.
import ollama, { Ollama, type ChatResponse } from 'ollama';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { FIXED_CLOCK } from '../../test/helpers/http.js';
import { startFakeProvider } from '../server.js';
import type { FakeProvider, ServedOllamaChatCall } from '../types.js';

/** The global fetch when this file (and with it `ollama`) was imported. */
const fetchAtImport = globalThis.fetch;

let provider: FakeProvider;
beforeEach(async () => {
  provider = await startFakeProvider({ clock: FIXED_CLOCK });
});
afterEach(async () => {
  await provider.stop();
});

const messages = [
  { role: 'system', content: 'You are terse.' },
  { role: 'user', content: 'Say hello.' },
];

// What the fake answers for `messages` on llama3.2 (see ollama-chat.test.ts).
const CONTENT = 'number of visible completion tokens. The same request body';
const METRICS = {
  total_duration: 189_920_375,
  load_duration: 2_934_527,
  prompt_eval_count: 16,
  prompt_eval_duration: 6_400_000,
  eval_count: 9,
  eval_duration: 180_000_000,
};

function served(overrides: Partial<ServedOllamaChatCall> = {}): ServedOllamaChatCall {
  return { api: 'ollama.chat', path: '/api/chat', model: 'llama3.2', stream: false, includeUsage: false, status: 200, ...overrides };
}

describe('parsed by the ollama client', () => {
  it('chat({ stream: false }): the body as sent, created_at left a string', async () => {
    const response = await new Ollama({ host: provider.url }).chat({ model: 'llama3.2', messages, stream: false });
    expect(response).toEqual({
      model: 'llama3.2',
      created_at: '2025-06-15T15:06:40Z',
      message: { role: 'assistant', content: CONTENT },
      done: true,
      done_reason: 'stop',
      ...METRICS,
    });
    expect(provider.served).toEqual([served({ usage: METRICS })]);
  });

  it('chat() without `stream` sends "stream": false (the client default; the API defaults to true)', async () => {
    const response = await new Ollama({ host: provider.url }).chat({ model: 'llama3.2', messages });
    expect(response.message.content).toBe(CONTENT);
    expect(provider.served).toEqual([served({ usage: METRICS })]);
  });

  it('chat({ stream: true }): one part per NDJSON line, the last with done_reason and the metrics', async () => {
    const parts: ChatResponse[] = [];
    for await (const part of await new Ollama({ host: provider.url }).chat({ model: 'llama3.2', messages, stream: true })) parts.push(part);
    expect(parts.map((part) => part.message.content)).toEqual([...CONTENT.split(/(?= )/), '']);
    expect(parts.map((part) => part.done)).toEqual([...CONTENT.split(' ').map(() => false), true]);
    expect(parts.at(-1)).toEqual({
      model: 'llama3.2',
      created_at: '2025-06-15T15:06:40Z',
      message: { role: 'assistant', content: '' },
      done: true,
      done_reason: 'stop',
      ...METRICS,
    });
    expect(provider.served).toEqual([served({ stream: true, includeUsage: true, usage: METRICS })]);
  });

  it('think: true on a thinking model: message.thinking, eval_count with the thinking tokens', async () => {
    const response = await new Ollama({ host: provider.url }).chat({ model: 'qwen3:8b', messages, think: true, stream: false });
    expect(response.message).toEqual({
      role: 'assistant',
      content: 'and usage, which keeps golden files stable',
      thinking: 'the genai-otel fake provider. Every word is',
    });
    expect([response.prompt_eval_count, response.eval_count]).toEqual([16, 14]);
  });

  it("404: ResponseError with the body's `error` as message and status_code", async () => {
    const client = new Ollama({ host: provider.url, headers: { 'x-fake-fault': '404' } });
    await expect(client.chat({ model: 'llama3.2', messages, stream: false })).rejects.toMatchObject({
      name: 'ResponseError',
      message: "model 'llama3.2' not found",
      error: "model 'llama3.2' not found",
      status_code: 404,
    });
    await expect(client.chat({ model: 'llama3.2', messages, stream: true })).rejects.toMatchObject({ name: 'ResponseError', status_code: 404 });
  });

  it('500 and 503 likewise (the client never retries)', async () => {
    for (const [fault, message] of [
      ['500', 'the model failed to generate a response'],
      ['503', 'server busy, please try again.  maximum pending requests exceeded'],
    ] as const) {
      const client = new Ollama({ host: provider.url, headers: { 'x-fake-fault': fault } });
      await expect(client.chat({ model: 'llama3.2', messages, stream: false })).rejects.toMatchObject({ message, status_code: Number(fault) });
    }
    expect(provider.served.map((call) => call.status)).toEqual([500, 503]);
  });

  it("an in-band stream error: the parts before it, then a plain Error with the line's message", async () => {
    const client = new Ollama({ host: provider.url, headers: { 'x-fake-fault': 'stream-error;after=2' } });
    const contents: string[] = [];
    const consume = async (): Promise<void> => {
      for await (const part of await client.chat({ model: 'llama3.2', messages, stream: true })) contents.push(part.message.content);
    };
    await expect(consume()).rejects.toThrow(new Error('an error was encountered while running the model'));
    expect(contents).toEqual(['number', ' of']);
    expect(provider.served).toEqual([served({ stream: true, includeUsage: true, fault: 'stream-error' })]);
  });
});

describe('where the client gets its fetch', () => {
  /** A fetch that counts its calls and passes them on to the real one. */
  function countingFetch(): { fetch: typeof globalThis.fetch; calls: string[] } {
    const calls: string[] = [];
    const fetch: typeof globalThis.fetch = (input, init) => {
      calls.push(String(input));
      return fetchAtImport(input, init);
    };
    return { fetch, calls };
  }

  it('config.fetch is used for every call', async () => {
    const counting = countingFetch();
    await new Ollama({ host: provider.url, fetch: counting.fetch }).chat({ model: 'llama3.2', messages });
    expect(counting.calls).toEqual([`${provider.url}/api/chat`]);
  });

  it('otherwise the global fetch of construction time: a later patch is not seen, an earlier one is', async () => {
    const counting = countingFetch();
    const before = new Ollama({ host: provider.url });
    globalThis.fetch = counting.fetch;
    try {
      const after = new Ollama({ host: provider.url });
      await before.chat({ model: 'llama3.2', messages });
      expect(counting.calls).toEqual([]);
      await after.chat({ model: 'llama3.2', messages });
      expect(counting.calls).toEqual([`${provider.url}/api/chat`]);
    } finally {
      globalThis.fetch = fetchAtImport;
    }
  });

  it('the default export was constructed at import: it holds the fetch of import time, and 127.0.0.1:11434', () => {
    expect(Reflect.get(ollama, 'fetch')).toBe(fetchAtImport);
    expect(Reflect.get(ollama, 'config')).toEqual({ host: 'http://127.0.0.1:11434', headers: undefined });
  });
});
