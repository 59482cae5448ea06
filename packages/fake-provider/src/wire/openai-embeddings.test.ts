// Pure tests of the embedding encoders; the route is tested over HTTP in ../handlers/openai-embeddings.test.ts.
import { describe, expect, it } from 'vitest';
import { embeddingInputTokens, embeddingVector, encodeEmbedding, float32ToJson } from './openai-embeddings.js';

describe('float32ToJson', () => {
  it('prints the shortest decimal that reads back as the same float32', () => {
    expect(float32ToJson(Math.fround(0.1))).toBe(0.1);
    expect(float32ToJson(Math.fround(-0.006929283))).toBe(-0.006929283);
    for (const value of embeddingVector('m', 64, 'x')) expect(Math.fround(float32ToJson(value))).toBe(value);
  });
});

describe('encodeEmbedding', () => {
  it('base64 is little-endian float32', () => {
    expect(encodeEmbedding(Float32Array.of(1, -2), 'base64')).toBe(Buffer.from([0, 0, 0x80, 0x3f, 0, 0, 0, 0xc0]).toString('base64'));
    expect(encodeEmbedding(Float32Array.of(0.5, -2), 'float')).toEqual([0.5, -2]);
  });
});

describe('embeddingVector', () => {
  it('is deterministic, unit length, and differs per input, model and size', () => {
    const vector = embeddingVector('text-embedding-3-small', 32, 'hello');
    expect(embeddingVector('text-embedding-3-small', 32, 'hello')).toEqual(vector);
    expect(Math.hypot(...vector)).toBeCloseTo(1, 5);
    expect(embeddingVector('text-embedding-3-small', 32, 'hello!')).not.toEqual(vector);
    expect(embeddingVector('text-embedding-3-large', 32, 'hello')).not.toEqual(vector);
    expect(embeddingVector('text-embedding-3-small', 31, 'hello')).toHaveLength(31);
  });
});

describe('embeddingInputTokens', () => {
  it('counts ⌈chars / 4⌉ (at least 1) for texts, the length for token arrays', () => {
    expect(embeddingInputTokens('a')).toBe(1);
    expect(embeddingInputTokens('abcdefghi')).toBe(3);
    expect(embeddingInputTokens([5, 6, 7])).toBe(3);
  });
});
