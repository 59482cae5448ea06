// The fake's OpenAI streams against the shape of real ones (@genai-otel/providers'
// src/<api>/__fixtures__/reference/, each file says where its stream was recorded): member order and
// value types of every chunk or event, optional members included, so a member the API adds (as it
// did `obfuscation`) fails here first.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readFixture } from '@genai-otel/providers/fixtures';
import { FIXED_CLOCK, chatBody, postChat, postJson } from '../../test/helpers/http.js';
import { shape } from '../../test/helpers/shape.js';
import { startFakeProvider } from '../server.js';
import type { FakeProvider } from '../types.js';

let provider: FakeProvider;
beforeAll(async () => {
  provider = await startFakeProvider({ clock: FIXED_CLOCK });
});
afterAll(async () => {
  await provider.stop();
});

interface Event {
  event?: string;
  data: string;
}

/** The events of an SSE text; `:` comment lines (the reference files' notes) are skipped. */
function events(text: string): Event[] {
  return text
    .split('\n\n')
    .map((block) => block.split('\n').filter((line) => line !== '' && !line.startsWith(':')))
    .filter((lines) => lines.length > 0)
    .map((lines) => {
      const event: Event = { data: '' };
      for (const line of lines) {
        if (line.startsWith('event: ')) event.event = line.slice('event: '.length);
        else if (line.startsWith('data: ')) event.data = line.slice('data: '.length);
        else throw new Error(`unexpected SSE line: ${JSON.stringify(line)}`);
      }
      return event;
    });
}

function reference(api: 'openai-chat' | 'openai-responses', name: string): Event[] {
  return events(readFixture(api, `reference/${name}`));
}

const chunkShape = (event: Event): string => shape(JSON.parse(event.data));

/** Which of a chat stream's chunks each is: the role chunk, content, the finish chunk, the usage chunk. */
function chatKinds(chunks: Event[]): string[] {
  return chunks.map((event) => {
    if (event.data === '[DONE]') return 'done';
    const chunk = JSON.parse(event.data);
    const choice = chunk.choices[0];
    if (choice === undefined) return 'usage';
    if (choice.finish_reason !== null) return 'finish';
    return 'role' in choice.delta ? 'role' : 'content';
  });
}

/** One reference chunk per kind, and the fake's chunks of each kind all shaped like it. */
function expectChatShapes(fake: Event[], real: Event[], adapt: (chunk: Record<string, unknown>) => unknown = (chunk) => chunk): void {
  const realKinds = chatKinds(real);
  const fakeKinds = chatKinds(fake);
  expect([...new Set(fakeKinds)]).toEqual(realKinds);
  for (const [index, event] of fake.entries()) {
    const kind = fakeKinds[index]!;
    if (kind === 'done') continue;
    const expected = chunkShape(real[realKinds.indexOf(kind)]!);
    expect({ kind, shape: shape(adapt(JSON.parse(event.data))) }).toEqual({ kind, shape: expected });
  }
  expect(fake.at(-1)?.data).toBe('[DONE]');
}

describe('OpenAI Chat Completions stream, as recorded from the API', () => {
  it('default stream options: role, content and finish chunks with `obfuscation` last', async () => {
    const response = await postChat(provider, chatBody({ stream: true }));
    expectChatShapes(events(await response.text()), reference('openai-chat', 'openai-chat-stream.sse'));
  });

  it('include_usage: "usage":null before `obfuscation` on every chunk, and the usage chunk; the content-type', async () => {
    const response = await postChat(provider, chatBody({ stream: true, stream_options: { include_usage: true } }));
    expect(response.headers.get('content-type')).toBe('text/event-stream; charset=utf-8');
    // The recording is of a reasoning model, which leaves `logprobs` out and sends no fingerprint.
    const asReasoningModel = (chunk: Record<string, unknown>): unknown => ({
      ...chunk,
      system_fingerprint: null,
      choices: (chunk.choices as Array<Record<string, unknown>>).map(({ logprobs: _logprobs, ...choice }) => choice),
    });
    expectChatShapes(events(await response.text()), reference('openai-chat', 'openai-chat-stream-include-usage.sse'), asReasoningModel);
  });

  it('include_obfuscation: false drops `obfuscation` from every chunk and changes nothing else', async () => {
    const options = { include_usage: true };
    const padded = await (await postChat(provider, chatBody({ stream: true, stream_options: options }))).text();
    const plain = await (await postChat(provider, chatBody({ stream: true, stream_options: { ...options, include_obfuscation: false } }))).text();
    expect(plain).not.toContain('obfuscation');
    expect(padded.replace(/,"obfuscation":"[0-9A-Za-z]+"\}\n/g, '}\n')).toBe(plain);
  });
});

describe('OpenAI Responses stream, as recorded from the API', () => {
  const body = { model: 'gpt-4o-mini', input: 'Say hello.', stream: true };

  it('the same events, each with `type` first and the other members in alphabetical order', async () => {
    const response = await postJson(provider, '/v1/responses', body);
    expect(response.headers.get('content-type')).toBe('text/event-stream; charset=utf-8');
    const fake = events(await response.text());
    const real = reference('openai-responses', 'openai-responses-stream.sse');
    expect([...new Set(fake.map((event) => event.event))]).toEqual(real.map((event) => event.event));
    for (const event of fake) {
      const expected = real.find((candidate) => candidate.event === event.event)!;
      expect({ event: event.event, shape: chunkShape(event) }).toEqual({ event: event.event, shape: chunkShape(expected) });
    }
  });

  it('include_obfuscation: false drops `obfuscation` from every delta and changes nothing else', async () => {
    const padded = await (await postJson(provider, '/v1/responses', body)).text();
    const plain = await (await postJson(provider, '/v1/responses', { ...body, stream_options: { include_obfuscation: false } })).text();
    expect(padded).toContain('"obfuscation":');
    expect(plain).not.toContain('obfuscation');
    expect(padded.replace(/,"obfuscation":"[0-9A-Za-z]+"/g, '')).toBe(plain);
  });
});
