/**
 * Clients other than the SDK's default: a hand-written fetch, a fetch passed as the SDK's `fetch`
 * option, real provider hostnames (resolved to the fake provider by an undici dispatcher), and
 * requests that are not LLM calls.
 */
import { startFakeProvider, type FakeProvider } from '@genai-otel/fake-provider';
import OpenAI from 'openai';
import { Agent } from 'undici';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { instrumentFetch } from '../src/index.js';
import { chatUsage, setupTelemetry } from './telemetry.js';

const telemetry = setupTelemetry();
let provider: FakeProvider;
const originalFetch = globalThis.fetch;
/** Connects every hostname to the fake provider, so real provider hosts can be used in URLs. */
const loopback = new Agent({
  connect: { lookup: (_hostname, _options, callback) => callback(null, [{ address: '127.0.0.1', family: 4 }]) },
});

beforeAll(async () => {
  provider = await startFakeProvider({ clock: () => 1_767_225_600_000 });
  telemetry.instrumentation.enable();
});
afterAll(async () => {
  telemetry.instrumentation.disable();
  await loopback.close();
  await provider.stop();
});
beforeEach(async () => {
  await telemetry.reset();
  provider.reset();
});

const body = JSON.stringify({ model: 'deepseek-chat', messages: [{ role: 'user', content: 'hi' }], stream: true });

async function handWritten(baseURL: string, init: RequestInit = {}): Promise<string> {
  const response = await fetch(`${baseURL}/chat/completions`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: 'Bearer sk-test-not-a-key' },
    body,
    ...init,
  });
  return response.text();
}

describe('global fetch', () => {
  it('is replaced while enabled and restored on disable', () => {
    expect(globalThis.fetch).not.toBe(originalFetch);
    telemetry.instrumentation.disable();
    expect(globalThis.fetch).toBe(originalFetch);
    telemetry.instrumentation.enable();
    expect(globalThis.fetch).not.toBe(originalFetch);
  });
});

describe('a hand-written fetch client', () => {
  it('gets byte-identical stream output and a GenAI span for an unknown gateway host', async () => {
    telemetry.instrumentation.disable();
    const plain = await handWritten(provider.baseURL);
    telemetry.instrumentation.enable();
    const instrumented = await handWritten(provider.baseURL);
    const [span] = await telemetry.waitForSpans(1);
    expect(instrumented).toBe(plain);
    expect(span!.name).toBe('chat deepseek-chat');
    expect(span!.attributes).toMatchObject({
      'gen_ai.provider.name': 'openai_compatible',
      'server.address': '127.0.0.1',
      'server.port': provider.port,
      'gen_ai.usage.input_tokens': chatUsage(provider.served[1]).prompt_tokens,
    });
    expect(span!.attributes).not.toHaveProperty('gen_ai.usage.cache_read.input_tokens');
  });

  it('works with a Request object as input', async () => {
    const request = new Request(`${provider.baseURL}/chat/completions`, { method: 'POST', body, headers: { 'content-type': 'application/json' } });
    const text = await (await fetch(request)).text();
    const [span] = await telemetry.waitForSpans(1);
    expect(text).not.toContain('"usage"');
    expect(provider.served[0]!.includeUsage).toBe(true);
    expect(span!.attributes['gen_ai.usage.output_tokens']).toBe(chatUsage(provider.served[0]).completion_tokens);
  });
});

describe('provider detection by host', () => {
  it.each([
    ['api.openai.com', 'openai'],
    ['api.deepseek.com', 'deepseek'],
    ['llm-gateway.example.internal', 'openai_compatible'],
  ])('%s → %s through the real SDK', async (host, providerName) => {
    const client = new OpenAI({
      apiKey: 'sk-test-not-a-key',
      baseURL: `http://${host}:${provider.port}/v1`,
      maxRetries: 0,
      fetchOptions: { dispatcher: loopback } as OpenAI.RequestOptions['fetchOptions'],
    });
    await client.chat.completions.create({ model: 'gpt-4.1', messages: [{ role: 'user', content: 'hi' }] });
    const [span] = await telemetry.waitForSpans(1);
    expect(span!.attributes).toMatchObject({
      'gen_ai.provider.name': providerName,
      'server.address': host,
      'server.port': provider.port,
    });
  });

  it('honours providerHosts overrides', async () => {
    telemetry.instrumentation.setConfig({ providerHosts: { [`127.0.0.1:${provider.port}`]: 'deepseek' } });
    try {
      await handWritten(provider.baseURL);
      const [span] = await telemetry.waitForSpans(1);
      expect(span!.attributes['gen_ai.provider.name']).toBe('deepseek');
    } finally {
      telemetry.instrumentation.setConfig({});
    }
  });
});

describe('instrumentFetch for the SDK fetch option', () => {
  it('records calls of a client constructed with its own fetch, once', async () => {
    const client = new OpenAI({ apiKey: 'sk-test-not-a-key', baseURL: provider.baseURL, maxRetries: 0, fetch: instrumentFetch(globalThis.fetch) });
    await client.chat.completions.create({ model: 'gpt-4.1', messages: [{ role: 'user', content: 'hi' }] });
    await telemetry.waitForSpans(1);
    const ownFetch = instrumentFetch(originalFetch);
    await ownFetch(`${provider.baseURL}/chat/completions`, { method: 'POST', body: JSON.stringify({ model: 'gpt-4.1', messages: [] }) });
    await telemetry.waitForSpans(2);
    expect(telemetry.spans().map((span) => span.name)).toEqual(['chat gpt-4.1', 'chat gpt-4.1']);
  });
});

describe('requests that are not LLM calls', () => {
  it('pass through with their body never read and no span', async () => {
    let bodyReads = 0;
    const init = {
      method: 'POST',
      get body() {
        bodyReads += 1;
        return '{"model":"gpt-4.1","messages":[]}';
      },
    };
    telemetry.instrumentation.disable();
    const plain = await fetch(`${provider.url}/v1/files`, init);
    const plainReads = bodyReads;
    telemetry.instrumentation.enable();
    bodyReads = 0;
    const instrumented = await fetch(`${provider.url}/v1/files`, init);
    expect(bodyReads).toBe(plainReads);
    expect(instrumented.status).toBe(plain.status);
    expect(await instrumented.text()).toBe(await plain.text());
    const get = await fetch(`${provider.baseURL}/chat/completions`);
    await get.text();
    expect(telemetry.spans()).toEqual([]);
  });
});
