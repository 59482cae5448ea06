// openai.embeddings against its fixtures (./__fixtures__/, the fake provider's golden output, one per
// encoding_format) through parseResponse, and realistic requests through parseRequest.
import { describe, expect, it } from 'vitest';
import { readFixture } from '../fixtures.js';
import { requestFor } from '../../test/helpers/replay-stream.js';
import { openAIEmbeddings } from './api.js';

describe('parseRequest', () => {
  it('reads the encoding and dimensions asked for', () => {
    const body = { model: 'text-embedding-3-small', input: ['first text', 'second text'], encoding_format: 'base64', dimensions: 256, user: 'user-1234' };
    expect(requestFor(openAIEmbeddings, body)).toStrictEqual({
      operation: 'embeddings',
      model: 'text-embedding-3-small',
      stream: false,
      parameters: { encodingFormats: ['base64'], embeddingDimensions: 256 },
      rewrittenBody: undefined,
      usageInjected: false,
    });
  });

  it('no encoding_format: float, the API default', () => {
    expect(requestFor(openAIEmbeddings, { model: 'text-embedding-3-small', input: 'one text' }).parameters).toStrictEqual({ encodingFormats: ['float'] });
  });
});

describe('parseResponse', () => {
  it.each(['openai-embeddings-float.json', 'openai-embeddings-base64.json'])('%s: input tokens only, no id, no finish reason', (file) => {
    const json = JSON.parse(readFixture('openai-embeddings', file));
    expect(openAIEmbeddings.parseResponse(json)).toStrictEqual({
      id: undefined,
      model: 'text-embedding-3-small',
      finishReasons: undefined,
      // The usage has prompt_tokens and total_tokens only: the reader's outputTokens is 0.
      usage: { inputTokens: 6, outputTokens: 0 },
      rawUsage: { prompt_tokens: 6, total_tokens: 6 },
      malformed: false,
    });
  });
});
