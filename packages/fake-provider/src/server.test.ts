import { describe, expect, it } from 'vitest';
import { chatBody, errorOf, postChat, servedCall, sseData } from '../test/helpers/http.js';
import { startFakeProvider } from './server.js';

describe('startFakeProvider', () => {
  it('listens on 127.0.0.1 and a free port by default', async () => {
    const provider = await startFakeProvider();
    try {
      expect(provider.port).toBeGreaterThan(0);
      expect(provider.url).toBe(`http://127.0.0.1:${provider.port}`);
      expect(provider.baseURL).toBe(`${provider.url}/v1`);
      expect(provider.served).toEqual([]);
    } finally {
      await provider.stop();
    }
  });

  it('answers unknown routes with an OpenAI-style 404 and keeps them out of the ledger', async () => {
    const provider = await startFakeProvider();
    try {
      const unknown = await postChat(provider, chatBody(), { path: '/v1/completions' });
      expect(unknown.status).toBe(404);
      expect(await errorOf(unknown)).toEqual({
        error: { message: 'Invalid URL (POST /v1/completions)', type: 'invalid_request_error', param: null, code: null },
      });
      const wrongMethod = await fetch(`${provider.baseURL}/chat/completions`);
      expect(wrongMethod.status).toBe(404);
      expect((await errorOf(wrongMethod)).error.message).toBe('Invalid URL (GET /v1/chat/completions)');
      expect(provider.served).toEqual([]);
    } finally {
      await provider.stop();
    }
  });

  it('waitForRequests resolves once that many requests arrived; reset() clears ledger and count', async () => {
    const provider = await startFakeProvider();
    try {
      const arrived = provider.waitForRequests(2);
      await (await postChat(provider, chatBody())).text();
      await (await postChat(provider, chatBody())).text();
      await arrived;
      expect(provider.served).toHaveLength(2);
      const served = provider.served;
      provider.reset();
      expect(served).toEqual([]);
      expect(provider.served).toBe(served);
      const next = provider.waitForRequests(1);
      await (await postChat(provider, chatBody())).text();
      await next;
      expect(provider.served).toHaveLength(1);
    } finally {
      await provider.stop();
    }
  });

  it('calls(api) is a typed view of one API; reset() also restarts the fault key= counters', async () => {
    const provider = await startFakeProvider();
    try {
      const keyed = { headers: { 'x-fake-fault': '503;times=1;key=k' } };
      expect((await postChat(provider, chatBody(), keyed)).status).toBe(503);
      expect((await postChat(provider, chatBody(), keyed)).status).toBe(200);
      const embedding = await fetch(`${provider.baseURL}/embeddings`, {
        method: 'POST',
        body: JSON.stringify({ model: 'text-embedding-3-small', input: 'x', dimensions: 2 }),
      });
      await embedding.text();
      expect(provider.calls('openai.chat').map((call) => [call.status, call.attempt])).toEqual([
        [503, 1],
        [200, 2],
      ]);
      expect(provider.calls('openai.embeddings').map((call) => call.usage?.prompt_tokens)).toEqual([1]);
      expect(provider.calls('gemini')).toEqual([]);
      provider.reset();
      expect((await postChat(provider, chatBody(), keyed)).status).toBe(503);
    } finally {
      await provider.stop();
    }
  });

  it('stop() resolves with a hung request open, fails that request, and is idempotent', async () => {
    const provider = await startFakeProvider();
    const hung = postChat(provider, chatBody(), { headers: { 'x-fake-fault': 'hang' } });
    await provider.waitForRequests(1);
    await Promise.all([provider.stop(), provider.stop()]);
    await expect(hung).rejects.toBeInstanceOf(TypeError);
    await provider.stop();
    expect(provider.served).toEqual([servedCall({ status: 0, fault: 'hang' })]);
    await expect(fetch(provider.url)).rejects.toBeInstanceOf(TypeError);
  });

  it('stop() ends a stream in progress', async () => {
    const provider = await startFakeProvider();
    const response = await postChat(provider, chatBody({ stream: true, stream_options: { include_usage: true } }), {
      headers: { 'x-fake-fault': 'slow;ttfb-ms=0;chunk-delay-ms=60000' },
    });
    const reader = response.body?.getReader();
    const first = await reader?.read();
    expect(sseData(new TextDecoder().decode(first?.value))).toHaveLength(1);
    await provider.stop();
    await expect(reader?.read()).rejects.toBeInstanceOf(TypeError);
    expect(provider.served).toEqual([servedCall({ stream: true, includeUsage: true, fault: 'slow' })]);
  });

  it('records a stream the client abandons, without usage', async () => {
    const provider = await startFakeProvider();
    try {
      const controller = new AbortController();
      const response = await postChat(provider, chatBody({ stream: true, stream_options: { include_usage: true } }), {
        headers: { 'x-fake-fault': 'slow;ttfb-ms=0;chunk-delay-ms=60000' },
        signal: controller.signal,
      });
      const reader = response.body?.getReader();
      await reader?.read();
      controller.abort();
      await expect(reader?.read()).rejects.toMatchObject({ name: 'AbortError' });
    } finally {
      await provider.stop();
    }
    expect(provider.served).toMatchObject([{ status: 200, fault: 'slow', includeUsage: true }]);
    expect(provider.served[0]?.usage).toBeUndefined();
  });
});
