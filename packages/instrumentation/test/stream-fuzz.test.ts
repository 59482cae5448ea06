/**
 * Property tests: the wire modules and usage readers take untrusted input. Whatever JSON value or
 * text arrives, they never throw and always return (fast-check generates the input).
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ByteRanges } from '../src/capture/byte-ranges.js';
import { emit } from '../src/capture/chunk-tap.js';
import { type EventAction, PROVIDER_APIS, readRateLimits, SseEvent } from '@genai-otel/providers';

const URL_FOR: Record<string, URL> = {
  'openai.chat': new URL('http://x/v1/chat/completions'),
  'openai.responses': new URL('http://x/v1/responses'),
  'openai.embeddings': new URL('http://x/v1/embeddings'),
  'anthropic.messages': new URL('http://x/v1/messages'),
  gemini: new URL('http://x/v1beta/models/m:streamGenerateContent'),
};

/** JSON values, biased towards the shapes the readers look into. */
const payload = fc.oneof(
  fc.jsonValue(),
  fc.record({
    usage: fc.jsonValue(),
    choices: fc.array(fc.record({ index: fc.jsonValue(), finish_reason: fc.jsonValue(), delta: fc.jsonValue() })),
    type: fc.constantFrom('message_start', 'message_delta', 'message_stop', 'error', 'response.completed', 'content_block_delta'),
    message: fc.jsonValue(),
    response: fc.jsonValue(),
    candidates: fc.jsonValue(),
    usageMetadata: fc.jsonValue(),
  }),
);

describe('wire modules on arbitrary input', () => {
  it.each(PROVIDER_APIS.map((format) => [format.name, format] as const))('%s never throws', (name, format) => {
    fc.assert(
      fc.property(
        payload,
        fc.array(
          fc.oneof(
            fc.string(),
            payload.map((value) => JSON.stringify(value) ?? 'null'),
          ),
          { maxLength: 20 },
        ),
        (json, events) => {
          const request = format.parseRequest(json, JSON.stringify(json) ?? '', { injectStreamUsage: true }, URL_FOR[name]!);
          format.parseResponse(json);
          const parser = format.createStreamParser(
            request ?? { operation: 'chat' as const, model: 'm', stream: true, parameters: {}, rewrittenBody: undefined, usageInjected: true },
          );
          for (const event of events) {
            const action = parser.onEvent(event);
            expect(['pass', 'drop', 'replace']).toContain(action.kind);
          }
          parser.result();
        },
      ),
      { numRuns: 300 },
    );
  });

  it('rate-limit header readers accept any header values', () => {
    fc.assert(
      fc.property(
        fc.dictionary(
          fc.constantFrom('x-ratelimit-remaining-requests', 'x-ratelimit-reset-requests', 'retry-after', 'anthropic-ratelimit-tokens-reset', 'retry-after-ms'),
          fc.string(),
        ),
        (values) => {
          const headers = new Headers();
          for (const [name, value] of Object.entries(values)) {
            try {
              headers.set(name, value);
            } catch {
              // not a valid header value: fetch would not deliver it either
            }
          }
          const limits = readRateLimits(headers, 0);
          for (const value of Object.values(limits ?? {})) expect(Number.isFinite(value)).toBe(true);
        },
      ),
      { numRuns: 500 },
    );
  });
});

describe('regressions found by the property tests', () => {
  it('a chunk with a huge or negative choice index does not make result() loop', () => {
    const chat = PROVIDER_APIS.find((format) => format.name === 'openai.chat')!;
    const parser = chat.createStreamParser({
      operation: 'chat' as const,
      model: 'm',
      stream: true,
      parameters: {},
      rewrittenBody: undefined,
      usageInjected: false,
    });
    for (const index of [1e300, 1e9, -1, 2.5, 'x']) {
      parser.onEvent(JSON.stringify({ id: 'c', choices: [{ index, delta: {}, finish_reason: 'stop' }] }));
    }
    parser.onEvent(JSON.stringify({ id: 'c', choices: [{ index: 1, delta: {}, finish_reason: 'length' }] }));
    expect(parser.result().finishReasons).toEqual(['error', 'length']);
  });

  it('a gateway chunk that batches two choices (n = 2) is parsed, not read from its bytes', () => {
    const chat = PROVIDER_APIS.find((format) => format.name === 'openai.chat')!;
    const body = { model: 'm', messages: [{ role: 'user', content: 'hi' }], stream: true, n: 2 };
    const request = chat.parseRequest(body, JSON.stringify(body), { injectStreamUsage: false }, URL_FOR['openai.chat']!)!;
    const parser = chat.createStreamParser(request);
    const chunk = (reasons: (string | null)[]) =>
      JSON.stringify({
        id: 'c',
        object: 'chat.completion.chunk',
        created: 1,
        model: 'm',
        choices: reasons.map((finish_reason, index) => ({ index, delta: { content: 'x' }, logprobs: null, finish_reason })),
      });
    for (const data of [chunk([null, null]), chunk(['stop', null]), chunk([null, 'length'])]) {
      const bytes = new TextEncoder().encode(`data: ${data}\n\n`);
      expect(parser.fromBytes?.(new SseEvent(bytes, 0, bytes.length, true))).toBeUndefined();
      parser.onEvent(data);
    }
    expect(parser.result().finishReasons).toEqual(['stop', 'length']);
  });

  it("a first chunk without choices (Azure's prompt filter results) keeps content chunks parsed until a choice is seen", () => {
    const chat = PROVIDER_APIS.find((format) => format.name === 'openai.chat')!;
    const parser = chat.createStreamParser({
      operation: 'chat' as const,
      model: 'm',
      stream: true,
      parameters: {},
      rewrittenBody: undefined,
      usageInjected: false,
    });
    parser.onEvent(JSON.stringify({ choices: [], created: 0, id: '', model: '', object: '', prompt_filter_results: [] }));
    parser.onEvent(
      JSON.stringify({
        id: 'c',
        object: 'chat.completion.chunk',
        created: 1,
        model: 'm',
        choices: [{ index: 0, delta: { content: 'x' }, logprobs: null, finish_reason: null }],
      }),
    );
    // The empty id and model of the filter chunk are not the response's (an empty model could not be priced).
    expect(parser.result()).toMatchObject({ id: 'c', model: 'm', finishReasons: ['error'] });
  });
});

/** The bytes the caller receives for `event` after `action`. */
function delivered(event: SseEvent, action: EventAction): number[] {
  const out = new ByteRanges();
  emit(event, action, out);
  return [...(out.take() ?? [])];
}

describe('openai.chat content chunks read from their bytes', () => {
  const chat = PROVIDER_APIS.find((format) => format.name === 'openai.chat')!;
  const encoder = new TextEncoder();
  /**
   * Chunks in OpenAI's own member order, content with quotes and escapes, any usage, and zero to two
   * choices, each with its own finish reason (a gateway may batch a finished and an unfinished choice).
   */
  const chunk = fc.record({
    content: fc.string(),
    finishReasons: fc.array(fc.constantFrom(null, 'stop', 'length'), { maxLength: 2 }),
    usage: fc.constantFrom(undefined, null, { prompt_tokens: 3, completion_tokens: 2, total_tokens: 5 }),
  });

  it("get the action and the result a full parse gives, with every choice's finish reason", () => {
    fc.assert(
      fc.property(fc.boolean(), fc.array(chunk, { minLength: 1, maxLength: 12 }), (usageInjected, chunks) => {
        // Chunks with two choices come only from a request that asked for them (n = 2).
        const n = Math.max(...chunks.map(({ finishReasons }) => finishReasons.length));
        const request = { operation: 'chat' as const, model: 'm', stream: true, parameters: {}, rewrittenBody: undefined, usageInjected };
        const fast = chat.createStreamParser(request);
        const full = chat.createStreamParser(request);
        // A parser that never reads chunks from their bytes (it captures text, so it parses every chunk).
        const reference = chat.createStreamParser({ ...request, contentMaxLength: 1000 });
        for (const { content, finishReasons, usage } of chunks) {
          const body = {
            id: 'chatcmpl-1',
            object: 'chat.completion.chunk',
            created: 1,
            model: 'm-1',
            choices: finishReasons.map((finishReason, index) => ({ index, delta: { content }, logprobs: null, finish_reason: finishReason })),
            ...(usage === undefined ? {} : { usage }),
          };
          const data = JSON.stringify(body);
          const bytes = encoder.encode(`data: ${data}\n\n`);
          const event = new SseEvent(bytes, 0, bytes.length, true);
          const told = fast.fromBytes?.(event) ?? fast.onEvent(data);
          const parsed = full.onEvent(data);
          // The same bytes for the caller, and the same answer to whether the chunk carried output.
          expect(delivered(event, told)).toEqual(delivered(event, parsed));
          expect(told.output).toBe(parsed.output);
          expect(reference.onEvent(data).output).toBe(parsed.output);
        }
        expect(fast.result()).toEqual(full.result());
        const { output: _text, ...parsedInFull } = reference.result();
        expect(fast.result()).toEqual(parsedInFull);
        // Each choice's last finish reason, `error` for a choice that never got one.
        const last = new Map<number, string>();
        for (const { finishReasons } of chunks) {
          for (const [index, finishReason] of finishReasons.entries()) {
            if (finishReason !== null) last.set(index, finishReason);
          }
        }
        expect(fast.result().finishReasons).toEqual(n === 0 ? undefined : Array.from({ length: n }, (_, index) => last.get(index) ?? 'error'));
      }),
      { numRuns: 300 },
    );
  });
});
