// The Anthropic Messages route through the real @anthropic-ai/sdk (1.x): the SDK's parsers
// accept the fake's wire format, see the usage the ledger recorded, and raise the right errors.
import Anthropic from '@anthropic-ai/sdk';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { FIXED_CLOCK } from '../../test/helpers/http.js';
import { startFakeProvider } from '../server.js';
import type { FakeProvider } from '../types.js';

let provider: FakeProvider;
let client: Anthropic;
beforeEach(async () => {
  provider = await startFakeProvider({ clock: FIXED_CLOCK });
  // No OpenTelemetry provider is registered in these tests, so the SDK's own spans are no-ops.
  client = new Anthropic({ baseURL: provider.url, apiKey: 'sk-ant-fake', maxRetries: 0 });
});
afterEach(async () => {
  await provider.stop();
});

const params = {
  model: 'claude-haiku-4-5',
  max_tokens: 256,
  messages: [{ role: 'user' as const, content: 'Say hello.' }],
};
const fault = (spec: string): { headers: Record<string, string> } => ({ headers: { 'x-fake-fault': spec } });

describe('parsed by @anthropic-ai/sdk', () => {
  it('messages.create: the SDK sees the usage the ledger recorded', async () => {
    const message = await client.messages.create(params);
    expect(message.content[0]?.type).toBe('text');
    expect(message.stop_reason).toBe('end_turn');
    expect(provider.calls('anthropic.messages')).toEqual([
      {
        api: 'anthropic.messages',
        path: '/v1/messages',
        model: 'claude-haiku-4-5',
        stream: false,
        includeUsage: false,
        status: 200,
        attempt: 1,
        usage: message.usage,
      },
    ]);
  });

  it('messages.stream + finalMessage(): the merged usage equals the ledger and the non-stream usage', async () => {
    const body = { ...params, model: 'claude-sonnet-4-6', max_tokens: 4096, thinking: { type: 'enabled' as const, budget_tokens: 2048 } };
    const plain = await client.messages.create(body);
    const final = await client.messages.stream(body).finalMessage();
    expect(final.usage).toEqual(plain.usage);
    expect(final.usage.output_tokens_details?.thinking_tokens).toBeGreaterThan(0);
    expect(final.content).toEqual(plain.content);
    expect(provider.served.at(-1)?.usage).toEqual(final.usage);
  });

  it('messages.create({stream: true}) yields the raw events in order (ping is dropped by the SDK)', async () => {
    const stream = await client.messages.create({ ...params, stream: true });
    const types: string[] = [];
    for await (const event of stream) types.push(event.type);
    expect(types[0]).toBe('message_start');
    expect(types.slice(-2)).toEqual(['message_delta', 'message_stop']);
    expect(types).not.toContain('ping');
  });

  it('a request with cache usage: input_tokens excludes cache reads and writes', async () => {
    const message = await client.messages.create(params, {
      headers: { 'x-fake-usage': 'input=12,cache_read=3000,cache_write_1h=500' },
    });
    expect(message.usage).toMatchObject({
      input_tokens: 12,
      cache_read_input_tokens: 3000,
      cache_creation_input_tokens: 500,
      cache_creation: { ephemeral_5m_input_tokens: 0, ephemeral_1h_input_tokens: 500 },
    });
  });
});

describe('faults through the SDK', () => {
  it.each([
    ['429;retry-after=0', 'RateLimitError', Anthropic.RateLimitError, 429, 'rate_limit_error'],
    ['500', 'InternalServerError', Anthropic.InternalServerError, 500, 'api_error'],
    ['503', 'InternalServerError', Anthropic.InternalServerError, 503, 'api_error'],
    ['529', 'InternalServerError', Anthropic.InternalServerError, 529, 'overloaded_error'],
  ])('%s → %s', async (spec, _name, errorClass, status, type) => {
    const error = await client.messages.create(params, fault(spec)).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(errorClass);
    expect(error).toMatchObject({ status, error: { type: 'error', error: { type } } });
    expect((error as InstanceType<typeof Anthropic.APIError>).requestID).toMatch(/^req_011C/);
    expect(provider.served).toMatchObject([{ status, fault: spec.split(';')[0], attempt: 1 }]);
    expect(provider.served[0]?.usage).toBeUndefined();
  });

  it('529 is an OverloadedError and 503 a ServiceUnavailableError', async () => {
    const overloaded = await client.messages.create(params, fault('529')).catch((caught: unknown) => caught);
    const unavailable = await client.messages.create(params, fault('503')).catch((caught: unknown) => caught);
    expect((overloaded as Error).constructor.name).toBe('OverloadedError');
    expect((unavailable as Error).constructor.name).toBe('ServiceUnavailableError');
  });

  it('hang: the call stays pending until the caller aborts (APIUserAbortError)', async () => {
    const controller = new AbortController();
    const pending = client.messages.create(params, { ...fault('hang'), signal: controller.signal });
    await provider.waitForRequests(1);
    controller.abort();
    await expect(pending).rejects.toBeInstanceOf(Anthropic.APIUserAbortError);
    await provider.stop();
    expect(provider.served).toMatchObject([{ status: 0, fault: 'hang' }]);
  });

  it('reset: a stream fails mid-way; the ledger keeps the message_start usage', async () => {
    const stream = client.messages.stream(params, fault('reset;after=4'));
    await expect(stream.finalMessage()).rejects.toBeInstanceOf(Error);
    expect(provider.served[0]).toMatchObject({ status: 200, fault: 'reset', usage: { output_tokens: 1 } });
  });

  it('reset / malformed-json: a non-stream body that breaks off or is not JSON fails the call', async () => {
    await expect(client.messages.create(params, fault('reset'))).rejects.toBeInstanceOf(Error);
    await expect(client.messages.create(params, fault('malformed-json'))).rejects.toBeInstanceOf(Error);
    expect(provider.served.map((call) => [call.status, call.fault, call.usage])).toEqual([
      [200, 'reset', undefined],
      [200, 'malformed-json', undefined],
    ]);
  });

  it('malformed-sse: the SDK rejects the corrupted event (an AnthropicError wrapping the JSON error)', async () => {
    const error = await client.messages
      .stream(params, fault('malformed-sse;at=3'))
      .finalMessage()
      .catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(Anthropic.AnthropicError);
    expect((error as Error).message).toMatch(/JSON/);
  });

  it('gzip and slow: the normal response, decoded', async () => {
    const plain = await client.messages.create(params);
    const gzipped = await client.messages.stream(params, fault('gzip')).finalMessage();
    const slow = await client.messages.create(params, fault('slow;ttfb-ms=5;chunk-delay-ms=1'));
    expect(gzipped.content).toEqual(plain.content);
    expect(slow).toEqual(plain);
  });
});

describe('retry schedules', () => {
  it.each(['429;retry-after=0;retry-after-ms=1;times=1', '529;retry-after-ms=1;times=1'])(
    '%s: the SDK retries once and succeeds; two ledger entries',
    async (spec) => {
      const retrying = new Anthropic({ baseURL: provider.url, apiKey: 'sk-ant-fake', maxRetries: 2 });
      const message = await retrying.messages.create(params, fault(spec));
      const kind = spec.split(';')[0];
      expect(provider.served.map(({ status, fault: kind, attempt }) => ({ status, kind, attempt }))).toEqual([
        { status: Number(kind), kind, attempt: 1 },
        { status: 200, kind: undefined, attempt: 2 },
      ]);
      expect(provider.served[1]?.usage).toEqual(message.usage);
    },
  );

  it('without times, every attempt fails and the SDK gives up after maxRetries', async () => {
    const retrying = new Anthropic({ baseURL: provider.url, apiKey: 'sk-ant-fake', maxRetries: 1 });
    await expect(retrying.messages.create(params, fault('529;retry-after-ms=1'))).rejects.toBeInstanceOf(Anthropic.InternalServerError);
    expect(provider.served.map((call) => call.attempt)).toEqual([1, 2]);
  });
});
