// The Gemini API and Vertex AI routes through the real @google/genai (3.x).
import { ApiError, GoogleGenAI, type GenerateContentResponse } from '@google/genai';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { FIXED_CLOCK } from '../../test/helpers/http.js';
import { startFakeProvider } from '../server.js';
import type { FakeProvider } from '../types.js';

let provider: FakeProvider;
beforeEach(async () => {
  provider = await startFakeProvider({ clock: FIXED_CLOCK });
});
afterEach(async () => {
  await provider.stop();
});

/** A Gemini API client on the fake provider; `headers` go on every request (that is how tests pick faults). */
function gemini(headers: Record<string, string> = {}, retryAttempts?: number): GoogleGenAI {
  return new GoogleGenAI({
    apiKey: 'fake-key',
    httpOptions: {
      baseUrl: provider.url,
      headers,
      ...(retryAttempts === undefined ? {} : { retryOptions: { attempts: retryAttempts, initialDelay: 0 } }),
    },
  });
}

const request = { model: 'gemini-2.5-flash', contents: 'Say hello.', config: { systemInstruction: 'You are terse.' } };

async function lastChunk(client: GoogleGenAI): Promise<GenerateContentResponse | undefined> {
  let last: GenerateContentResponse | undefined;
  for await (const chunk of await client.models.generateContentStream(request)) last = chunk;
  return last;
}

describe('parsed by @google/genai', () => {
  it('generateContent: the SDK sees the usageMetadata the ledger recorded', async () => {
    const response = await gemini().models.generateContent(request);
    expect(response.text?.length).toBeGreaterThan(0);
    expect(response.usageMetadata?.thoughtsTokenCount).toBeGreaterThan(0);
    expect(provider.calls('gemini')).toEqual([
      {
        api: 'gemini',
        // @google/genai 3.x defaults to the v1 API for the Gemini API.
        path: '/v1/models/gemini-2.5-flash:generateContent',
        model: 'gemini-2.5-flash',
        stream: false,
        includeUsage: false,
        status: 200,
        usage: response.usageMetadata,
      },
    ]);
  });

  it('generateContentStream: the SDK splits the CRLF-framed events; the last chunk has the ledger usage', async () => {
    const plain = await gemini().models.generateContent(request);
    const chunks: GenerateContentResponse[] = [];
    for await (const chunk of await gemini().models.generateContentStream(request)) chunks.push(chunk);
    expect(chunks.map((chunk) => chunk.text).join('')).toBe(plain.text);
    expect(chunks.length).toBe(plain.usageMetadata?.candidatesTokenCount);
    expect(chunks.at(-1)?.usageMetadata).toEqual(plain.usageMetadata);
    expect(provider.served[1]).toMatchObject({ stream: true, includeUsage: true, usage: plain.usageMetadata });
  });

  it('Vertex AI (vertexai: true, project, location, custom baseUrl): the project path and trafficType', async () => {
    const vertex = new GoogleGenAI({
      vertexai: true,
      project: 'fake-project',
      location: 'us-central1',
      // An API key keeps google-auth-library (ADC) out of the test; the path keeps its project prefix.
      apiKey: 'fake-key',
      apiVersion: 'v1',
      httpOptions: { baseUrl: provider.url },
    });
    const response = await vertex.models.generateContent(request);
    let last: GenerateContentResponse | undefined;
    for await (const chunk of await vertex.models.generateContentStream(request)) last = chunk;
    expect(response.usageMetadata?.trafficType).toBe('ON_DEMAND');
    expect(last?.usageMetadata).toEqual(response.usageMetadata);
    expect(provider.served.map(({ path, usage }) => ({ path, usage }))).toEqual([
      {
        path: '/v1/projects/fake-project/locations/us-central1/publishers/google/models/gemini-2.5-flash:generateContent',
        usage: response.usageMetadata,
      },
      {
        path: '/v1/projects/fake-project/locations/us-central1/publishers/google/models/gemini-2.5-flash:streamGenerateContent',
        usage: response.usageMetadata,
      },
    ]);
  });
});

describe('faults through the SDK', () => {
  it.each([
    ['429', 429],
    ['500', 500],
    ['503', 503],
  ])('%s → ApiError with status %i', async (spec, status) => {
    const error = await gemini({ 'x-fake-fault': spec })
      .models.generateContent(request)
      .catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(ApiError);
    expect((error as ApiError).status).toBe(status);
    expect(provider.served).toMatchObject([{ status, fault: spec }]);
  });

  it('hang: pending until the caller aborts', async () => {
    const controller = new AbortController();
    const pending = gemini({ 'x-fake-fault': 'hang' }).models.generateContent({
      ...request,
      config: { ...request.config, abortSignal: controller.signal },
    });
    await provider.waitForRequests(1);
    controller.abort();
    await expect(pending).rejects.toMatchObject({ name: 'AbortError' });
    await provider.stop();
    expect(provider.served).toMatchObject([{ status: 0, fault: 'hang' }]);
  });

  it('reset, malformed-json and malformed-sse make the call fail', async () => {
    const final = (await gemini().models.generateContent(request)).usageMetadata;
    provider.reset();
    await expect(gemini({ 'x-fake-fault': 'reset' }).models.generateContent(request)).rejects.toBeInstanceOf(Error);
    await expect(gemini({ 'x-fake-fault': 'malformed-json' }).models.generateContent(request)).rejects.toBeInstanceOf(SyntaxError);
    await expect(lastChunk(gemini({ 'x-fake-fault': 'reset;after=2' }))).rejects.toThrow('terminated');
    await expect(lastChunk(gemini({ 'x-fake-fault': 'malformed-sse;at=1' }))).rejects.toBeInstanceOf(SyntaxError);
    expect(provider.calls('gemini').map((call) => [call.fault, call.usage?.candidatesTokenCount])).toEqual([
      ['reset', undefined],
      ['malformed-json', undefined],
      ['reset', 2],
      // The server sent the rest of the stream intact, so the last chunk's usage was delivered.
      ['malformed-sse', final?.candidatesTokenCount],
    ]);
  });

  it('gzip and slow: the normal response', async () => {
    const plain = await gemini().models.generateContent(request);
    const gzipped = await lastChunk(gemini({ 'x-fake-fault': 'gzip' }));
    const slow = await gemini({ 'x-fake-fault': 'slow;ttfb-ms=5;chunk-delay-ms=1' }).models.generateContent(request);
    expect(gzipped?.usageMetadata).toEqual(plain.usageMetadata);
    expect(slow.text).toBe(plain.text);
  });
});

describe('retries', () => {
  it('@google/genai does not retry by default: 429;times=1;key=… fails once', async () => {
    const error = await gemini({ 'x-fake-fault': '429;times=1;key=no-retry' })
      .models.generateContent(request)
      .catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(ApiError);
    expect(provider.served.map(({ status, attempt }) => ({ status, attempt }))).toEqual([{ status: 429, attempt: 1 }]);
  });

  it('with httpOptions.retryOptions it retries; the key counts the attempts server-side', async () => {
    const response = await gemini({ 'x-fake-fault': '429;times=1;key=with-retry' }, 2).models.generateContent(request);
    expect(provider.served.map(({ status, fault, attempt }) => ({ status, fault, attempt }))).toEqual([
      { status: 429, fault: '429', attempt: 1 },
      { status: 200, fault: undefined, attempt: 2 },
    ]);
    expect(provider.served[1]?.usage).toEqual(response.usageMetadata);
  });
});
