import { isNull, lastStringHadEscape, skipNumber, skipString, skipValue, skipWhitespace } from '../json/json-bytes.js';
import type { StreamEvent } from '../framing/types.js';
import type { EventAction, ResponseFacts } from '../types.js';

/**
 * Reads OpenAI `chat.completion.chunk` content chunks from their bytes, without decoding them: the
 * hot path of a chat stream. It takes a chunk only when reading it in full could change nothing but
 * that it carries output (and the injected `"usage":null` to cut), whatever the order of its members,
 * the optional ones (`obfuscation`, Azure's `content_filter_results`, a gateway's own), or whitespace.
 */

/** What the parser has read so far that a content chunk must agree with. */
export interface ChunkContext {
  /** Choices seen (a content chunk's index must be below). */
  choiceCount: number;
  /** The response's model, once a chunk gave one (the first one is kept). */
  model: string | undefined;
  /** The response read so far (the service tier and fingerprint a chunk repeats). */
  response: Pick<ResponseFacts, 'serviceTier' | 'systemFingerprint'>;
  /** `"usage":null` is cut out of the caller's copy. */
  usageInjected: boolean;
}

const PASS_OUTPUT: EventAction = { kind: 'pass', output: true };

const QUOTE = 0x22;
const COLON = 0x3a;
const COMMA = 0x2c;
const OPEN_BRACE = 0x7b;
const CLOSE_BRACE = 0x7d;
const OPEN_BRACKET = 0x5b;
const CLOSE_BRACKET = 0x5d;

/** The members the parser reads (and `obfuscation`, `delta`), one bit each; one seen twice is left to `JSON.parse`. */
const ID = 1;
const MODEL = 2;
const SERVICE_TIER = 4;
const SYSTEM_FINGERPRINT = 8;
const CHOICES = 16;
const USAGE = 32;
const INDEX = 64;
const FINISH_REASON = 128;
const OBFUSCATION = 256;
const DELTA = 512;

const encoder = new TextEncoder();
const KEY_ID = encoder.encode('id');
const KEY_MODEL = encoder.encode('model');
const KEY_USAGE = encoder.encode('usage');
const KEY_INDEX = encoder.encode('index');
const KEY_DELTA = encoder.encode('delta');
const KEY_CHOICES = encoder.encode('choices');
const KEY_OBFUSCATION = encoder.encode('obfuscation');
const KEY_SERVICE_TIER = encoder.encode('service_tier');
const KEY_FINISH_REASON = encoder.encode('finish_reason');
const KEY_SYSTEM_FINGERPRINT = encoder.encode('system_fingerprint');

function sameBytes(bytes: Uint8Array, from: number, key: Uint8Array): boolean {
  for (let i = 0; i < key.length; i += 1) if (bytes[from + i] !== key[i]) return false;
  return true;
}

/** The bit of the key `bytes[from, to)` (no escapes in it), or 0 for any other key. */
function keyBit(bytes: Uint8Array, from: number, to: number): number {
  switch (to - from) {
    case 2:
      return sameBytes(bytes, from, KEY_ID) ? ID : 0;
    case 5:
      if (sameBytes(bytes, from, KEY_MODEL)) return MODEL;
      if (sameBytes(bytes, from, KEY_USAGE)) return USAGE;
      if (sameBytes(bytes, from, KEY_INDEX)) return INDEX;
      return sameBytes(bytes, from, KEY_DELTA) ? DELTA : 0;
    case 7:
      return sameBytes(bytes, from, KEY_CHOICES) ? CHOICES : 0;
    case 11:
      return sameBytes(bytes, from, KEY_OBFUSCATION) ? OBFUSCATION : 0;
    case 12:
      return sameBytes(bytes, from, KEY_SERVICE_TIER) ? SERVICE_TIER : 0;
    case 13:
      return sameBytes(bytes, from, KEY_FINISH_REASON) ? FINISH_REASON : 0;
    case 18:
      return sameBytes(bytes, from, KEY_SYSTEM_FINGERPRINT) ? SYSTEM_FINGERPRINT : 0;
    default:
      return 0;
  }
}

/** A string attribute's value and its UTF-8 bytes, encoded again only when the value changes. */
class EncodedValue {
  private text: string | undefined;
  private bytes: Uint8Array = new Uint8Array(0);

  /** True when `bytes[from, to)` (a string's content, without escapes) is `current`. */
  equals(current: unknown, bytes: Uint8Array, from: number, to: number): boolean {
    if (typeof current !== 'string') return false;
    if (current !== this.text) {
      this.text = current;
      this.bytes = encoder.encode(current);
    }
    const expected = this.bytes;
    if (expected.length !== to - from) return false;
    for (let i = 0; i < expected.length; i += 1) if (bytes[from + i] !== expected[i]) return false;
    return true;
  }
}

/** At most this many strings of a chunk may differ from the last chunk taken (content, obfuscation). */
const MAX_HOLES = 8;

export class ContentChunkReader {
  private readonly serviceTier = new EncodedValue();
  private readonly systemFingerprint = new EncodedValue();

  /**
   * The last chunk taken by a full read of its bytes, as a template for the next ones: its payload,
   * where its free strings stand (the delta's strings and `obfuscation`, quotes included), and the
   * `"usage":null` cut. A chunk equal to it but in those strings is the same chunk for the parser.
   */
  private template = new Uint8Array(256);
  private templateView = new DataView(this.template.buffer);
  private templateLength = -1;
  /** A view of the network buffer the last events came in (one per buffer, for four-byte compares). */
  private buffer: Uint8Array | undefined;
  private bufferView: DataView | undefined;
  private readonly holes = new Int32Array(MAX_HOLES * 2);
  private holeCount = 0;
  /** The chunk being read has more free strings than the template keeps: it is not kept. */
  private holesOverflow = false;
  private cutFrom = -1;
  private cutTo = -1;

  /**
   * The cut of the chunk just read: one object per reader, set anew for every chunk (a stream tap reads an action
   * before it hands the parser the next event: `StreamParser.fromBytes`), not ~50 bytes of garbage per chunk.
   */
  private readonly cut = { kind: 'cut' as const, from: 0, to: 0, output: true };

  private cutAt(from: number, to: number): EventAction {
    const cut = this.cut;
    cut.from = from;
    cut.to = to;
    return cut;
  }

  /** After a chunk was parsed in full, what the parser read may have changed: take no chunk by the template. */
  forget(): void {
    this.templateLength = -1;
  }

  /** The caller's copy of a content chunk, or `undefined`: the chunk must be parsed in full. */
  read(event: StreamEvent, context: ChunkContext): EventAction | undefined {
    const start = event.dataBytesStart;
    if (start === -1) return undefined;
    const end = event.contentEnd;
    if (this.templateLength !== -1) {
      const action = this.matchTemplate(event, start, end, context.usageInjected);
      if (action !== undefined) return action;
    }
    return this.readChunk(event, start, end, context);
  }

  /** Takes the chunk when its bytes are the template's but in the free strings (which must be strings). */
  private matchTemplate(event: StreamEvent, start: number, end: number, usageInjected: boolean): EventAction | undefined {
    const bytes = event.buffer;
    const template = this.template;
    const holes = this.holes;
    let at = 0;
    let i = start;
    let cutFrom = -1;
    let cutTo = -1;
    if (bytes !== this.buffer) {
      this.buffer = bytes;
      this.bufferView = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
    }
    const view = this.bufferView!;
    const templateView = this.templateView;
    for (let hole = 0; hole <= this.holeCount; hole += 1) {
      const until = hole < this.holeCount ? holes[hole * 2]! : this.templateLength;
      const length = until - at;
      if (i + length > end) return undefined;
      // Eight bytes a read, as a double (~20 ns less per chunk than twice four). Two doubles are equal exactly when
      // their bits are, but NaN (never equal) and ±0. The template is valid UTF-8 JSON text, so eight of its bytes are
      // neither: ±0 needs seven zero bytes, NaN or infinity a byte ≥ 0xF0 followed by 0x7F or 0xFF.
      let k = 0;
      for (; k + 32 <= length; k += 32) {
        if (
          view.getFloat64(i + k, true) !== templateView.getFloat64(at + k, true) ||
          view.getFloat64(i + k + 8, true) !== templateView.getFloat64(at + k + 8, true) ||
          view.getFloat64(i + k + 16, true) !== templateView.getFloat64(at + k + 16, true) ||
          view.getFloat64(i + k + 24, true) !== templateView.getFloat64(at + k + 24, true)
        )
          return undefined;
      }
      for (; k + 8 <= length; k += 8) if (view.getFloat64(i + k, true) !== templateView.getFloat64(at + k, true)) return undefined;
      for (; k < length; k += 1) if (bytes[i + k] !== template[at + k]) return undefined;
      if (this.cutFrom >= at && this.cutFrom < until) cutFrom = i + this.cutFrom - at;
      if (this.cutTo >= at && this.cutTo <= until) cutTo = i + this.cutTo - at;
      i += length;
      if (hole === this.holeCount) break;
      if (bytes[i] !== QUOTE) return undefined;
      i = skipString(bytes, i, end);
      if (i === -1) return undefined;
      at = holes[hole * 2 + 1]!;
    }
    if (i !== end) return undefined;
    if (this.cutFrom !== -1 && usageInjected) return this.cutAt(cutFrom - event.start, cutTo - event.start);
    return PASS_OUTPUT;
  }

  private addHole(from: number, to: number): void {
    if (this.holeCount === MAX_HOLES) {
      this.holesOverflow = true;
      return;
    }
    this.holes[this.holeCount * 2] = from;
    this.holes[this.holeCount * 2 + 1] = to;
    this.holeCount += 1;
  }

  /**
   * Reads the whole chunk: a JSON object (valid UTF-8) with exactly one choice, of an index already
   * seen and without a finish reason, no usage object, and no member that would change what was read
   * (the model if none was, the service tier and fingerprint if they differ). Found whatever the order
   * of the members; a member written twice or with an escaped name is left to `JSON.parse`.
   */
  private readChunk(event: StreamEvent, start: number, end: number, context: ChunkContext): EventAction | undefined {
    this.templateLength = -1;
    this.holeCount = 0;
    this.holesOverflow = false;
    const bytes = event.buffer;
    let i = skipWhitespace(bytes, start, end);
    if (i >= end || bytes[i] !== OPEN_BRACE) return undefined;
    // Where the member being read begins (just after `{` or `,`) and the `,` before it (-1: first).
    let memberStart = i + 1;
    let separator = -1;
    let cutFrom = -1;
    let cutTo = -1;
    let seen = 0;
    i = skipWhitespace(bytes, i + 1, end);
    if (bytes[i] === CLOSE_BRACE) return undefined;
    for (;;) {
      if (bytes[i] !== QUOTE) return undefined;
      const keyStart = i + 1;
      i = skipString(bytes, i, end);
      if (i === -1 || lastStringHadEscape()) return undefined;
      const member = keyBit(bytes, keyStart, i - 1);
      if ((member & seen) !== 0) return undefined;
      seen |= member;
      i = skipWhitespace(bytes, i, end);
      if (bytes[i] !== COLON) return undefined;
      const valueStart = skipWhitespace(bytes, i + 1, end);
      let usageNull = false;
      switch (member) {
        case CHOICES:
          i = this.skipChoices(bytes, valueStart, end, context.choiceCount);
          break;
        case USAGE:
          if (bytes[valueStart] === OPEN_BRACE) return undefined;
          usageNull = isNull(bytes, valueStart, end);
          i = skipValue(bytes, valueStart, end);
          break;
        case MODEL:
          // The model is taken from the first chunk that has one.
          if (context.model === undefined && bytes[valueStart] === QUOTE) return undefined;
          i = skipValue(bytes, valueStart, end);
          break;
        case SERVICE_TIER:
        case SYSTEM_FINGERPRINT:
          i = skipValue(bytes, valueStart, end);
          if (i !== -1 && bytes[valueStart] === QUOTE) {
            const tier = member === SERVICE_TIER;
            const current = tier ? context.response.serviceTier : context.response.systemFingerprint;
            if (lastStringHadEscape() || !(tier ? this.serviceTier : this.systemFingerprint).equals(current, bytes, valueStart + 1, i - 1)) return undefined;
          }
          break;
        default:
          i = skipValue(bytes, valueStart, end);
          if (member === OBFUSCATION && i !== -1 && bytes[valueStart] === QUOTE) this.addHole(valueStart, i);
      }
      if (i === -1) return undefined;
      i = skipWhitespace(bytes, i, end);
      if (i >= end) return undefined;
      if (usageNull) {
        // Cut as removeTopLevelNullMember does: with the comma after it, or (last member) the one before.
        if (bytes[i] === COMMA) {
          cutFrom = memberStart;
          cutTo = skipWhitespace(bytes, i + 1, end);
        } else {
          cutFrom = separator === -1 ? memberStart : separator;
          cutTo = i;
        }
      }
      if (bytes[i] === CLOSE_BRACE) break;
      if (bytes[i] !== COMMA) return undefined;
      separator = i;
      memberStart = i + 1;
      i = skipWhitespace(bytes, i + 1, end);
    }
    if ((seen & CHOICES) === 0 || skipWhitespace(bytes, i + 1, end) !== end) return undefined;
    if (!this.holesOverflow) this.keepTemplate(bytes, start, end, cutFrom, cutTo);
    if (cutFrom !== -1 && context.usageInjected) return this.cutAt(cutFrom - event.start, cutTo - event.start);
    return PASS_OUTPUT;
  }

  /** Keeps the chunk just taken (`bytes[start, end)`) as the template, its holes and cut made relative. */
  private keepTemplate(bytes: Uint8Array, start: number, end: number, cutFrom: number, cutTo: number): void {
    const length = end - start;
    if (this.template.length < length) {
      this.template = new Uint8Array(Math.max(length, this.template.length * 2));
      this.templateView = new DataView(this.template.buffer);
    }
    this.template.set(bytes.subarray(start, end));
    for (let k = 0; k < this.holeCount * 2; k += 1) this.holes[k]! -= start;
    this.cutFrom = cutFrom === -1 ? -1 : cutFrom - start;
    this.cutTo = cutTo === -1 ? -1 : cutTo - start;
    this.templateLength = length;
  }

  /**
   * Skips a `choices` array that holds one choice object whose index was seen before (absent: 0) and
   * whose finish reason is not a string: reading it would change nothing. -1 for anything else.
   */
  private skipChoices(bytes: Uint8Array, index: number, end: number, choiceCount: number): number {
    if (bytes[index] !== OPEN_BRACKET) return -1;
    let i = skipWhitespace(bytes, index + 1, end);
    if (bytes[i] !== OPEN_BRACE) return -1;
    i = skipWhitespace(bytes, i + 1, end);
    let seen = 0;
    if (bytes[i] === CLOSE_BRACE) {
      i += 1;
    } else {
      for (;;) {
        if (bytes[i] !== QUOTE) return -1;
        const keyStart = i + 1;
        i = skipString(bytes, i, end);
        if (i === -1 || lastStringHadEscape()) return -1;
        const member = keyBit(bytes, keyStart, i - 1);
        if ((member & seen) !== 0) return -1;
        seen |= member;
        i = skipWhitespace(bytes, i, end);
        if (bytes[i] !== COLON) return -1;
        const valueStart = skipWhitespace(bytes, i + 1, end);
        if (member === INDEX) {
          i = skipNumber(bytes, valueStart, end);
          if (i === -1 || i - valueStart > 3) return -1;
          let value = 0;
          for (let digit = valueStart; digit < i; digit += 1) {
            const byte = bytes[digit]!;
            // Only a plain non-negative integer (no sign, fraction or exponent) is read here.
            if (byte < 0x30 || byte > 0x39) return -1;
            value = value * 10 + byte - 0x30;
          }
          if (value >= choiceCount) return -1;
        } else if (member === FINISH_REASON) {
          if (bytes[valueStart] === QUOTE) return -1;
          i = skipValue(bytes, valueStart, end, 2);
        } else if (member === DELTA && bytes[valueStart] === OPEN_BRACE) {
          i = this.skipDelta(bytes, valueStart, end);
        } else {
          i = skipValue(bytes, valueStart, end, 2);
        }
        if (i === -1) return -1;
        i = skipWhitespace(bytes, i, end);
        if (bytes[i] === CLOSE_BRACE) {
          i += 1;
          break;
        }
        if (bytes[i] !== COMMA || i >= end) return -1;
        i = skipWhitespace(bytes, i + 1, end);
      }
    }
    i = skipWhitespace(bytes, i, end);
    return i < end && bytes[i] === CLOSE_BRACKET ? i + 1 : -1;
  }

  /** Skips the delta object (not read), its string members marked as holes of the template. */
  private skipDelta(bytes: Uint8Array, index: number, end: number): number {
    let i = skipWhitespace(bytes, index + 1, end);
    if (bytes[i] === CLOSE_BRACE) return i + 1;
    for (;;) {
      if (bytes[i] !== QUOTE) return -1;
      i = skipString(bytes, i, end);
      if (i === -1) return -1;
      i = skipWhitespace(bytes, i, end);
      if (bytes[i] !== COLON) return -1;
      const valueStart = skipWhitespace(bytes, i + 1, end);
      i = skipValue(bytes, valueStart, end, 3);
      if (i === -1) return -1;
      if (bytes[valueStart] === QUOTE) this.addHole(valueStart, i);
      i = skipWhitespace(bytes, i, end);
      if (i >= end) return -1;
      if (bytes[i] === CLOSE_BRACE) return i + 1;
      if (bytes[i] !== COMMA) return -1;
      i = skipWhitespace(bytes, i + 1, end);
    }
  }
}
