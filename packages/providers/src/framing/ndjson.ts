import { findLineBreak } from './find-line-break.js';
import { HeldBytes } from './held-bytes.js';
import type { StreamEvent, StreamFraming, StreamSplitter } from './types.js';

/**
 * Byte-level newline-delimited JSON splitter (`application/x-ndjson`, Ollama's streams): one value
 * per line, each line ended by `\n` (a `\r` before it is tolerated), blank lines skipped. Like the SSE
 * splitter it holds no more than the one partial line (appended to in place), and gives each line's original
 * bytes so a caller can forward them untouched. ollama/ollama server/routes.go `streamResponse`
 * writes `json.Marshal(value)` + `\n` per line.
 */

const LF = 0x0a;
const CR = 0x0d;
const decoder = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true });

/** One complete line: its bytes (terminator included); its text decoded on first use. The payload is the whole line. */
export class NdjsonLine implements StreamEvent {
  private decodedText: string | undefined | null = null;

  /** The line is `buffer[start, end)`, its line break included (none for a trailing line). */
  constructor(
    readonly buffer: Uint8Array,
    readonly start: number,
    readonly end: number,
  ) {}

  /** The line's bytes (a view of the network buffer; copy before keeping it). */
  get raw(): Uint8Array {
    return this.buffer.subarray(this.start, this.end);
  }

  /** Where the line's content ends, without its `\n` / `\r\n`. */
  get contentEnd(): number {
    let end = this.end;
    while (end > this.start && (this.buffer[end - 1] === LF || this.buffer[end - 1] === CR)) end -= 1;
    return end;
  }

  /** The line's text with its line break, or `undefined` when its bytes are not valid UTF-8. */
  get text(): string | undefined {
    if (this.decodedText === null) {
      try {
        this.decodedText = decoder.decode(this.raw);
      } catch {
        this.decodedText = undefined;
      }
    }
    return this.decodedText;
  }

  /** The line's JSON text: the line without its line break. */
  get data(): string | undefined {
    const text = this.text;
    return text?.slice(0, this.dataEnd);
  }

  /** The payload starts the line. */
  get dataStart(): number {
    return this.text === undefined ? -1 : 0;
  }

  /** The payload ends before the line break (in the text's UTF-16 units). */
  get dataEnd(): number {
    const text = this.text;
    if (text === undefined) return -1;
    let end = text.length;
    while (end > 0 && (text.charCodeAt(end - 1) === LF || text.charCodeAt(end - 1) === CR)) end -= 1;
    return end;
  }

  /** The payload is the line: it starts at the line's first byte. */
  get dataBytesStart(): number {
    return this.start;
  }
}

export class NdjsonSplitter implements StreamSplitter {
  /** The bytes of a line not complete yet: no line break among them, so the search resumes after them. */
  private readonly held = new HeldBytes();

  /** Feeds one network chunk; calls `onLine` for every non-blank line it completes. */
  push(chunk: Uint8Array, onLine: (line: NdjsonLine) => void): void {
    const appended = this.held.holding;
    const search = this.held.length;
    const length = search + chunk.length;
    const buffer = this.held.append(chunk);
    let start = 0;
    for (let newline = findLineBreak(buffer, search, length); newline !== -1; newline = findLineBreak(buffer, start, length)) {
      const line = new NdjsonLine(buffer, start, newline + 1);
      if (line.contentEnd > start) onLine(line);
      start = newline + 1;
    }
    if (start < length) this.held.hold(buffer, start, length, appended);
  }

  /** Ends the stream: a trailing line without its line break is still delivered. */
  flush(onLine: (line: NdjsonLine) => void): void {
    const rest = this.held.bytes;
    this.held.clear();
    if (rest && rest.length > 0) {
      const line = new NdjsonLine(rest, 0, rest.length);
      if (line.contentEnd > 0) onLine(line);
    }
  }

  /** Bytes held back because they do not yet form a complete line. */
  get pendingBytes(): Uint8Array | undefined {
    return this.held.bytes;
  }
}

/** Newline-delimited JSON, as Ollama streams (`Content-Type: application/x-ndjson`). */
export const NDJSON_FRAMING: StreamFraming = {
  name: 'ndjson',
  matches: (contentType) => contentType.includes('application/x-ndjson'),
  createSplitter: () => new NdjsonSplitter(),
};
