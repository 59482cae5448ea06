// The embeddings route over plain HTTP. Through the real openai SDK: openai-sdk.test.ts.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { fixturePath } from '@genai-otel/providers/fixtures';
import { FIXED_CLOCK, postJson, prettyJson } from '../../test/helpers/http.js';
import { startFakeProvider } from '../server.js';
import type { FakeProvider } from '../types.js';

const PATH = '/v1/embeddings';

let provider: FakeProvider;
beforeEach(async () => {
  provider = await startFakeProvider({ clock: FIXED_CLOCK });
});
afterEach(async () => {
  await provider.stop();
});

interface EmbeddingsJson {
  object: string;
  data: Array<{ object: string; index: number; embedding: number[] | string }>;
  model: string;
  usage: { prompt_tokens: number; total_tokens: number };
}

async function embed(body: Record<string, unknown>): Promise<EmbeddingsJson> {
  const response = await postJson(provider, PATH, body);
  expect(response.status).toBe(200);
  return (await response.json()) as EmbeddingsJson;
}

function decodeBase64(text: string): number[] {
  const bytes = Buffer.from(text, 'base64');
  return Array.from({ length: bytes.length / 4 }, (_, index) => bytes.readFloatLE(index * 4));
}

describe('golden wire output', () => {
  it.each(['float', 'base64'])('%s', async (format) => {
    const response = await postJson(provider, PATH, {
      model: 'text-embedding-3-small',
      input: ['Say hello.', 'Say goodbye.'],
      dimensions: 4,
      encoding_format: format,
    });
    const body = await response.text();
    expect(body).toBe(JSON.stringify(JSON.parse(body)));
    await expect(prettyJson(body)).toMatchFileSnapshot(fixturePath('openai-embeddings', `openai-embeddings-${format}.json`));
  });
});

describe('vectors', () => {
  it('float and base64 encode the same float32 values; vectors have length 1', async () => {
    const body = { model: 'text-embedding-3-small', input: 'Say hello.', dimensions: 16 };
    const floats = (await embed({ ...body, encoding_format: 'float' })).data[0]?.embedding as number[];
    const base64 = decodeBase64((await embed({ ...body, encoding_format: 'base64' })).data[0]?.embedding as string);
    expect(floats.map((value) => Math.fround(value))).toEqual(base64);
    expect(Math.hypot(...base64)).toBeCloseTo(1, 5);
  });

  it('defaults to the model’s native size; float is the default wire encoding', async () => {
    const small = await embed({ model: 'text-embedding-3-small', input: 'x' });
    const large = await embed({ model: 'text-embedding-3-large', input: 'x' });
    expect((small.data[0]!.embedding as number[]).length).toBe(1536);
    expect((large.data[0]!.embedding as number[]).length).toBe(3072);
  });

  it('an input gets the same vector alone or in a batch; token-array inputs count their length', async () => {
    const alone = await embed({ model: 'text-embedding-3-small', input: 'abcdefgh', dimensions: 8 });
    const batch = await embed({ model: 'text-embedding-3-small', input: ['x', 'abcdefgh'], dimensions: 8 });
    expect(batch.data[1]?.embedding).toEqual(alone.data[0]?.embedding);
    expect(batch.usage).toEqual({ prompt_tokens: 3, total_tokens: 3 });
    const tokens = await embed({ model: 'text-embedding-3-small', input: [[1, 2, 3], [4]], dimensions: 2 });
    expect(tokens.usage.prompt_tokens).toBe(4);
  });

  it('x-fake-usage prompt= sets the usage; the ledger has it', async () => {
    const response = await postJson(
      provider,
      PATH,
      { model: 'text-embedding-3-small', input: 'x', dimensions: 2 },
      {
        headers: { 'x-fake-usage': 'prompt=77' },
      },
    );
    const body = (await response.json()) as EmbeddingsJson;
    expect(body.usage).toEqual({ prompt_tokens: 77, total_tokens: 77 });
    expect(provider.served).toEqual([
      {
        api: 'openai.embeddings',
        path: PATH,
        model: 'text-embedding-3-small',
        stream: false,
        includeUsage: false,
        status: 200,
        usage: body.usage,
      },
    ]);
  });
});

describe('validation', () => {
  it.each([
    [{ model: 'text-embedding-ada-002', input: 'x', dimensions: 8 }, 'This model does not support specifying dimensions.'],
    [{ model: 'text-embedding-3-small', input: '' }, "'$.input' is invalid. Please check the API reference: https://platform.openai.com/docs/api-reference."],
    [
      { model: 'text-embedding-3-small', input: 'x', encoding_format: 'int8' },
      "Invalid value for 'encoding_format' = int8. Supported values are: 'float' and 'base64'.",
    ],
    [{ input: 'x' }, 'you must provide a model parameter'],
  ])('%j is a 400', async (body, message) => {
    const response = await postJson(provider, PATH, body);
    expect(response.status).toBe(400);
    expect(((await response.json()) as { error: { message: string } }).error.message).toBe(message);
  });

  it('malformed-sse does not apply to embeddings (never streamed)', async () => {
    const response = await postJson(
      provider,
      PATH,
      { model: 'text-embedding-3-small', input: 'x' },
      {
        headers: { 'x-fake-fault': 'malformed-sse' },
      },
    );
    expect(response.status).toBe(400);
  });
});
