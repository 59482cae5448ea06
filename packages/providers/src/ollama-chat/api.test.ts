// The Ollama chat folder against its fixtures: __fixtures__/reference/ (the real API's shapes, each file
// names its source: ollama/ollama docs/api.md, api/types.go, server/routes.go) and the fake provider's
// golden output (__fixtures__/ollama-chat*.json|ndjson).
import { describe, expect, it } from 'vitest';
import { replayStream } from '../../test/helpers/replay-stream.js';
import { readFixture } from '../fixtures.js';
import type { RequestFacts } from '../types.js';
import { ollamaChat } from './api.js';
import { ollamaErrorMessage } from './errors.js';

/** The lines of a fixture, `//` notes skipped: the text each NDJSON line has on the wire. */
function fixtureLines(name: string): string[] {
  return readFixture('ollama-chat', name)
    .split('\n')
    .filter((line) => line !== '' && !line.startsWith('//'));
}

const URL_ = new URL('http://127.0.0.1:11434/api/chat');
const OPTIONS = { injectStreamUsage: true };
const STREAM_REQUEST: RequestFacts = { operation: 'chat', model: 'llama3.2', stream: true, parameters: {}, rewrittenBody: undefined, usageInjected: false };

function request(body: Record<string, unknown>, options: { contentMaxLength?: number } = {}): RequestFacts {
  const facts = ollamaChat.parseRequest(body, JSON.stringify(body), { ...OPTIONS, ...options }, URL_);
  if (facts === undefined) throw new Error('not an Ollama chat request');
  return facts;
}

function streamResult(lines: string[], facts: RequestFacts = request({ model: 'llama3.2', messages: [] })) {
  const parser = ollamaChat.createStreamParser(facts);
  const outputs = lines.map((line) => parser.onEvent(line));
  return { outputs, result: parser.result() };
}

describe('matching and requests', () => {
  it('POST …/api/chat, any prefix; its provider is ollama whatever the host', () => {
    expect([ollamaChat.matches('POST', '/api/chat'), ollamaChat.matches('POST', '/ollama/api/chat'), ollamaChat.matches('GET', '/api/chat')]).toEqual([
      true,
      true,
      false,
    ]);
    expect(ollamaChat.matches('POST', '/api/generate')).toBe(false);
    expect(ollamaChat.defaultProvider(URL_)).toBe('ollama');
  });

  it('stream defaults to true; options, format and think become parameters; the body is never rewritten', () => {
    const body = {
      model: 'qwen3:8b',
      messages: [{ role: 'user', content: 'Hi' }],
      format: { type: 'object' },
      think: 'high',
      keep_alive: '5m',
      options: { temperature: 0.2, top_p: 0.9, top_k: 40, num_predict: 128, seed: 7, stop: ['\n\n'], frequency_penalty: 0.1, presence_penalty: 0.3 },
    };
    expect(request(body)).toEqual({
      operation: 'chat',
      model: 'qwen3:8b',
      stream: true,
      parameters: {
        temperature: 0.2,
        topP: 0.9,
        topK: 40,
        maxTokens: 128,
        seed: 7,
        stopSequences: ['\n\n'],
        frequencyPenalty: 0.1,
        presencePenalty: 0.3,
        outputType: 'json',
        reasoningLevel: 'high',
      },
      rewrittenBody: undefined,
      usageInjected: false,
    });
    expect(request({ model: 'llama3.2', messages: [], stream: false }).stream).toBe(false);
    expect(request({ model: 'llama3.2', messages: [], options: { num_predict: -1 } }).parameters).toEqual({});
  });

  it('a body without a model is not this API', () => {
    expect(ollamaChat.parseRequest({ messages: [] }, '{"messages":[]}', OPTIONS, URL_)).toBeUndefined();
  });

  it('content capture: system messages are the system instructions, tool calls and tool results are parts', () => {
    const facts = request(
      {
        model: 'llama3.2',
        messages: [
          { role: 'system', content: 'You are terse.' },
          { role: 'user', content: 'Weather in Tokyo?' },
          { role: 'assistant', content: '', tool_calls: [{ function: { name: 'get_weather', arguments: { city: 'Tokyo' } } }] },
          { role: 'tool', content: '11 degrees', tool_name: 'get_weather' },
        ],
      },
      { contentMaxLength: 100 },
    );
    expect(facts.input).toEqual({
      systemInstructions: [{ type: 'text', content: 'You are terse.' }],
      messages: [
        { role: 'user', parts: [{ type: 'text', content: 'Weather in Tokyo?' }] },
        { role: 'assistant', parts: [{ type: 'tool_call', name: 'get_weather', arguments: { city: 'Tokyo' } }] },
        { role: 'tool', parts: [{ type: 'tool_call_response', response: '11 degrees' }] },
      ],
    });
  });
});

describe('responses: the reference shapes (__fixtures__/reference/README.md names each source)', () => {
  it('a body: model, done_reason, the metrics as raw usage, prompt_eval_count / eval_count as tokens', () => {
    const facts = request({ model: 'llama3.1', messages: [], stream: false }, { contentMaxLength: 100 });
    expect(ollamaChat.parseResponse(JSON.parse(readFixture('ollama-chat', 'reference/ollama-chat.json')), facts)).toEqual({
      id: undefined,
      model: 'llama3.1',
      finishReasons: ['stop'],
      usage: { inputTokens: 34, outputTokens: 12 },
      rawUsage: {
        total_duration: 2254970291,
        load_duration: 574751416,
        prompt_eval_count: 34,
        prompt_eval_duration: 1502000000,
        eval_count: 12,
        eval_duration: 175000000,
      },
      malformed: false,
      output: [{ role: 'assistant', parts: [{ type: 'text', content: '{"age": 22, "available": false}' }], finish_reason: 'stop' }],
    });
  });

  it.each([undefined, 7])('a stream (network chunks of %s bytes): one output line; the done line completes it', (chunkSize) => {
    const { result, outputEvents } = replayStream(ollamaChat, STREAM_REQUEST, ['ollama-chat', 'reference/ollama-chat-stream.ndjson'], chunkSize);
    expect(outputEvents).toBe(1);
    expect(result).toEqual({
      id: undefined,
      model: 'llama3.2',
      finishReasons: ['stop'],
      usage: { inputTokens: 169, outputTokens: 15 },
      rawUsage: {
        total_duration: 182242375,
        load_duration: 41295167,
        prompt_eval_count: 169,
        prompt_eval_duration: 24573166,
        eval_count: 15,
        eval_duration: 115959084,
      },
      malformed: false,
      complete: true,
    });
  });

  it("the done line is the stream's last event: capture ends the call on it, whether the client reads on or not", () => {
    const { outputs } = streamResult(fixtureLines('reference/ollama-chat-stream.ndjson'));
    expect(outputs).toEqual([
      { kind: 'pass', output: true },
      { kind: 'pass', output: false, last: true },
    ]);
  });

  it("a thinking line is output too (a thinking model's first chunk is thinking); eval_count counts it", () => {
    const { result, outputEvents } = replayStream(ollamaChat, STREAM_REQUEST, ['ollama-chat', 'reference/ollama-chat-thinking-stream.ndjson'], 7);
    expect([outputEvents, result.usage, result.complete]).toEqual([2, { inputTokens: 26, outputTokens: 282 }, true]);
  });

  it('with content capture, the streamed text is the output message', () => {
    const facts = request({ model: 'llama3.2', messages: [] }, { contentMaxLength: 100 });
    const { result } = replayStream(ollamaChat, facts, ['ollama-chat', 'reference/ollama-chat-stream.ndjson']);
    expect(result.output).toEqual([{ role: 'assistant', parts: [{ type: 'text', content: 'The' }], finish_reason: 'stop' }]);
  });

  it('an in-band {"error"} line: the last event, server_error, no usage, not complete', () => {
    const { result, outputEvents } = replayStream(ollamaChat, STREAM_REQUEST, ['ollama-chat', 'reference/ollama-chat-stream-error.ndjson']);
    expect(outputEvents).toBe(1);
    expect(result).toMatchObject({ errorType: 'server_error', usage: undefined, finishReasons: undefined, complete: false });
    expect(streamResult(fixtureLines('reference/ollama-chat-stream-error.ndjson')).outputs.at(-1)).toEqual({ kind: 'pass', output: false, last: true });
  });

  it('the 404 body is an {"error"} object (capture classifies it by its status)', () => {
    expect(ollamaErrorMessage(JSON.parse(readFixture('ollama-chat', 'reference/ollama-chat-404.json')))).toBe("model 'llama3.2' not found");
  });

  it('a line that is not JSON marks the response malformed and is passed on', () => {
    const { outputs, result } = streamResult(['{"model":"lla']);
    expect([outputs, result.malformed]).toEqual([[{ kind: 'pass', output: true }], true]);
  });
});

describe("responses: the fake provider's golden output", () => {
  it('its body', () => {
    expect(ollamaChat.parseResponse(JSON.parse(readFixture('ollama-chat', 'ollama-chat.json')))).toMatchObject({
      model: 'llama3.2',
      finishReasons: ['stop'],
      usage: { inputTokens: 16, outputTokens: 9 },
      malformed: false,
    });
  });

  it.each([
    ['ollama-chat-stream.ndjson', 9, { inputTokens: 16, outputTokens: 9 }],
    ['ollama-chat-thinking-stream.ndjson', 12, { inputTokens: 16, outputTokens: 12 }],
  ])('%s: %i output lines, the usage of its done line', (file, lines, usage) => {
    const { result, outputEvents } = replayStream(ollamaChat, STREAM_REQUEST, ['ollama-chat', file], 7);
    expect({ outputEvents, usage: result.usage, finishReasons: result.finishReasons, complete: result.complete }).toEqual({
      outputEvents: lines,
      usage,
      finishReasons: ['stop'],
      complete: true,
    });
  });
});
