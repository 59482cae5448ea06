// The fake's Ollama chat output against the shape of real responses (packages/providers/src/
// ollama-chat/__fixtures__/reference/, whose README names each source): member order and value
// types of the body, of every kind of stream line, and of the error bodies.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readFixture } from '@genai-otel/providers/fixtures';
import { FIXED_CLOCK, postJson } from '../../test/helpers/http.js';
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

type Line = Record<string, unknown>;

/** The objects of an NDJSON text. */
function lines(text: string): Line[] {
  return text
    .split('\n')
    .filter((line) => line !== '')
    .map((line) => JSON.parse(line) as Line);
}

function reference(name: string): Line[] {
  return lines(readFixture('ollama-chat', `reference/${name}`));
}

async function chat(body: Record<string, unknown>, headers: Record<string, string> = {}): Promise<Response> {
  return postJson(provider, '/api/chat', { messages: [{ role: 'user', content: 'Say hello.' }], ...body }, { headers });
}

/** Which kind of stream line each is. */
function kinds(stream: Line[]): string[] {
  return stream.map((line) => {
    if ('error' in line) return 'error';
    if (line.done === true) return 'final';
    return 'thinking' in (line.message as object) ? 'thinking' : 'content';
  });
}

/** One reference line per kind, and every line of the fake's of that kind shaped like it. */
function expectStreamShapes(fake: Line[], real: Line[]): void {
  const realKinds = kinds(real);
  const fakeKinds = kinds(fake);
  expect([...new Set(fakeKinds)]).toEqual(realKinds);
  for (const [index, line] of fake.entries()) {
    const kind = fakeKinds[index];
    expect({ kind, shape: shape(line) }).toEqual({ kind, shape: shape(real[realKinds.indexOf(kind ?? '')]) });
  }
}

describe('Ollama chat, as the server sends it', () => {
  it('"stream": false: the body', async () => {
    const body = (await (await chat({ model: 'llama3.1', stream: false })).json()) as Line;
    expect(shape(body)).toBe(shape(JSON.parse(readFixture('ollama-chat', 'reference/ollama-chat.json'))));
  });

  it('a stream: content lines, then the final line with done_reason and the metrics', async () => {
    const fake = lines(await (await chat({ model: 'llama3.2' })).text());
    expectStreamShapes(fake, reference('ollama-chat-stream.ndjson'));
  });

  it('a thinking model: thinking lines ("content":"" first), content lines, the final line', async () => {
    const fake = lines(await (await chat({ model: 'qwen3' })).text());
    expectStreamShapes(fake, reference('ollama-chat-thinking-stream.ndjson'));
  });

  it('errors: the 404 body word for word, and the in-band stream error line', async () => {
    const notFound = JSON.parse(readFixture('ollama-chat', 'reference/ollama-chat-404.json'));
    const midStream = reference('ollama-chat-stream-error.ndjson').at(-1);
    expect(await (await chat({ model: 'llama3.2' }, { 'x-fake-fault': '404' })).json()).toEqual(notFound);
    const stream = lines(await (await chat({ model: 'llama3.2' }, { 'x-fake-fault': 'stream-error;after=1' })).text());
    expect(stream.at(-1)).toEqual(midStream);
  });
});
