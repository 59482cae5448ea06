// The Gemini API and Vertex AI routes over plain HTTP: golden wire output, framing, usage, errors,
// ledger. The same routes through the real @google/genai are in gemini-sdk.test.ts.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { fixturePath } from '@genai-otel/providers/fixtures';
import { FIXED_CLOCK, postJson, readUntilError, sseEvents } from '../../test/helpers/http.js';
import { startFakeProvider } from '../server.js';
import type { FakeProvider, GeminiUsageMetadata } from '../types.js';

const GEMINI = '/v1beta/models/gemini-2.5-flash';
const VERTEX = '/v1/projects/fake-project/locations/us-central1/publishers/google/models/gemini-2.5-flash';

let provider: FakeProvider;
beforeEach(async () => {
  provider = await startFakeProvider({ clock: FIXED_CLOCK });
});
afterEach(async () => {
  await provider.stop();
});

function generateBody(overrides: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    contents: [{ role: 'user', parts: [{ text: 'Say hello.' }] }],
    systemInstruction: { parts: [{ text: 'You are terse.' }] },
    ...overrides,
  };
}

interface GenerateJson {
  candidates: Array<{ content: { parts: Array<{ text: string }> }; finishReason?: string }>;
  usageMetadata?: GeminiUsageMetadata;
  modelVersion: string;
  responseId: string;
}

async function generate(path: string, body: Record<string, unknown> = generateBody(), headers: Record<string, string> = {}): Promise<GenerateJson> {
  const response = await postJson(provider, `${path}:generateContent`, body, { headers });
  expect(response.status).toBe(200);
  return (await response.json()) as GenerateJson;
}

async function streamChunks(path: string, body = generateBody(), headers: Record<string, string> = {}): Promise<GenerateJson[]> {
  const response = await postJson(provider, `${path}:streamGenerateContent?alt=sse`, body, { headers });
  return sseEvents(await response.text(), '\r\n').map((event) => JSON.parse(event.data) as GenerateJson);
}

describe('golden wire output (fixed clock)', () => {
  it.each([
    ['gemini', GEMINI],
    ['vertex', VERTEX],
  ])('%s generateContent', async (name, path) => {
    const response = await postJson(provider, `${path}:generateContent`, generateBody());
    expect(response.headers.get('content-type')).toBe('application/json; charset=UTF-8');
    const body = await response.text();
    expect(body).toBe(JSON.stringify(JSON.parse(body), null, 2));
    await expect(`${body}\n`).toMatchFileSnapshot(fixturePath('gemini', `${name}-generate-content.json`));
  });

  it.each([
    ['gemini', GEMINI],
    ['vertex', VERTEX],
  ])('%s streamGenerateContent?alt=sse', async (name, path) => {
    const response = await postJson(provider, `${path}:streamGenerateContent?alt=sse`, generateBody());
    expect(response.headers.get('content-type')).toBe('text/event-stream');
    await expect(await response.text()).toMatchFileSnapshot(fixturePath('gemini', `${name}-stream.sse`));
  });
});

describe('wire format', () => {
  it('streams data-only events framed with CRLF, one line of `"key": value` JSON each', async () => {
    const response = await postJson(provider, `${GEMINI}:streamGenerateContent?alt=sse`, generateBody());
    const text = await response.text();
    const blocks = text.split('\r\n\r\n');
    expect(blocks.at(-1)).toBe('');
    for (const block of blocks.slice(0, -1)) {
      expect(block).toMatch(/^data: \{"candidates": \[\{"content": \{"parts": \[\{"text": "[^"]*"\}\],"role": "model"\}/);
      expect(block).not.toContain('\n');
    }
  });

  it('the Gemini API sends cumulative usage on every chunk; the last equals the non-stream usage', async () => {
    const body = await generate(GEMINI);
    const chunks = await streamChunks(GEMINI);
    const text = chunks.map((chunk) => chunk.candidates[0]?.content.parts[0]?.text).join('');
    expect(text).toBe(body.candidates[0]?.content.parts[0]?.text);
    expect(chunks.map((chunk) => chunk.usageMetadata?.candidatesTokenCount)).toEqual(chunks.map((_, index) => index + 1));
    expect(chunks.every((chunk) => chunk.usageMetadata?.thoughtsTokenCount === body.usageMetadata?.thoughtsTokenCount)).toBe(true);
    expect(chunks.at(-1)?.usageMetadata).toEqual(body.usageMetadata);
    expect(chunks.map((chunk) => chunk.candidates[0]?.finishReason)).toEqual([...chunks.slice(1).map(() => undefined), 'STOP']);
    expect(provider.served.map((call) => call.usage)).toEqual([body.usageMetadata, body.usageMetadata]);
  });

  it('Vertex AI sends usage (with trafficType) only on the last chunk', async () => {
    const chunks = await streamChunks(VERTEX);
    expect(chunks.slice(0, -1).every((chunk) => chunk.usageMetadata === undefined)).toBe(true);
    expect(chunks.at(-1)?.usageMetadata).toMatchObject({ trafficType: 'ON_DEMAND' });
  });

  it('candidatesTokenCount excludes thoughts; total = prompt + candidates + thoughts', async () => {
    const usage = (await generate(GEMINI)).usageMetadata;
    const { promptTokenCount = 0, candidatesTokenCount = 0, thoughtsTokenCount = 0 } = usage ?? {};
    expect(thoughtsTokenCount).toBeGreaterThan(0);
    expect(usage?.totalTokenCount).toBe(promptTokenCount + candidatesTokenCount + thoughtsTokenCount);
  });

  it.each([
    ['gemini-2.0-flash', {}, false],
    ['gemini-2.5-flash-lite', {}, false],
    ['gemini-2.5-flash-lite', { thinkingConfig: { thinkingBudget: 512 } }, true],
    ['gemini-2.5-flash', { thinkingConfig: { thinkingBudget: 0 } }, false],
    ['gemini-3-pro-preview', {}, true],
  ])('%s %j thinks: %s', async (model, generationConfig, thinks) => {
    const usage = (await generate(`/v1beta/models/${model}`, generateBody({ generationConfig }))).usageMetadata;
    expect(usage?.thoughtsTokenCount !== undefined).toBe(thinks);
  });

  it('maxOutputTokens caps thoughts + candidates, with finishReason MAX_TOKENS', async () => {
    const body = await generate(GEMINI, generateBody({ generationConfig: { maxOutputTokens: 4 } }));
    expect(body.candidates[0]?.finishReason).toBe('MAX_TOKENS');
    expect(body.usageMetadata).toMatchObject({ candidatesTokenCount: 2, thoughtsTokenCount: 2 });
  });

  it('the model is echoed as modelVersion; the same body gives the same response id, stream or not', async () => {
    const body = await generate('/v1/models/gemini-2.0-flash');
    const chunks = await streamChunks('/v1/models/gemini-2.0-flash');
    expect(body.modelVersion).toBe('gemini-2.0-flash');
    expect(body.responseId).toMatch(/^[A-Za-z0-9_-]{23}$/);
    expect(chunks.every((chunk) => chunk.responseId === body.responseId)).toBe(true);
  });
});

describe('x-fake-usage', () => {
  it('sets prompt, candidates, thoughts and cached', async () => {
    const headers = { 'x-fake-usage': 'prompt=3000,candidates=5,thoughts=40,cached=2048' };
    const usage = (await generate(GEMINI, generateBody(), headers)).usageMetadata;
    expect(usage).toEqual({
      promptTokenCount: 3000,
      candidatesTokenCount: 5,
      totalTokenCount: 3045,
      cachedContentTokenCount: 2048,
      promptTokensDetails: [{ modality: 'TEXT', tokenCount: 3000 }],
      cacheTokensDetails: [{ modality: 'TEXT', tokenCount: 2048 }],
      thoughtsTokenCount: 40,
    });
  });

  it('prompts of 1024 tokens or more report cached content in multiples of 128', async () => {
    const usage = (await generate(GEMINI, generateBody(), { 'x-fake-usage': 'prompt=1300' })).usageMetadata;
    expect(usage?.cachedContentTokenCount).toBe(1280);
  });

  it('cached > prompt is a 400 INVALID_ARGUMENT', async () => {
    const response = await postJson(provider, `${GEMINI}:generateContent`, generateBody(), {
      headers: { 'x-fake-usage': 'prompt=10,cached=11' },
    });
    expect(response.status).toBe(400);
    expect(await response.json()).toEqual({
      error: {
        code: 400,
        message: 'x-fake-usage: cached (11) must not exceed prompt (10).',
        status: 'INVALID_ARGUMENT',
      },
    });
  });
});

describe('errors', () => {
  it('429 RESOURCE_EXHAUSTED, indented like every Google body, with a RetryInfo detail', async () => {
    const response = await postJson(provider, `${GEMINI}:generateContent`, generateBody(), {
      headers: { 'x-fake-fault': '429;retry-after=3' },
    });
    expect(response.status).toBe(429);
    const text = await response.text();
    expect(text).toBe(JSON.stringify(JSON.parse(text), null, 2));
    expect(JSON.parse(text)).toEqual({
      error: {
        code: 429,
        message: expect.stringContaining('You exceeded your current quota'),
        status: 'RESOURCE_EXHAUSTED',
        details: [{ '@type': 'type.googleapis.com/google.rpc.RetryInfo', retryDelay: '3s' }],
      },
    });
  });

  it.each([
    [500, 'INTERNAL'],
    [503, 'UNAVAILABLE'],
  ])('%i %s', async (status, googleStatus) => {
    const response = await postJson(provider, `${VERTEX}:streamGenerateContent?alt=sse`, generateBody(), {
      headers: { 'x-fake-fault': String(status) },
    });
    expect(response.status).toBe(status);
    expect(await response.json()).toEqual({ error: { code: status, message: expect.any(String), status: googleStatus } });
  });

  it('a fault can ride on the model of the path', async () => {
    const response = await postJson(provider, '/v1beta/models/gemini-2.5-flash+fault=503:generateContent', generateBody());
    expect(response.status).toBe(503);
    await response.text();
    expect(provider.served).toMatchObject([{ api: 'gemini', model: 'gemini-2.5-flash', status: 503, fault: '503' }]);
  });

  it.each([
    ['no contents', `${GEMINI}:generateContent`, { contents: [] }, {}, '* GenerateContentRequest.contents: contents is not specified\n'],
    [
      '529',
      `${GEMINI}:generateContent`,
      generateBody(),
      { 'x-fake-fault': '529' },
      "x-fake-fault: Fault '529' is not available on this API (status faults here: 429, 500, 503).",
    ],
    [
      'a stream without alt=sse',
      `${GEMINI}:streamGenerateContent`,
      generateBody(),
      {},
      'The fake provider streams streamGenerateContent as server-sent events only: add ?alt=sse (the JSON-array stream is not modelled).',
    ],
  ])('%s is a 400 INVALID_ARGUMENT', async (_name, path, body, headers, message) => {
    const response = await postJson(provider, path, body, { headers });
    expect(response.status).toBe(400);
    expect(await response.json()).toEqual({ error: { code: 400, message, status: 'INVALID_ARGUMENT' } });
  });
});

describe('ledger', () => {
  it('a stream cut after N chunks records the usage of the last chunk received', async () => {
    const { error } = await readUntilError(
      await postJson(provider, `${GEMINI}:streamGenerateContent?alt=sse`, generateBody(), {
        headers: { 'x-fake-fault': 'reset;after=3' },
      }),
    );
    expect(error).toBeInstanceOf(TypeError);
    expect(provider.served[0]).toMatchObject({ status: 200, fault: 'reset', usage: { candidatesTokenCount: 3 } });
  });

  it('a Vertex AI stream cut before its last chunk records no usage', async () => {
    await readUntilError(
      await postJson(provider, `${VERTEX}:streamGenerateContent?alt=sse`, generateBody(), {
        headers: { 'x-fake-fault': 'reset;after=3' },
      }),
    );
    expect(provider.served[0]).toMatchObject({ path: `${VERTEX}:streamGenerateContent`, status: 200 });
    expect(provider.served[0]?.usage).toBeUndefined();
  });
});
