// The Responses, embeddings and chat routes through the real openai SDK (7.x).
import OpenAI from 'openai';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { FIXED_CLOCK } from '../../test/helpers/http.js';
import { startFakeProvider } from '../server.js';
import type { FakeProvider } from '../types.js';

let provider: FakeProvider;
let client: OpenAI;
beforeEach(async () => {
  provider = await startFakeProvider({ clock: FIXED_CLOCK });
  client = new OpenAI({ baseURL: provider.baseURL, apiKey: 'sk-fake', maxRetries: 0 });
});
afterEach(async () => {
  await provider.stop();
});

const fault = (spec: string): { headers: Record<string, string> } => ({ headers: { 'x-fake-fault': spec } });
const responsesParams = { model: 'gpt-5-mini', instructions: 'You are terse.', input: 'Say hello.' };

describe('Responses API', () => {
  it('responses.create: the SDK sees the usage the ledger recorded (reasoning model: reasoning item + message)', async () => {
    const response = await client.responses.create(responsesParams);
    expect(response.output.map((item) => item.type)).toEqual(['reasoning', 'message']);
    expect(response.output_text.length).toBeGreaterThan(0);
    expect(provider.calls('openai.responses')).toEqual([
      {
        api: 'openai.responses',
        path: '/v1/responses',
        model: 'gpt-5-mini',
        stream: false,
        includeUsage: false,
        status: 200,
        attempt: 1,
        usage: response.usage,
      },
    ]);
  });

  it('responses.stream + finalResponse(): the SDK accumulates the events to the non-stream response', async () => {
    const plain = await client.responses.create(responsesParams);
    const stream = client.responses.stream(responsesParams);
    const deltas: string[] = [];
    stream.on('response.output_text.delta', (event) => deltas.push(event.delta));
    const final = await stream.finalResponse();
    expect(deltas.join('')).toBe(plain.output_text);
    expect(final.output_text).toBe(plain.output_text);
    expect(final.usage).toEqual(plain.usage);
    expect(provider.served[1]?.usage).toEqual(final.usage);
  });

  it('an incomplete stream ends with response.incomplete; the SDK reports status incomplete', async () => {
    const final = await client.responses.stream({ ...responsesParams, model: 'gpt-4.1', max_output_tokens: 2 }).finalResponse();
    expect(final.status).toBe('incomplete');
    expect(final.incomplete_details).toEqual({ reason: 'max_output_tokens' });
    expect(final.usage?.output_tokens).toBe(2);
  });

  it.each([
    ['429;retry-after=0', OpenAI.RateLimitError, 429],
    ['500', OpenAI.InternalServerError, 500],
    ['503', OpenAI.InternalServerError, 503],
  ])('%s raises the SDK error class for its status', async (spec, errorClass, status) => {
    const error = await client.responses.create(responsesParams, fault(spec)).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(errorClass);
    expect(error).toMatchObject({ status });
  });

  it('hang, reset, malformed-json and malformed-sse fail the call; gzip and slow do not', async () => {
    const controller = new AbortController();
    const hung = client.responses.create(responsesParams, { ...fault('hang'), signal: controller.signal });
    await provider.waitForRequests(1);
    controller.abort();
    await expect(hung).rejects.toBeInstanceOf(OpenAI.APIUserAbortError);
    await expect(client.responses.stream(responsesParams, fault('reset;after=4')).finalResponse()).rejects.toBeInstanceOf(Error);
    await expect(client.responses.create(responsesParams, fault('malformed-json'))).rejects.toBeInstanceOf(Error);
    await expect(client.responses.stream(responsesParams, fault('malformed-sse;at=2')).finalResponse()).rejects.toBeInstanceOf(Error);
    const gzipped = await client.responses.stream(responsesParams, fault('gzip')).finalResponse();
    const slow = await client.responses.create(responsesParams, fault('slow;ttfb-ms=5;chunk-delay-ms=1'));
    expect(gzipped.usage).toEqual(slow.usage);
  });
});

describe('embeddings', () => {
  it('the SDK asks for base64 by default and decodes it to the floats a float request gets', async () => {
    const decoded = await client.embeddings.create({ model: 'text-embedding-3-small', input: ['a', 'b'], dimensions: 8 });
    const floats = await client.embeddings.create({
      model: 'text-embedding-3-small',
      input: ['a', 'b'],
      dimensions: 8,
      encoding_format: 'float',
    });
    expect(decoded.data.map((item) => item.embedding.map((value) => Math.fround(value)))).toEqual(
      floats.data.map((item) => item.embedding.map((value) => Math.fround(value))),
    );
    expect(decoded.usage).toEqual({ prompt_tokens: 2, total_tokens: 2 });
    expect(provider.calls('openai.embeddings').map((call) => call.usage)).toEqual([decoded.usage, floats.usage]);
  });

  it('faults: 429 → RateLimitError', async () => {
    await expect(client.embeddings.create({ model: 'text-embedding-3-small', input: 'a' }, fault('429;retry-after=0'))).rejects.toBeInstanceOf(
      OpenAI.RateLimitError,
    );
  });
});

describe('retry schedules (x-stainless-retry-count)', () => {
  it('chat: 429;times=1 — the SDK retries once and succeeds; two ledger entries, the second a success', async () => {
    const retrying = new OpenAI({ baseURL: provider.baseURL, apiKey: 'sk-fake', maxRetries: 2 });
    const completion = await retrying.chat.completions.create(
      { model: 'gpt-4o-mini', messages: [{ role: 'user', content: 'Say hello.' }] },
      fault('429;retry-after=0;retry-after-ms=1;times=1'),
    );
    expect(provider.calls('openai.chat').map(({ status, fault: kind, attempt, usage }) => ({ status, kind, attempt, usage }))).toEqual([
      { status: 429, kind: '429', attempt: 1, usage: undefined },
      { status: 200, kind: undefined, attempt: 2, usage: completion.usage },
    ]);
  });

  it('responses: 500;times=1 on the model suffix — the SDK backs off, retries and succeeds', async () => {
    const retrying = new OpenAI({ baseURL: provider.baseURL, apiKey: 'sk-fake', maxRetries: 2 });
    // 5xx carry no retry-after, so the SDK waits its own backoff (~0.4–0.5 s) before the retry.
    const response = await retrying.responses.create({ ...responsesParams, model: 'gpt-5-mini+fault=500;times=1' });
    expect(provider.served.map(({ status, attempt }) => ({ status, attempt }))).toEqual([
      { status: 500, attempt: 1 },
      { status: 200, attempt: 2 },
    ]);
    expect(provider.served[1]?.usage).toEqual(response.usage);
  });
});
