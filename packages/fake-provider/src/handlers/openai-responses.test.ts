// The Responses API route over plain HTTP: golden wire output, event sequence, usage, errors.
// Through the real openai SDK: openai-sdk.test.ts.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { fixturePath } from '@genai-otel/providers/fixtures';
import { FIXED_CLOCK, postJson, prettyJson, readUntilError, sseEvents } from '../../test/helpers/http.js';
import { startFakeProvider } from '../server.js';
import type { FakeProvider, OpenAIResponsesUsage } from '../types.js';

const PATH = '/v1/responses';

let provider: FakeProvider;
beforeEach(async () => {
  provider = await startFakeProvider({ clock: FIXED_CLOCK });
});
afterEach(async () => {
  await provider.stop();
});

function responsesBody(overrides: Record<string, unknown> = {}): Record<string, unknown> {
  return { model: 'gpt-4.1', instructions: 'You are terse.', input: 'Say hello.', ...overrides };
}

interface ResponseJson {
  id: string;
  status: string;
  model: string;
  output: Array<{ type: string; status?: string; content?: Array<{ text: string }> }>;
  incomplete_details: { reason: string } | null;
  service_tier: string;
  usage: OpenAIResponsesUsage | null;
}

async function responseOf(body: Record<string, unknown>, headers: Record<string, string> = {}): Promise<ResponseJson> {
  const response = await postJson(provider, PATH, body, { headers });
  expect(response.status).toBe(200);
  return (await response.json()) as ResponseJson;
}

async function streamOf(body: Record<string, unknown>): Promise<Array<{ event?: string; data: Record<string, unknown> }>> {
  const response = await postJson(provider, PATH, { ...body, stream: true });
  return sseEvents(await response.text()).map((event) => ({ event: event.event, data: JSON.parse(event.data) }));
}

describe('golden wire output (fixed clock)', () => {
  it('non-stream response', async () => {
    const response = await postJson(provider, PATH, responsesBody());
    const body = await response.text();
    expect(body).toBe(JSON.stringify(JSON.parse(body)));
    await expect(prettyJson(body)).toMatchFileSnapshot(fixturePath('openai-responses', 'openai-responses.json'));
  });

  it('stream', async () => {
    const response = await postJson(provider, PATH, responsesBody({ stream: true }));
    expect(response.headers.get('content-type')).toBe('text/event-stream; charset=utf-8');
    await expect(await response.text()).toMatchFileSnapshot(fixturePath('openai-responses', 'openai-responses-stream.sse'));
  });

  it('reasoning model, stream', async () => {
    const response = await postJson(provider, PATH, responsesBody({ model: 'o4-mini', stream: true }));
    await expect(await response.text()).toMatchFileSnapshot(fixturePath('openai-responses', 'openai-responses-reasoning-stream.sse'));
  });
});

describe('wire format', () => {
  it('streams the real event sequence with sequence_number from 0, each named after its type', async () => {
    const events = await streamOf(responsesBody());
    const types = events.map((event) => event.data.type);
    expect(types.slice(0, 4)).toEqual(['response.created', 'response.in_progress', 'response.output_item.added', 'response.content_part.added']);
    expect(types.slice(-5)).toEqual([
      'response.output_text.delta',
      'response.output_text.done',
      'response.content_part.done',
      'response.output_item.done',
      'response.completed',
    ]);
    expect(events.map((event) => event.data.sequence_number)).toEqual(events.map((_, index) => index));
    for (const event of events) expect(event.event).toBe(event.data.type);
  });

  it('response.completed carries the same response as the non-stream body', async () => {
    const body = await responseOf(responsesBody());
    const events = await streamOf(responsesBody());
    expect(events.at(-1)?.data.response).toEqual(body);
    const created = events[0]?.data.response as ResponseJson;
    expect(created).toMatchObject({ id: body.id, status: 'in_progress', output: [], usage: null, service_tier: 'auto' });
    expect(body.service_tier).toBe('default');
  });

  it('reasoning models: a reasoning item first, reasoning tokens inside output_tokens', async () => {
    const body = await responseOf(responsesBody({ model: 'o4-mini' }));
    expect(body.output.map((item) => item.type)).toEqual(['reasoning', 'message']);
    const { output_tokens, output_tokens_details } = body.usage ?? ({} as OpenAIResponsesUsage);
    expect(output_tokens_details.reasoning_tokens).toBe(Math.floor(output_tokens / 2));
    expect(body.output[1]?.content?.[0]?.text.split(' ')).toHaveLength(output_tokens - output_tokens_details.reasoning_tokens);
  });

  it('max_output_tokens below the natural length: status incomplete, incomplete_details, response.incomplete', async () => {
    const body = await responseOf(responsesBody({ max_output_tokens: 3 }));
    expect(body).toMatchObject({
      status: 'incomplete',
      incomplete_details: { reason: 'max_output_tokens' },
      output: [{ type: 'message', status: 'incomplete' }],
      usage: { output_tokens: 3 },
    });
    const events = await streamOf(responsesBody({ max_output_tokens: 3 }));
    expect(events.at(-1)?.data.type).toBe('response.incomplete');
    expect(provider.served.map((call) => call.usage)).toEqual([body.usage, body.usage]);
  });

  it('x-fake-usage uses the chat keys: prompt, completion, cached, reasoning', async () => {
    const body = await responseOf(responsesBody({ model: 'gpt-5' }), {
      'x-fake-usage': 'prompt=2000,completion=30,cached=1920,reasoning=20',
    });
    expect(body.usage).toEqual({
      input_tokens: 2000,
      input_tokens_details: { cached_tokens: 1920 },
      output_tokens: 30,
      output_tokens_details: { reasoning_tokens: 20 },
      total_tokens: 2030,
    });
  });
});

describe('errors and ledger', () => {
  it('rejects a body without a model with OpenAI’s error shape', async () => {
    const response = await postJson(provider, PATH, { input: 'x' });
    expect(response.status).toBe(400);
    expect(await response.json()).toEqual({
      error: {
        message: "Missing required parameter: 'model'.",
        type: 'invalid_request_error',
        param: 'model',
        code: 'missing_required_parameter',
      },
    });
  });

  it('a stream cut before response.completed records no usage', async () => {
    await readUntilError(await postJson(provider, PATH, responsesBody({ stream: true }), { headers: { 'x-fake-fault': 'reset;after=5' } }));
    expect(provider.served).toEqual([
      {
        api: 'openai.responses',
        path: PATH,
        model: 'gpt-4.1',
        stream: true,
        includeUsage: true,
        status: 200,
        fault: 'reset',
      },
    ]);
  });
});
