/**
 * Byte-level Server-Sent Events splitter. It cuts a byte stream into events at blank lines
 * (`\n\n` or `\r\n\r\n`) without copying more than the one partial event it has to hold, and
 * gives each event's original bytes so a caller can forward them untouched.
 */

import { findLineBreak } from './find-line-break.js';
import { HeldBytes } from './held-bytes.js';
import type { StreamEvent, StreamFraming, StreamSplitter } from './types.js';

const LF = 0x0a;
const CR = 0x0d;

const decoder = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true });

/** The fields of one SSE event (only `data` matters to the wire formats). */
export interface SseFields {
  /** The event's text, or `undefined` when its bytes are not valid UTF-8. */
  text: string | undefined;
  /** The `data` payload (data lines joined by `\n`), or `undefined` when the event has none. */
  data: string | undefined;
  /** Offsets of `data` inside `text` when the event has exactly one data line, else -1. */
  dataStart: number;
  dataEnd: number;
}

/**
 * One complete SSE event: its bytes, and its fields decoded on first use — a wire module that can
 * tell what an event is from its bytes (a content chunk, by how it ends) never decodes it.
 */
export class SseEvent implements StreamEvent {
  private fields: SseFields | undefined;
  private view: Uint8Array | undefined;

  /**
   * The event is `buffer[start, end)`, blank-line terminator included; `singleLine`: the splitter
   * found no line break before the terminator.
   */
  constructor(
    readonly buffer: Uint8Array,
    readonly start: number,
    readonly end: number,
    private readonly singleLine = false,
  ) {}

  /** The event's bytes (a view of the network buffer; copy before keeping it). */
  get raw(): Uint8Array {
    if (this.view === undefined) this.view = this.buffer.subarray(this.start, this.end);
    return this.view;
  }

  get text(): string | undefined {
    return this.decoded().text;
  }

  get data(): string | undefined {
    return this.decoded().data;
  }

  get dataStart(): number {
    return this.decoded().dataStart;
  }

  get dataEnd(): number {
    return this.decoded().dataEnd;
  }

  /** Where the event's bytes end without its trailing line breaks (its blank-line terminator). */
  get contentEnd(): number {
    let end = this.end;
    while (end > this.start && (this.buffer[end - 1] === LF || this.buffer[end - 1] === CR)) end -= 1;
    return end;
  }

  /**
   * Where the payload of a one-line `data:` event (as the splitter found it) starts in {@link buffer}:
   * after `data:` and one optional space, as {@link data} has it; it ends at {@link contentEnd}. -1 for
   * any other event. Lets a wire module read an event's bytes without decoding them.
   */
  get dataBytesStart(): number {
    if (!this.singleLine) return -1;
    const bytes = this.buffer;
    const start = this.start;
    if (this.end - start < 5) return -1;
    if (bytes[start] !== 0x64 || bytes[start + 1] !== 0x61 || bytes[start + 2] !== 0x74 || bytes[start + 3] !== 0x61 || bytes[start + 4] !== 0x3a) return -1;
    return bytes[start + 5] === 0x20 ? start + 6 : start + 5;
  }

  /** The fields, decoded on first use. */
  private decoded(): SseFields {
    if (this.fields === undefined) this.fields = parseEvent(this.raw);
    return this.fields;
  }
}

export class SseSplitter implements StreamSplitter {
  /**
   * The bytes of an event not complete yet (appended to in place, never written over once an event was given from
   * them), and where the search for its blank line resumes, with the line breaks it found before.
   */
  private readonly held = new HeldBytes();
  private search = 0;
  private lineBreaks = 0;

  /** Feeds one network chunk; calls `onEvent` for every event it completes. */
  push(chunk: Uint8Array, onEvent: (event: SseEvent) => void): void {
    let length = chunk.length;
    let search = 0;
    let lineBreaks = 0;
    const appended = this.held.holding;
    if (appended) {
      length += this.held.length;
      search = this.search;
      lineBreaks = this.lineBreaks;
    }
    const buffer = this.held.append(chunk);
    let start = 0;
    while (search < length) {
      const newline = findLineBreak(buffer, search, length);
      if (newline === -1) {
        search = length;
        break;
      }
      // A line break at the end of what came so far is decided by the bytes after it: wait for them.
      if (newline + 1 >= length) {
        search = newline;
        break;
      }
      let end = -1;
      const next = buffer[newline + 1];
      if (next === LF) end = newline + 2;
      else if (next === CR && buffer[newline - 1] === CR) {
        if (newline + 2 >= length) {
          search = newline;
          break;
        }
        if (buffer[newline + 2] === LF) end = newline + 3;
      }
      if (end === -1) {
        lineBreaks += 1;
        search = newline + 1;
        continue;
      }
      onEvent(new SseEvent(buffer, start, end, lineBreaks === 0));
      lineBreaks = 0;
      start = end;
      search = end;
    }
    if (start < length) {
      this.held.hold(buffer, start, length, appended);
      this.search = search - start;
      this.lineBreaks = lineBreaks;
    }
  }

  /** Ends the stream: a trailing event without its blank line is still delivered. */
  flush(onEvent: (event: SseEvent) => void): void {
    const rest = this.held.bytes;
    this.held.clear();
    if (rest && rest.length > 0) onEvent(new SseEvent(rest, 0, rest.length));
  }

  /** Bytes held back because they do not yet form a complete event. */
  get pendingBytes(): Uint8Array | undefined {
    return this.held.bytes;
  }
}

/** Splits one event's bytes into its fields. */
export function parseEvent(raw: Uint8Array): SseFields {
  let text: string;
  try {
    text = decoder.decode(raw);
  } catch {
    return { text: undefined, data: undefined, dataStart: -1, dataEnd: -1 };
  }
  let data: string | undefined;
  let dataLines = 0;
  let dataStart = -1;
  let dataEnd = -1;
  let lineStart = 0;
  while (lineStart < text.length) {
    let lineEnd = text.indexOf('\n', lineStart);
    if (lineEnd === -1) lineEnd = text.length;
    const contentEnd = lineEnd > lineStart && text.charCodeAt(lineEnd - 1) === CR ? lineEnd - 1 : lineEnd;
    if (text.startsWith('data:', lineStart)) {
      let valueStart = lineStart + 5;
      if (text.charCodeAt(valueStart) === 0x20) valueStart += 1;
      const value = text.slice(valueStart, contentEnd);
      data = data === undefined ? value : `${data}\n${value}`;
      dataLines += 1;
      dataStart = valueStart;
      dataEnd = contentEnd;
    }
    lineStart = lineEnd + 1;
  }
  if (dataLines !== 1) {
    dataStart = -1;
    dataEnd = -1;
  }
  return { text, data, dataStart, dataEnd };
}

/** Server-Sent Events (`text/event-stream`): OpenAI, Anthropic, Gemini (`alt=sse`). */
export const SSE_FRAMING: StreamFraming = {
  name: 'sse',
  matches: (contentType) => contentType.includes('text/event-stream'),
  createSplitter: () => new SseSplitter(),
};
