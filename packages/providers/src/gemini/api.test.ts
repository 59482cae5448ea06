// gemini (Gemini API and Vertex AI) against its fixtures (./__fixtures__/, the fake provider's golden
// output; vertex-*: the Vertex AI shape): whole responses through parseResponse, every stream (CRLF
// framed for the Gemini API) through the stream parser as capture feeds it, and realistic requests.
import { describe, expect, it } from 'vitest';
import { readFixture } from '../fixtures.js';
import { replayStream, requestFor } from '../../test/helpers/replay-stream.js';
import { gemini } from './api.js';

const GEMINI_URL = 'https://generativelanguage.googleapis.com/v1beta/models/gemini-2.5-flash';
const VERTEX_URL = 'https://us-central1-aiplatform.googleapis.com/v1/projects/my-project/locations/us-central1/publishers/google/models/gemini-2.5-flash';
const CONTENTS = { contents: [{ role: 'user', parts: [{ text: 'Hi' }] }] };
const STREAM_REQUEST = requestFor(gemini, CONTENTS, `${GEMINI_URL}:streamGenerateContent?alt=sse`);

describe('parseRequest', () => {
  it('reads every generation parameter of a realistic request; the model and streaming from the URL', () => {
    const body = {
      systemInstruction: { parts: [{ text: 'Answer in JSON.' }] },
      contents: [{ role: 'user', parts: [{ text: 'Three primes?' }] }],
      generationConfig: {
        temperature: 0.4,
        topP: 0.95,
        topK: 64,
        maxOutputTokens: 2048,
        seed: 7,
        presencePenalty: 0.1,
        frequencyPenalty: 0.2,
        stopSequences: ['###'],
        candidateCount: 2,
        responseMimeType: 'application/json',
        thinkingConfig: { thinkingBudget: 1024 },
      },
    };
    expect(requestFor(gemini, body, `${GEMINI_URL}:streamGenerateContent?alt=sse`)).toStrictEqual({
      operation: 'generate_content',
      model: 'gemini-2.5-flash',
      stream: true,
      parameters: {
        temperature: 0.4,
        topP: 0.95,
        topK: 64,
        maxTokens: 2048,
        seed: 7,
        presencePenalty: 0.1,
        frequencyPenalty: 0.2,
        stopSequences: ['###'],
        choiceCount: 2,
        outputType: 'json',
      },
      rewrittenBody: undefined,
      usageInjected: false,
    });
  });

  it('Vertex AI publisher-model path, generateContent, text/plain asked for', () => {
    const body = { ...CONTENTS, generationConfig: { candidateCount: 1, responseMimeType: 'text/plain' } };
    expect(requestFor(gemini, body, `${VERTEX_URL}:generateContent`)).toStrictEqual({
      operation: 'generate_content',
      model: 'gemini-2.5-flash',
      stream: false,
      parameters: { outputType: 'text' },
      rewrittenBody: undefined,
      usageInjected: false,
    });
  });
});

const ID = 'ETAf1Q7LkUzWCRg6juRooF8';
/**
 * candidatesTokenCount (5) excludes thoughtsTokenCount (4): the output is 9. promptTokensDetails lists
 * TEXT only, so audio, image and video input are reported as 0.
 */
const GEMINI_USAGE = { inputTokens: 16, outputTokens: 9, reasoningOutputTokens: 4, inputAudioTokens: 0, inputImageTokens: 0, inputVideoTokens: 0 };
/** Vertex adds candidatesTokensDetails (TEXT only: no audio or image output) and trafficType. */
const VERTEX_USAGE = { ...GEMINI_USAGE, outputAudioTokens: 0, outputImageTokens: 0, serviceTier: 'ON_DEMAND' };

describe('parseResponse', () => {
  it('gemini-generate-content.json', () => {
    const json = JSON.parse(readFixture('gemini', 'gemini-generate-content.json'));
    expect(gemini.parseResponse(json)).toStrictEqual({
      id: ID,
      model: 'gemini-2.5-flash',
      finishReasons: ['STOP'],
      usage: GEMINI_USAGE,
      rawUsage: json.usageMetadata,
      malformed: false,
    });
  });

  it('vertex-generate-content.json', () => {
    const json = JSON.parse(readFixture('gemini', 'vertex-generate-content.json'));
    expect(gemini.parseResponse(json)).toStrictEqual({
      id: ID,
      model: 'gemini-2.5-flash',
      finishReasons: ['STOP'],
      usage: VERTEX_USAGE,
      rawUsage: json.usageMetadata,
      malformed: false,
    });
  });
});

describe('stream parser', () => {
  it.each([Number.POSITIVE_INFINITY, 7])('gemini-stream.sse (CRLF): the last chunk usageMetadata is the call usage, %s-byte chunks', (chunkSize) => {
    const { result, outputEvents } = replayStream(gemini, STREAM_REQUEST, ['gemini', 'gemini-stream.sse'], chunkSize);
    expect(result).toStrictEqual({
      id: ID,
      model: 'gemini-2.5-flash',
      finishReasons: ['STOP'],
      usage: GEMINI_USAGE,
      rawUsage: {
        promptTokenCount: 16,
        candidatesTokenCount: 5,
        totalTokenCount: 25,
        promptTokensDetails: [{ modality: 'TEXT', tokenCount: 16 }],
        thoughtsTokenCount: 4,
      },
      malformed: false,
      complete: true,
    });
    expect(outputEvents).toBe(5);
  });

  it.each([Number.POSITIVE_INFINITY, 7])('vertex-stream.sse: usageMetadata on the last chunk only, %s-byte chunks', (chunkSize) => {
    const { result, outputEvents } = replayStream(gemini, STREAM_REQUEST, ['gemini', 'vertex-stream.sse'], chunkSize);
    expect(result).toStrictEqual({
      id: ID,
      model: 'gemini-2.5-flash',
      finishReasons: ['STOP'],
      usage: VERTEX_USAGE,
      rawUsage: {
        promptTokenCount: 16,
        candidatesTokenCount: 5,
        totalTokenCount: 25,
        trafficType: 'ON_DEMAND',
        promptTokensDetails: [{ modality: 'TEXT', tokenCount: 16 }],
        candidatesTokensDetails: [{ modality: 'TEXT', tokenCount: 5 }],
        thoughtsTokenCount: 4,
      },
      malformed: false,
      complete: true,
    });
    expect(outputEvents).toBe(5);
  });
});
