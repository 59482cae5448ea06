import { diag } from '@opentelemetry/api';
import { SSE_FRAMING, type EventAction, type StreamEvent, type StreamFraming, type StreamSplitter } from '@genai-otel/providers';
import { ByteRanges } from './byte-ranges.js';

/*
 * A stream tap's per-chunk work, whichever way the caller reads the body (stream-tap.ts gives the caller's reader,
 * iterator, pipes and body readers this one object): the events cut out of each network chunk, what the hooks make
 * of them, and the bytes the caller gets.
 */

/** How a tapped stream ended. */
export type StreamEnd = { kind: 'complete' } | { kind: 'error'; error: unknown } | { kind: 'cancel'; reason: unknown };

export interface StreamTapHooks {
  /**
   * False: every network chunk is forwarded as it arrives, untouched, and the events are only read.
   * True: events are forwarded whole, as `onEvent` decides (pass, drop or replace); bytes of an
   * event still in flight are held until its blank line arrives.
   */
  edits: boolean;
  /** How the stream is cut into events (default: Server-Sent Events). */
  framing?: StreamFraming;
  /** Sees each complete event once. */
  onEvent(event: StreamEvent): EventAction;
  /** Called exactly once, when the stream completes, fails or is cancelled by the caller. */
  onEnd(end: StreamEnd): void;
}

const encoder = new TextEncoder();

/** The per-chunk work of a tap, whichever way the caller reads the body. */
export class ChunkTap {
  private readonly splitter: StreamSplitter;
  private editing: boolean;
  private reading = true;
  private ended = false;
  /** The bytes for the caller of the chunk being read (editing only). */
  private readonly out: ByteRanges | undefined;
  /** What the splitter calls per event: collects the caller's bytes when editing, else only reads. */
  private readonly sink: (event: StreamEvent) => void;

  constructor(private readonly hooks: StreamTapHooks) {
    this.splitter = (hooks.framing ?? SSE_FRAMING).createSplitter();
    this.editing = hooks.edits;
    if (hooks.edits) {
      const out = new ByteRanges();
      this.out = out;
      this.sink = (event) => emit(event, hooks.onEvent(event), out);
    } else {
      this.out = undefined;
      this.sink = (event) => void hooks.onEvent(event);
    }
  }

  /** What the caller receives for one network chunk (undefined: nothing yet). */
  process(chunk: Uint8Array): Uint8Array | undefined {
    if (!this.reading) return chunk;
    try {
      this.splitter.push(chunk, this.sink);
      // Every event passed and nothing is held back: the chunk itself goes on.
      return this.editing ? this.out!.take(chunk) : chunk;
    } catch (error) {
      diag.error('genai-otel: stream parsing failed; the rest of the stream is passed through unread', error);
      this.reading = false;
      if (!this.editing) return chunk;
      this.out!.take();
      // Give the caller the bytes that were held back, then stop editing.
      this.editing = false;
      return this.splitter.pendingBytes;
    }
  }

  /** At the end of the source: the bytes still held back (a trailing event without its blank line). */
  finish(): Uint8Array | undefined {
    if (!this.reading || this.ended) return undefined;
    try {
      this.splitter.flush(this.sink);
      return this.editing ? this.out!.take() : undefined;
    } catch (error) {
      diag.error('genai-otel: stream parsing failed at the end of the stream', error);
      return undefined;
    }
  }

  /** Reports the end, exactly once. */
  end(outcome: StreamEnd): void {
    if (this.ended) return;
    this.ended = true;
    try {
      this.hooks.onEnd(outcome);
    } catch (error) {
      diag.error('genai-otel: failed to record the end of a stream', error);
    }
  }
}

/** Adds to `out` the bytes the caller gets for one event. */
export function emit(event: StreamEvent, action: EventAction, out: ByteRanges): void {
  const { buffer, start, end } = event;
  if (action.kind === 'pass') {
    out.add(buffer, start, end);
  } else if (action.kind === 'cut') {
    if (action.from < 0 || action.from > action.to || start + action.to > end) {
      out.add(buffer, start, end);
      return;
    }
    out.add(buffer, start, start + action.from);
    out.add(buffer, start + action.to, end);
  } else if (action.kind === 'replace') {
    if (event.text === undefined || event.dataStart === -1) {
      out.add(buffer, start, end);
      return;
    }
    const bytes = encoder.encode(event.text.slice(0, event.dataStart) + action.data + event.text.slice(event.dataEnd));
    out.add(bytes, 0, bytes.length);
  }
}
