/**
 * The seam between a response stream's bytes and a provider API's parser: a framing cuts the byte
 * stream into events (SSE's blank-line-separated events, NDJSON's lines, …) and gives each event's
 * original bytes, so capture can pass them on untouched, and its payload, for the parser.
 */

/** One complete event of a framed stream. Every offset is into {@link buffer}. */
export interface StreamEvent {
  /** The network buffer the event lies in (a view: copy before keeping it). */
  readonly buffer: Uint8Array;
  /** The event is `buffer[start, end)`, its terminator (blank line, newline) included. */
  readonly start: number;
  readonly end: number;
  /** The event's text, or `undefined` when its bytes are not valid UTF-8. */
  readonly text: string | undefined;
  /** The payload the parser reads (SSE: the data lines; NDJSON: the line), `undefined` when there is none. */
  readonly data: string | undefined;
  /** Offsets of {@link data} inside {@link text} when it can be replaced in place, else -1. */
  readonly dataStart: number;
  readonly dataEnd: number;
  /** Where the event's bytes end without its terminator. */
  readonly contentEnd: number;
  /**
   * Where a one-line payload starts in {@link buffer} (it ends at {@link contentEnd}), found without
   * decoding; -1 when there is no such payload. Lets a parser read an event from its bytes alone.
   */
  readonly dataBytesStart: number;
}

/** Cuts one response stream into events; one splitter per stream. */
export interface StreamSplitter {
  /** Feeds one network chunk; calls `onEvent` for every event it completes. */
  push(chunk: Uint8Array, onEvent: (event: StreamEvent) => void): void;
  /** Ends the stream: a trailing event without its terminator is still delivered. */
  flush(onEvent: (event: StreamEvent) => void): void;
  /** Bytes held back because they do not yet form a complete event. */
  readonly pendingBytes: Uint8Array | undefined;
}

/** How a provider API frames its streamed responses. */
export interface StreamFraming {
  /** `sse`, `ndjson`, … (for diagnostics). */
  readonly name: string;
  /** Whether a response with this `content-type` is a stream in this framing. */
  matches(contentType: string): boolean;
  createSplitter(): StreamSplitter;
}
