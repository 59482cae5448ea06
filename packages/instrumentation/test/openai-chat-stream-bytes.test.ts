/**
 * Property tests of the `openai.chat` stream hot path: content chunks are told from their bytes
 * whatever the serialiser (member order, optional members such as `obfuscation`, Azure's content
 * filter results, members a gateway adds, whitespace), and the result — what the parser reads and the
 * bytes the caller receives — is always the one a parser that never takes a shortcut gives.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { tapBody } from '../src/capture/stream-tap.js';
import { type EventAction, openAIChat, openAIChatSlowPathHits, type RequestFacts, type StreamEvent, type StreamParser } from '@genai-otel/providers';

// ---------------------------------------------------------------------------------------------
// A JSON writer that keeps member order, allows duplicate or escaped keys, raw literals and any
// whitespace between tokens (JSON.stringify allows none of these).

class Raw {
  constructor(readonly text: string) {}
}
class Obj {
  constructor(readonly members: Array<[string | Raw, Json]>) {}
}
type Json = null | boolean | number | string | Raw | Obj | Json[];

/** Whitespace a serialiser puts around tokens (one choice per chunk). */
interface Spacing {
  before: string;
  afterColon: string;
  afterComma: string;
  inside: string;
  after: string;
}
const COMPACT: Spacing = { before: '', afterColon: '', afterComma: '', inside: '', after: '' };

function write(value: Json, s: Spacing): string {
  if (value instanceof Raw) return value.text;
  if (value instanceof Obj) {
    if (value.members.length === 0) return '{}';
    const members = value.members.map(([key, member]) => `${key instanceof Raw ? key.text : JSON.stringify(key)}:${s.afterColon}${write(member, s)}`);
    return `{${s.inside}${members.join(`,${s.afterComma}`)}${s.inside}}`;
  }
  if (Array.isArray(value)) {
    if (value.length === 0) return '[]';
    return `[${s.inside}${value.map((item) => write(item, s)).join(`,${s.afterComma}`)}${s.inside}]`;
  }
  return JSON.stringify(value);
}

/** fast-check's JSON values as {@link Json} (objects in their own member order). */
function fromValue(value: unknown): Json {
  if (Array.isArray(value)) return value.map(fromValue);
  if (value !== null && typeof value === 'object') return new Obj(Object.entries(value).map(([key, member]) => [key, fromValue(member)]));
  return value as Json;
}

// ---------------------------------------------------------------------------------------------
// Generators.

const spacing: fc.Arbitrary<Spacing> = fc.oneof(
  fc.constant(COMPACT),
  // Python's json.dumps default
  fc.constant({ ...COMPACT, afterColon: ' ', afterComma: ' ' }),
  fc.record({
    before: fc.constantFrom('', ' ', '  ', '\t'),
    afterColon: fc.constantFrom('', ' ', '\t'),
    afterComma: fc.constantFrom('', ' ', ' \t'),
    inside: fc.constantFrom('', ' '),
    after: fc.constantFrom('', ' ', '\t', '\r'),
  }),
);

/** A permutation of `items`. */
function permutation<T>(items: T[]): fc.Arbitrary<T[]> {
  return fc.shuffledSubarray(items, { minLength: items.length, maxLength: items.length });
}

/** Any text a delta or an obfuscation string may hold: quotes, backslashes, controls, non-ASCII, emoji. */
const text = fc.oneof(
  fc.string(),
  fc.string({ unit: 'grapheme' }),
  fc.string({ unit: 'binary' }),
  fc.constantFrom('', '"', '\\', '}]', '"finish_reason":null}]}', ',"usage":null}'),
);

const KNOWN = ['id', 'object', 'created', 'model', 'service_tier', 'system_fingerprint', 'choices', 'usage', 'obfuscation'];
/** Members a gateway adds (never one the parser reads; names without escapes, as real ones are). */
const extras = fc.array(
  fc.tuple(
    fc
      .string({ minLength: 1, maxLength: 12 })
      .filter((key) => !KNOWN.includes(key) && !['index', 'finish_reason', 'delta'].includes(key) && JSON.stringify(key) === `"${key}"`),
    fc.jsonValue({ maxDepth: 3 }).map(fromValue),
  ),
  { maxLength: 2 },
);

/** Azure OpenAI's per-choice filter results. */
const FILTER_RESULTS = new Obj([
  [
    'hate',
    new Obj([
      ['filtered', false],
      ['severity', 'safe'],
    ]),
  ],
  [
    'self_harm',
    new Obj([
      ['filtered', false],
      ['severity', 'safe'],
    ]),
  ],
  [
    'sexual',
    new Obj([
      ['filtered', false],
      ['severity', 'safe'],
    ]),
  ],
  [
    'violence',
    new Obj([
      ['filtered', false],
      ['severity', 'safe'],
    ]),
  ],
]);

const USAGE = new Obj([
  ['prompt_tokens', 33],
  ['completion_tokens', 10],
  ['total_tokens', 43],
  [
    'prompt_tokens_details',
    new Obj([
      ['cached_tokens', 0],
      ['audio_tokens', 0],
    ]),
  ],
  [
    'completion_tokens_details',
    new Obj([
      ['reasoning_tokens', 0],
      ['audio_tokens', 0],
      ['accepted_prediction_tokens', 0],
      ['rejected_prediction_tokens', 0],
    ]),
  ],
]);

/** How one stream's serialiser writes its chunks (fixed for a stream, as a provider's is). */
interface StreamShape {
  topOrder: string[];
  choiceOrder: string[];
  serviceTier: string | undefined;
  fingerprint: string | null | undefined;
  logprobs: boolean;
  azure: boolean;
  obfuscation: boolean;
  /** `usage` on every chunk: `null` until the usage chunk (the request asked for it, or it was injected). */
  usage: boolean;
}

const CHOICE_KEYS = ['index', 'delta', 'logprobs', 'finish_reason', 'content_filter_results'];
const streamShape: fc.Arbitrary<StreamShape> = fc.record({
  // OpenAI's order, Azure's (alphabetical), or any other.
  topOrder: fc.oneof(fc.constant(KNOWN), fc.constant([...KNOWN].sort()), permutation(KNOWN)),
  choiceOrder: fc.oneof(fc.constant(CHOICE_KEYS), fc.constant([...CHOICE_KEYS].sort()), permutation(CHOICE_KEYS)),
  serviceTier: fc.constantFrom(undefined, 'default', 'flex'),
  fingerprint: fc.constantFrom(undefined, null, 'fp_29330a9688'),
  logprobs: fc.boolean(),
  azure: fc.boolean(),
  obfuscation: fc.boolean(),
  usage: fc.boolean(),
});

interface ChunkExtras {
  obfuscation: string;
  extras: Array<[string, Json]>;
  spacing: Spacing;
}

interface ChunkContent {
  delta: Obj;
  finishReason: string | null;
  /** `undefined`: no `choices` (`[]`); `usage`: the usage object instead of null. */
  kind: 'choice' | 'usage';
  obfuscation: string;
  extras: Array<[string, Json]>;
  spacing: Spacing;
}

/** One change to a content chunk's members, near the line between what the hot path takes and what it leaves. */
type Mutation = (top: Array<[string | Raw, Json]>, choice: Array<[string | Raw, Json]>) => void;

function chunk(shape: StreamShape, content: ChunkContent, mutation?: Mutation): string {
  const choice: Record<string, Json> = {
    index: 0,
    delta: content.delta,
    finish_reason: content.finishReason,
    ...(shape.logprobs ? { logprobs: null } : {}),
    ...(shape.azure ? { content_filter_results: FILTER_RESULTS } : {}),
  };
  const values: Record<string, Json> = {
    id: 'chatcmpl-D0q8CZXN1uEzngZGkU7FuV92lnXWq',
    object: 'chat.completion.chunk',
    created: 1769092764,
    model: 'gpt-4o-mini-2024-07-18',
    ...(shape.serviceTier === undefined ? {} : { service_tier: shape.serviceTier }),
    ...(shape.fingerprint === undefined ? {} : { system_fingerprint: shape.fingerprint }),
    choices: content.kind === 'usage' ? [] : [new Obj(shape.choiceOrder.filter((key) => key in choice).map((key) => [key, choice[key]!]))],
    ...(content.kind === 'usage' ? { usage: USAGE } : shape.usage ? { usage: null } : {}),
    ...(shape.obfuscation ? { obfuscation: content.obfuscation } : {}),
  };
  const members: Array<[string | Raw, Json]> = shape.topOrder.filter((key) => key in values).map((key) => [key, values[key]!]);
  for (const extra of content.extras) members.splice(members.length === 0 ? 0 : extra[0].length % (members.length + 1), 0, extra);
  const choices = values['choices'];
  if (mutation && Array.isArray(choices) && choices[0] instanceof Obj) mutation(members, choices[0].members);
  const s = content.spacing;
  return `${s.before}${write(new Obj(members), s)}${s.after}`;
}

/** Azure OpenAI's first chunk: the prompt's filter results, empty id and model, no choices. */
function azurePromptFilterChunk(): string {
  return write(
    new Obj([
      ['choices', []],
      ['created', 0],
      ['id', ''],
      ['model', ''],
      ['object', ''],
      [
        'prompt_filter_results',
        [
          new Obj([
            ['prompt_index', 0],
            ['content_filter_results', FILTER_RESULTS],
          ]),
        ],
      ],
    ]),
    COMPACT,
  );
}

const chunkExtras = fc.record({ obfuscation: text, extras, spacing });
/** A stream's serialiser writes every chunk alike (spacing, added members); some vary them per chunk. */
const streamExtras = fc.record({ extras, spacing, perChunk: fc.boolean() });

/** An ordinary stream: [Azure's filter chunk], role chunk, content chunks, finish chunk, [usage chunk], [DONE]. */
const ordinaryStream = fc
  .record({
    shape: streamShape,
    style: streamExtras,
    role: chunkExtras,
    contents: fc.array(fc.record({ content: text, more: chunkExtras }), { minLength: 1, maxLength: 25 }),
    finish: fc.record({ reason: fc.constantFrom('stop', 'length', 'content_filter'), more: chunkExtras }),
    usage: chunkExtras,
  })
  .map(({ shape, style, role: roleMore, contents: contentsMore, finish: finishMore, usage: usageMore }) => {
    const alike = (more: ChunkExtras): ChunkExtras => (style.perChunk ? more : { ...more, extras: style.extras, spacing: style.spacing });
    const role = alike(roleMore);
    const contents = contentsMore.map(({ content, more }) => ({ content, more: alike(more) }));
    const finish = { reason: finishMore.reason, more: alike(finishMore.more) };
    const usage = alike(usageMore);
    const events: string[] = [];
    // Chunks that carry something to read, or come before the first choice: parsed in full.
    let notContent = 0;
    if (shape.azure) {
      events.push(azurePromptFilterChunk());
      notContent += 1;
    }
    events.push(
      chunk(shape, {
        ...role,
        delta: new Obj([
          ['role', 'assistant'],
          ['content', ''],
          ['refusal', null],
        ]),
        finishReason: null,
        kind: 'choice',
      }),
    );
    notContent += 1;
    for (const { content, more } of contents)
      events.push(chunk(shape, { ...more, delta: new Obj([['content', content]]), finishReason: null, kind: 'choice' }));
    events.push(chunk(shape, { ...finish.more, delta: new Obj([]), finishReason: finish.reason, kind: 'choice' }));
    notContent += 1;
    if (shape.usage) {
      events.push(chunk(shape, { ...usage, delta: new Obj([]), finishReason: null, kind: 'usage' }));
      notContent += 1;
    }
    events.push('[DONE]');
    return { shape, style: alike, events, contentChunks: contents.length, notContent };
  });

// ---------------------------------------------------------------------------------------------
// Harness: each stream through the real tap, read the way the instrumentation reads it.

const encoder = new TextEncoder();
const PASS: EventAction = { kind: 'pass', output: false };

function request(usageInjected: boolean, contentMaxLength?: number): RequestFacts {
  return {
    operation: 'chat',
    model: 'm',
    stream: true,
    parameters: {},
    rewrittenBody: undefined,
    usageInjected,
    ...(contentMaxLength === undefined ? {} : { contentMaxLength }),
  };
}

/** What `Attempt` does per event. */
function readEvent(parser: StreamParser, event: StreamEvent): EventAction {
  return parser.fromBytes?.(event) ?? (event.data === undefined ? PASS : parser.onEvent(event.data));
}

interface Run {
  bytes: string;
  outputs: boolean[];
  /** What the parser had read after each event (content text left out). */
  states: unknown[];
  result: ReturnType<StreamParser['result']>;
  slowPathHits: number;
}

/** Streams `events` (as `data:` lines, cut into network chunks at `cuts`) through a tap reading with `parser`. */
async function run(parser: StreamParser, body: Uint8Array, cuts: number[]): Promise<Run> {
  const points = [0, ...cuts.map((cut) => cut % (body.length + 1)).sort((a, b) => a - b), body.length];
  const pieces = points
    .slice(1)
    .map((end, index) => body.slice(points[index], end))
    .filter((piece) => piece.length > 0);
  const source = new ReadableStream<Uint8Array>({
    start(controller) {
      for (const piece of pieces) controller.enqueue(piece);
      controller.close();
    },
  });
  const outputs: boolean[] = [];
  const states: unknown[] = [];
  let during = 0;
  const response = tapBody(new Response(source), source, {
    edits: true,
    onEvent(event) {
      const start = openAIChatSlowPathHits();
      const action = readEvent(parser, event);
      during += openAIChatSlowPathHits() - start;
      outputs.push(action.output);
      const { output: _text, ...state } = parser.result();
      states.push(structuredClone(state));
      return action;
    },
    onEnd() {},
  });
  const bytes = Buffer.from(await response.arrayBuffer()).toString('latin1');
  return { bytes, outputs, states, result: parser.result(), slowPathHits: during };
}

function sse(events: string[], eol: '\n' | '\r\n' = '\n'): Uint8Array {
  return encoder.encode(events.map((data) => `data: ${data}${eol}${eol}`).join(''));
}

/** The same stream read by the parser under test and by one that parses every chunk (it captures text). */
async function compare(events: string[] | Uint8Array, usageInjected: boolean, cuts: number[] = []) {
  const body = events instanceof Uint8Array ? events : sse(events);
  const fast = await run(openAIChat.createStreamParser(request(usageInjected)), body, cuts);
  const reference = await run(openAIChat.createStreamParser(request(usageInjected, 1_000_000)), body, []);
  expect(fast.bytes).toBe(reference.bytes);
  expect(fast.outputs).toEqual(reference.outputs);
  expect(fast.states).toEqual(reference.states);
  const { output: _text, ...referenceResult } = reference.result;
  expect(fast.result).toEqual(referenceResult);
  return fast;
}

// ---------------------------------------------------------------------------------------------

describe('openai.chat streams: content chunks told from their bytes, whatever the serialiser', () => {
  it('reads every ordinary stream as a full parse does, and parses in full only the chunks that are not content', async () => {
    let slow = 0;
    let content = 0;
    await fc.assert(
      fc.asyncProperty(
        ordinaryStream,
        fc.boolean(),
        fc.array(fc.nat(), { maxLength: 4 }),
        async ({ shape, events, contentChunks, notContent }, injected, cuts) => {
          // Injection only happens when the caller did not ask for usage: the provider then sends it.
          const fast = await compare(events, injected && shape.usage, cuts);
          expect(fast.slowPathHits).toBe(notContent);
          slow += fast.slowPathHits - notContent;
          content += contentChunks;
        },
      ),
      { numRuns: 300 },
    );
    expect(slow).toBe(0);
    expect(content).toBeGreaterThan(0);
  });
});

// ---------------------------------------------------------------------------------------------
// Any chunk at all: what the parser reads must never depend on whether a chunk took the hot path.

/** Values for the members the parser reads, valid or not, as a hostile or broken gateway may send them. */
const anyIndex = fc.constantFrom<Json | undefined>(
  undefined,
  0,
  1,
  2,
  127,
  128,
  -1,
  'x',
  null,
  new Raw('0.0'),
  new Raw('-0'),
  new Raw('0e0'),
  new Raw('1E+0'),
  new Raw('007'),
);
const anyFinish = fc.constantFrom<Json | undefined>(undefined, null, 'stop', 'length', '', 3, new Obj([]));
const anyUsage = fc.constantFrom<Json | undefined>(undefined, null, USAGE, new Obj([]), [], 0, 'null');
const anyString = fc.constantFrom<Json | undefined>(undefined, null, '', 'default', 'flex', 'fp_1', 'fp_2', 7, new Raw('"d\\u0065fault"'), 'défault');
const anyKey = (key: string) => fc.constantFrom<string | Raw>(key, key, key, escaped(key), `${key} `);

const anyChoice = fc
  .record({
    index: anyIndex,
    finish: anyFinish,
    content: text,
    extra: fc.option(fc.jsonValue({ maxDepth: 2 }).map(fromValue)),
    order: permutation(['index', 'finish_reason', 'delta', 'logprobs', 'x']),
    indexKey: anyKey('index'),
    finishKey: anyKey('finish_reason'),
  })
  .map(({ index, finish, content, extra, order, indexKey, finishKey }): Json => {
    const values: Record<string, [string | Raw, Json] | undefined> = {
      index: index === undefined ? undefined : [indexKey, index],
      finish_reason: finish === undefined ? undefined : [finishKey, finish],
      delta: ['delta', new Obj([['content', content]])],
      logprobs: ['logprobs', null],
      x: extra === null ? undefined : ['x', extra],
    };
    return new Obj(order.map((key) => values[key]).filter((member) => member !== undefined));
  });

const anyChunk = fc
  .record({
    order: permutation(KNOWN),
    id: fc.constantFrom<Json | undefined>(undefined, '', 'chatcmpl-1', 'chatcmpl-2', 5),
    model: fc.constantFrom<Json | undefined>(undefined, '', 'm-1', 'm-2', null),
    tier: anyString,
    fingerprint: anyString,
    choices: fc.oneof(fc.constant<Json | undefined>(undefined), fc.array(anyChoice, { maxLength: 2 }), fc.constantFrom<Json>(null, new Obj([]), [1], 'x')),
    usage: anyUsage,
    obfuscation: fc.option(text),
    usageKey: anyKey('usage'),
    choicesKey: anyKey('choices'),
    duplicate: fc.option(fc.tuple(fc.constantFrom('usage', 'choices', 'model', 'service_tier', 'x'), fc.constantFrom<Json>(null, USAGE, [], 'flex', 'm-3'))),
    extras,
    spacing,
  })
  .map(({ order, id, model, tier, fingerprint, choices, usage, obfuscation, usageKey, choicesKey, duplicate, extras, spacing }) => {
    const values: Record<string, [string | Raw, Json] | undefined> = {
      id: id === undefined ? undefined : ['id', id],
      object: ['object', 'chat.completion.chunk'],
      created: ['created', 1],
      model: model === undefined ? undefined : ['model', model],
      service_tier: tier === undefined ? undefined : ['service_tier', tier],
      system_fingerprint: fingerprint === undefined ? undefined : ['system_fingerprint', fingerprint],
      choices: choices === undefined ? undefined : [choicesKey, choices],
      usage: usage === undefined ? undefined : [usageKey, usage],
      obfuscation: obfuscation === null ? undefined : ['obfuscation', obfuscation],
    };
    const members = order.map((key) => values[key]).filter((member) => member !== undefined);
    if (duplicate !== null) members.push(duplicate);
    members.push(...extras);
    return `${spacing.before}${write(new Obj(members), spacing)}${spacing.after}`;
  });

/** The same key with its first letter escaped (`"\u0075sage"`): `JSON.parse` reads it as the key itself. */
function escaped(key: string): Raw {
  return new Raw(`"\\u${key.charCodeAt(0).toString(16).padStart(4, '0')}${JSON.stringify(key.slice(1)).slice(1)}`);
}

function keyName(key: string | Raw): string {
  return key instanceof Raw ? JSON.parse(key.text) : key;
}

const mutation: fc.Arbitrary<Mutation> = fc.oneof(
  // A member written with an escaped name.
  fc.tuple(fc.constantFrom('top', 'choice'), fc.nat()).map(
    ([where, at]): Mutation =>
      (top, choice) => {
        const members = where === 'top' ? top : choice;
        const member = members[at % members.length];
        if (member && typeof member[0] === 'string') member[0] = escaped(member[0]);
      },
  ),
  // A member the parser reads, written with an escaped name and a value that matters.
  fc.constantFrom<[string, Json]>(['index', 1], ['index', 5], ['finish_reason', 'stop']).map(
    ([key, value]): Mutation =>
      (_top, choice) => {
        const at = choice.findIndex(([name]) => keyName(name) === key);
        if (at === -1) choice.push([escaped(key), value]);
        else choice[at] = [escaped(key), value];
      },
  ),
  fc.constantFrom<[string, Json]>(['usage', USAGE], ['service_tier', 'flex'], ['model', 'm-2'], ['choices', []]).map(
    ([key, value]): Mutation =>
      (top) => {
        const at = top.findIndex(([name]) => keyName(name) === key);
        if (at === -1) top.push([escaped(key), value]);
        else top[at] = [escaped(key), value];
      },
  ),
  // A member written twice, with the same or another value.
  fc.tuple(fc.constantFrom('top', 'choice'), fc.nat(), fc.constantFrom<Json | 'same'>('same', null, USAGE, 'stop', 1, 'flex', '', [])).map(
    ([where, at, value]): Mutation =>
      (top, choice) => {
        const members = where === 'top' ? top : choice;
        const member = members[at % members.length];
        if (member) members.push([member[0], value === 'same' ? member[1] : value]);
      },
  ),
  // Another value for a member the parser reads.
  fc.tuple(fc.constantFrom('index', 'finish_reason'), fc.oneof(anyIndex, anyFinish)).map(
    ([key, value]): Mutation =>
      (_top, choice) => {
        const at = choice.findIndex(([name]) => keyName(name) === key);
        if (value === undefined) {
          if (at !== -1) choice.splice(at, 1);
        } else if (at === -1) choice.push([key, value]);
        else choice[at]![1] = value;
      },
  ),
  fc
    .tuple(
      fc.constantFrom('usage', 'service_tier', 'system_fingerprint', 'model', 'id', 'choices'),
      fc.oneof(anyUsage, anyString, fc.constantFrom<Json>([], [1], [new Obj([])], new Obj([]))),
    )
    .map(
      ([key, value]): Mutation =>
        (top) => {
          const at = top.findIndex(([name]) => keyName(name) === key);
          if (value === undefined) {
            if (at !== -1) top.splice(at, 1);
          } else if (at === -1) top.push([key, value]);
          else top[at]![1] = value;
        },
    ),
  // A second choice.
  fc.tuple(anyIndex, anyFinish).map(
    ([index, finish]): Mutation =>
      (top) => {
        const choices = top.find(([name]) => keyName(name) === 'choices');
        if (choices && Array.isArray(choices[1]))
          choices[1].push(
            new Obj([
              ['index', index ?? 1],
              ['delta', new Obj([])],
              ['finish_reason', finish ?? null],
            ]),
          );
      },
  ),
);

const PLACE = encoder.encode('"\\uE000"');

/**
 * A content chunk whose bytes are broken, in its content string (where the template takes anything
 * that is a string) or around it: the string holds `"\uE000"` until it is replaced.
 */
const corruption: fc.Arbitrary<(data: string) => Uint8Array> = fc
  .oneof(
    fc.constantFrom(
      [0x22, 0x01, 0x22],
      [0x22, 0xff, 0x22],
      [0x22, 0xc3, 0x22],
      [0x22, 0xed, 0xa0, 0x80, 0x22],
      [0x22, 0x5c, 0x71, 0x22],
      [0x22, 0x5c, 0x75, 0x31, 0x32, 0x22],
      [0x22, 0x22, 0x22],
      [0x22, 0x5c, 0x22],
      [0x6e, 0x75, 0x6c, 0x6c],
      [0x7b, 0x7d],
      [0x31, 0x2e],
      [0x22, 0xc3, 0xa9, 0x22],
    ),
    fc.constant([]),
  )
  .chain((replacement) =>
    fc.constantFrom<(data: string) => Uint8Array>(
      (data) => replace(encoder.encode(`data: ${data}\n\n`), replacement.length === 0 ? PLACE : replacement),
      (data) => replace(encoder.encode(`data: ${data}}\n\n`), replacement.length === 0 ? PLACE : replacement),
      (data) => replace(encoder.encode(`data: ${data} x\n\n`), replacement.length === 0 ? PLACE : replacement),
      (data) => replace(encoder.encode(`data: ${data.slice(0, -1)}\n\n`), replacement.length === 0 ? PLACE : replacement),
    ),
  );

/** `bytes` with the first `"\uE000"` replaced by `replacement`. */
function replace(bytes: Uint8Array, replacement: ArrayLike<number>): Uint8Array {
  for (let at = 0; at + PLACE.length <= bytes.length; at += 1) {
    if (PLACE.every((byte, k) => bytes[at + k] === byte))
      return concat([bytes.subarray(0, at), Uint8Array.from(replacement), bytes.subarray(at + PLACE.length)]);
  }
  return bytes;
}

function concat(parts: Uint8Array[]): Uint8Array {
  const out = new Uint8Array(parts.reduce((length, part) => length + part.length, 0));
  let offset = 0;
  for (const part of parts) {
    out.set(part, offset);
    offset += part.length;
  }
  return out;
}

/** Broken chunks: cut short, bad numbers, raw control characters, deep nesting, not objects. */
const brokenChunk = fc.oneof(
  fc.tuple(anyChunk, fc.nat()).map(([chunk, cut]) => chunk.slice(0, cut % (chunk.length + 1))),
  anyChunk.map((chunk) => `${chunk}}`),
  anyChunk.map((chunk) => chunk.replace(/"created":1/, '"created":01')),
  anyChunk.map((chunk) => chunk.replace(/"created":1/, '"created":1.')),
  anyChunk.map((chunk) => chunk.replace(/"created":1/, '"created":+1')),
  anyChunk.map((chunk) => chunk.replace(/"object":"chat/, '"object":"\tchat')),
  anyChunk.map((chunk) => chunk.replace(/"object":"chat/, '"object":"\\x')),
  anyChunk.map((chunk) => chunk.replace(/"object":"chat/, '"object":"\\u12')),
  fc.constantFrom('{}', '[]', '"x"', '1', 'null', '', ' ', '[DONE]', '[DONE] ', `{"id":"c","choices":[{"index":0,"x":${'['.repeat(40)}${']'.repeat(40)}}]}`),
);

/** One event's bytes: a data line (sometimes with bytes that are not UTF-8), a comment, or a named event. */
const anyEvent = fc.oneof(
  { weight: 6, arbitrary: anyChunk.map((chunk) => encoder.encode(`data: ${chunk}\n\n`)) },
  { weight: 2, arbitrary: brokenChunk.map((chunk) => encoder.encode(`data: ${chunk}\n\n`)) },
  { weight: 1, arbitrary: anyChunk.map((chunk) => encoder.encode(`data:${chunk}\r\n\r\n`)) },
  {
    weight: 1,
    arbitrary: fc
      .tuple(anyChunk, fc.nat(), fc.constantFrom([0xff], [0xc3], [0xe2, 0x82], [0xed, 0xa0, 0x80], [0xf4, 0x90, 0x80, 0x80], [0xc0, 0xaf]))
      .map(([chunk, at, bad]) => {
        const bytes = encoder.encode(`data: ${chunk}\n\n`);
        const cut = 6 + (at % Math.max(1, bytes.length - 8));
        return new Uint8Array([...bytes.slice(0, cut), ...bad, ...bytes.slice(cut)]);
      }),
  },
  {
    weight: 2,
    arbitrary: fc
      .constantFrom(
        ': keep-alive\n\n',
        'event: x\ndata: {"id":"c","choices":[{"index":0}]}\n\n',
        'data: {"id":"c",\ndata: "choices":[]}\n\n',
        // Read in full (two data lines), and they change what later chunks must agree with.
        'data: {"id":"c","service_tier":"scale","system_fingerprint":"fp_x",\ndata: "choices":[{"index":0,"finish_reason":null}]}\n\n',
        'data: {"id":"c","model":"m-9","choices":[{"index":1,"finish_reason":null}],\ndata: "usage":null}\n\n',
      )
      .map((event) => encoder.encode(event)),
  },
);

describe('openai.chat streams: the hot path never changes the result', () => {
  it('reads content chunks with one change anywhere near what the hot path takes as a full parse does', async () => {
    let slow = 0;
    let changed = 0;
    await fc.assert(
      fc.asyncProperty(
        ordinaryStream,
        fc.array(
          fc.tuple(fc.nat(), fc.record({ content: text, more: chunkExtras }), fc.oneof(fc.array(mutation, { minLength: 1, maxLength: 2 }), corruption)),
          { minLength: 1, maxLength: 8 },
        ),
        fc.boolean(),
        async ({ shape, style, events, notContent }, inserted, injected) => {
          const all: Array<string | Uint8Array> = [...events];
          for (const [at, { content, more }, change] of inserted) {
            let data: string | Uint8Array;
            if (Array.isArray(change)) {
              data = chunk(shape, { ...style(more), delta: new Obj([['content', content]]), finishReason: null, kind: 'choice' }, (top, choice) => {
                for (const apply of change) apply(top, choice);
              });
            } else {
              data = change(chunk(shape, { ...style(more), delta: new Obj([['content', new Raw('"\\uE000"')]]), finishReason: null, kind: 'choice' }));
            }
            // After the role chunk (the hot path is open from there), before [DONE].
            all.splice(1 + (shape.azure ? 1 : 0) + (at % (all.length - (shape.azure ? 2 : 1))), 0, data);
          }
          const fast = await compare(
            concat(all.map((data) => (typeof data === 'string' ? encoder.encode(`data: ${data}\n\n`) : data))),
            injected && shape.usage,
          );
          slow += fast.slowPathHits - notContent;
          changed += inserted.length;
        },
      ),
      { numRuns: 500 },
    );
    // Many changed chunks are still content chunks the hot path takes; many are not.
    expect(slow).toBeGreaterThan(changed / 4);
    expect(slow).toBeLessThan(changed);
  });

  it('reads any sequence of chunks, valid or not, as a full parse does (state, output and bytes)', async () => {
    await fc.assert(
      fc.asyncProperty(
        ordinaryStream,
        fc.array(fc.tuple(fc.nat(), anyEvent), { maxLength: 12 }),
        fc.boolean(),
        fc.array(fc.nat(), { maxLength: 4 }),
        async ({ events }, inserted, injected, cuts) => {
          // An ordinary stream (so the hot path is open) with any events inserted anywhere.
          const parts = events.map((data) => encoder.encode(`data: ${data}\n\n`));
          for (const [at, event] of inserted) parts.splice(at % (parts.length + 1), 0, event);
          await compare(concat(parts), injected, cuts);
        },
      ),
      { numRuns: 400 },
    );
  });

  it('decodes nothing on the hot path: a content chunk with bytes that are not UTF-8 is parsed (and found malformed)', async () => {
    const role = '{"id":"c","model":"m","choices":[{"index":0,"delta":{"role":"assistant"},"finish_reason":null}]}';
    const content = encoder.encode('data: {"id":"c","choices":[{"index":0,"delta":{"content":"\xff"},"finish_reason":null}],"obfuscation":"ab"}\n\n');
    content[content.indexOf(0xc3)] = 0xff;
    const body = new Uint8Array([...sse([role]), ...content]);
    const fast = await compare(body, false);
    expect(fast.slowPathHits).toBe(1);
    expect(fast.outputs).toEqual([true, false]);
  });

  it('after a chunk parsed in full, takes no chunk as the last one taken without reading it again', async () => {
    const content = (text: string) =>
      `{"id":"c","model":"m","service_tier":"default","choices":[{"index":0,"delta":{"content":"${text}"},"finish_reason":null}],"obfuscation":"x${text}"}`;
    const body = concat([
      sse([content('role'), content('a'), content('b')]),
      // Two data lines: parsed in full; it changes the service tier that the next chunk changes back.
      encoder.encode('data: {"id":"c","service_tier":"scale",\ndata: "choices":[{"index":0,"finish_reason":null}]}\n\n'),
      sse([content('c')]),
    ]);
    const fast = await compare(body, false);
    expect(fast.slowPathHits).toBe(3);
    expect(fast.states.map((state) => (state as { serviceTier?: string }).serviceTier)).toEqual(['default', 'default', 'default', 'scale', 'default']);
  });

  it('cuts an injected "usage":null out of the bytes wherever it stands, as a full parse does', async () => {
    const role = '{"id":"c","model":"m","choices":[{"index":0,"delta":{"role":"assistant"},"finish_reason":null}],"usage":null}';
    const chunks = [
      '{"id":"c","choices":[{"index":0,"delta":{"content":"a"},"finish_reason":null}],"usage":null,"obfuscation":"xyz"}',
      '{"usage":null,"id":"c","choices":[{"index":0,"delta":{"content":"b"},"finish_reason":null}]}',
      '{ "id": "c", "choices": [{"index": 0, "delta": {"content": "c"}, "finish_reason": null}], "usage" : null , "obfuscation": "q" }',
      '{"id":"c","choices":[{"index":0,"delta":{"content":"d"},"finish_reason":null}],"usage":null }',
    ];
    const fast = await compare([role, ...chunks], true);
    expect(fast.slowPathHits).toBe(1);
    expect(fast.bytes).toBe(
      [
        '{"id":"c","model":"m","choices":[{"index":0,"delta":{"role":"assistant"},"finish_reason":null}]}',
        '{"id":"c","choices":[{"index":0,"delta":{"content":"a"},"finish_reason":null}],"obfuscation":"xyz"}',
        '{"id":"c","choices":[{"index":0,"delta":{"content":"b"},"finish_reason":null}]}',
        '{ "id": "c", "choices": [{"index": 0, "delta": {"content": "c"}, "finish_reason": null}],"obfuscation": "q" }',
        '{"id":"c","choices":[{"index":0,"delta":{"content":"d"},"finish_reason":null}]}',
      ]
        .map((data) => `data: ${data}\n\n`)
        .join(''),
    );
  });
});
