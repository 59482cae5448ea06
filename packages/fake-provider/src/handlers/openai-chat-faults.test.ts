// Fault injection on the OpenAI chat route, observed with the global fetch.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { FIXED_CLOCK, chatBody, completionOf, errorOf, headersOf, postChat, readUntilError, servedCall, sseData } from '../../test/helpers/http.js';
import { startFakeProvider } from '../server.js';
import type { FakeProvider } from '../types.js';

let provider: FakeProvider;
beforeEach(async () => {
  provider = await startFakeProvider({ clock: FIXED_CLOCK });
});
afterEach(async () => {
  await provider.stop();
});

const fault = (spec: string): { headers: Record<string, string> } => ({ headers: { 'x-fake-fault': spec } });
const streamBody = chatBody({ stream: true, stream_options: { include_usage: true } });

describe('status faults', () => {
  it('429 sends a rate-limit error with retry-after and exhausted x-ratelimit-* headers', async () => {
    const response = await postChat(provider, chatBody(), fault('429;retry-after=0'));
    expect(response.status).toBe(429);
    expect(headersOf(response)).toMatchObject({
      'content-type': 'application/json',
      'x-request-id': expect.stringMatching(/^req_[0-9a-f]{32}$/),
      'retry-after': '0',
      'x-ratelimit-limit-requests': '10000',
      'x-ratelimit-remaining-requests': '0',
      'x-ratelimit-reset-requests': '0s',
      'x-ratelimit-limit-tokens': '30000000',
      'x-ratelimit-remaining-tokens': '30000000',
      'x-ratelimit-reset-tokens': '0s',
    });
    expect(await response.text()).toBe(
      JSON.stringify({
        error: {
          message:
            'Rate limit reached for gpt-4o-mini in organization org-fake on requests per min (RPM): ' +
            'Limit 10000, Used 10000, Requested 1. Please try again in 0s.',
          type: 'requests',
          param: null,
          code: 'rate_limit_exceeded',
        },
      }),
    );
    expect(provider.served).toEqual([servedCall({ status: 429, fault: '429' })]);
  });

  it('429 defaults retry-after to 1 second', async () => {
    const response = await postChat(provider, streamBody, fault('429'));
    expect(response.status).toBe(429);
    expect(response.headers.get('retry-after')).toBe('1');
    expect(response.headers.get('x-ratelimit-reset-requests')).toBe('1s');
    await response.text();
  });

  it.each([
    [500, 'The server had an error while processing your request. Sorry about that!'],
    [503, 'The server is overloaded or not ready yet.'],
  ])('%i sends an OpenAI server_error', async (status, message) => {
    const response = await postChat(provider, streamBody, fault(String(status)));
    expect(response.status).toBe(status);
    expect(response.headers.get('content-type')).toBe('application/json');
    expect(await response.text()).toBe(JSON.stringify({ error: { message, type: 'server_error', param: null, code: null } }));
    expect(provider.served).toEqual([servedCall({ stream: true, includeUsage: true, status, fault: status === 500 ? '500' : '503' })]);
  });
});

describe('hang', () => {
  it('never answers; the client gives up with its AbortController', async () => {
    const controller = new AbortController();
    const pending = postChat(provider, chatBody(), { ...fault('hang'), signal: controller.signal });
    await provider.waitForRequests(1);
    controller.abort();
    await expect(pending).rejects.toMatchObject({ name: 'AbortError' });
    await provider.stop();
    expect(provider.served).toEqual([servedCall({ status: 0, fault: 'hang' })]);
  });
});

describe('reset', () => {
  it('stream: sends `after` events, then the socket dies and reading fails', async () => {
    const response = await postChat(provider, streamBody, fault('reset;after=3'));
    expect(response.status).toBe(200);
    const { text, error } = await readUntilError(response);
    expect(error).toBeInstanceOf(TypeError);
    expect(sseData(text)).toHaveLength(3);
    expect(provider.served).toEqual([servedCall({ stream: true, includeUsage: true, fault: 'reset' })]);
  });

  it('stream: defaults to 2 events', async () => {
    const { text, error } = await readUntilError(await postChat(provider, streamBody, fault('reset')));
    expect(error).toBeInstanceOf(TypeError);
    expect(sseData(text)).toHaveLength(2);
  });

  it('non-stream: headers and half the body, then the socket dies', async () => {
    const plain = await (await postChat(provider, chatBody())).text();
    const response = await postChat(provider, chatBody(), fault('reset'));
    expect(response.status).toBe(200);
    expect(response.headers.get('content-length')).toBe(String(Buffer.byteLength(plain)));
    const { text, error } = await readUntilError(response);
    expect(error).toBeInstanceOf(TypeError);
    expect(plain.startsWith(text)).toBe(true);
    expect(text.length).toBeLessThan(plain.length);
  });
});

describe('malformed bodies', () => {
  it('malformed-json: 200 application/json with the first half of the body', async () => {
    const plain = await (await postChat(provider, chatBody())).text();
    const response = await postChat(provider, chatBody(), fault('malformed-json'));
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe('application/json');
    const text = await response.text();
    expect(text).toBe(plain.slice(0, Math.floor(plain.length / 2)));
    expect(() => JSON.parse(text)).toThrow(SyntaxError);
    expect(provider.served[1]).toEqual(servedCall({ fault: 'malformed-json' }));
  });

  it('malformed-sse: one event carries invalid JSON, the rest of the stream is valid', async () => {
    const plain = sseData(await (await postChat(provider, streamBody)).text());
    const broken = sseData(await (await postChat(provider, streamBody, fault('malformed-sse;at=2'))).text());
    expect(broken).toHaveLength(plain.length);
    expect(() => JSON.parse(broken[2] ?? '')).toThrow(SyntaxError);
    expect(broken.filter((_, index) => index !== 2)).toEqual(plain.filter((_, index) => index !== 2));
    expect(broken.at(-1)).toBe('[DONE]');
    expect(provider.served[1]?.usage).toEqual(provider.served[0]?.usage);
  });

  it.each([
    ['malformed-sse', chatBody(), "Fault 'malformed-sse' applies to streamed requests only."],
    ['malformed-json', streamBody, "Fault 'malformed-json' applies to non-streamed requests only."],
  ])('%s on the wrong kind of request is a 400', async (kind, body, message) => {
    const response = await postChat(provider, body, fault(kind));
    expect(response.status).toBe(400);
    expect(await errorOf(response)).toEqual({
      error: { message, type: 'invalid_request_error', param: 'x-fake-fault', code: 'invalid_value' },
    });
  });
});

describe('gzip', () => {
  it.each([
    ['non-stream', chatBody()],
    ['stream', streamBody],
  ])('%s: content-encoding gzip, decoded by fetch to the plain body', async (_name, body) => {
    const plain = await (await postChat(provider, body)).text();
    const response = await postChat(provider, body, fault('gzip'));
    expect(response.status).toBe(200);
    expect(response.headers.get('content-encoding')).toBe('gzip');
    expect(await response.text()).toBe(plain);
    expect(provider.served[1]).toMatchObject({ status: 200, fault: 'gzip', usage: provider.served[0]?.usage });
  });
});

describe('slow', () => {
  it('waits ttfb-ms before headers and chunk-delay-ms between events', async () => {
    const startedAt = performance.now();
    const body = chatBody({ stream: true, max_tokens: 2 });
    const response = await postChat(provider, body, fault('slow;ttfb-ms=40;chunk-delay-ms=10'));
    const headersAt = performance.now();
    const text = await response.text();
    const endedAt = performance.now();
    // role + 2 tokens + finish + [DONE] = 5 events, 4 gaps. Timers may fire up to 1 ms early.
    expect(sseData(text)).toHaveLength(5);
    expect(headersAt - startedAt).toBeGreaterThanOrEqual(39);
    expect(endedAt - headersAt).toBeGreaterThanOrEqual(4 * 9);
  });
});

describe('fault spec', () => {
  it('can ride on the model name for clients that cannot set headers', async () => {
    const response = await postChat(provider, chatBody({ model: 'gpt-4o-mini+fault=429;retry-after=0' }));
    expect(response.status).toBe(429);
    expect((await errorOf(response)).error.message).toContain('for gpt-4o-mini in');
    const ok = await postChat(provider, chatBody({ model: 'gpt-4.1+fault=gzip' }));
    expect(ok.headers.get('content-encoding')).toBe('gzip');
    expect((await completionOf(ok)).model).toBe('gpt-4.1-2025-04-14');
    expect(provider.served.map(({ model, status, fault: kind }) => ({ model, status, kind }))).toEqual([
      { model: 'gpt-4o-mini', status: 429, kind: '429' },
      { model: 'gpt-4.1', status: 200, kind: 'gzip' },
    ]);
  });

  it('the model suffix does not change the response content', async () => {
    const plain = await completionOf(postChat(provider, chatBody()));
    const gzipped = await completionOf(postChat(provider, chatBody({ model: 'gpt-4o-mini+fault=gzip' })));
    expect(gzipped).toEqual(plain);
  });

  it('the header wins over the model suffix', async () => {
    const response = await postChat(provider, chatBody({ model: 'gpt-4o-mini+fault=500' }), fault('503'));
    expect(response.status).toBe(503);
    await response.text();
  });

  it.each([
    ['header', fault('teapot'), chatBody(), 'x-fake-fault'],
    ['model suffix', {}, chatBody({ model: 'gpt-4o+fault=reset;after=x' }), 'model'],
  ])('an invalid spec in the %s is a 400', async (_where, options, body, param) => {
    const response = await postChat(provider, body, options);
    expect(response.status).toBe(400);
    const { error } = await errorOf(response);
    expect(error).toMatchObject({ type: 'invalid_request_error', param, code: 'invalid_value' });
  });
});
