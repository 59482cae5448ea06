import { diag } from '@opentelemetry/api';
import { SseSplitter, type SseEvent } from '../wire/sse.js';
import type { EventAction } from '../wire/types.js';

/** How a tapped stream ended. */
export type StreamEnd =
  | { kind: 'complete' }
  | { kind: 'error'; error: unknown }
  | { kind: 'cancel'; reason: unknown };

export interface StreamTapHooks {
  /**
   * False: every network chunk is forwarded as it arrives, untouched, and the events are only read.
   * True: events are forwarded whole, as `onEvent` decides (pass, drop or replace); bytes of an
   * event still in flight are held until its blank line arrives.
   */
  edits: boolean;
  /** Sees each complete event once. */
  onEvent(event: SseEvent): EventAction;
  /** Called exactly once, when the stream completes, fails or is cancelled by the caller. */
  onEnd(end: StreamEnd): void;
}

const encoder = new TextEncoder();

/**
 * Returns the stream the caller reads instead of `source`. It pulls from `source` only when the
 * caller asks for more (high-water mark 0: no read-ahead, no buffering), so each chunk reaches the
 * caller as it arrives, errors from `source` reach the caller as the very same error object, and a
 * cancel by the caller is passed on to `source`.
 */
export function tapStream(source: ReadableStream<Uint8Array>, hooks: StreamTapHooks): ReadableStream<Uint8Array> {
  const reader = source.getReader();
  const splitter = new SseSplitter();
  let editing = hooks.edits;
  let reading = true;
  let ended = false;

  const end = (outcome: StreamEnd): void => {
    if (ended) return;
    ended = true;
    try {
      hooks.onEnd(outcome);
    } catch (error) {
      diag.error('genai-otel: failed to record the end of a stream', error);
    }
  };

  /** Runs the hooks over one chunk; returns what the caller receives (undefined: nothing yet). */
  const process = (chunk: Uint8Array): Uint8Array | undefined => {
    if (!reading) return chunk;
    try {
      if (!editing) {
        splitter.push(chunk, (event) => void hooks.onEvent(event));
        return chunk;
      }
      const pieces: Uint8Array[] = [];
      let edited = false;
      splitter.push(chunk, (event) => {
        const piece = applyAction(event, hooks.onEvent(event));
        if (piece !== event.raw) edited = true;
        if (Array.isArray(piece)) pieces.push(...piece);
        else if (piece) pieces.push(piece);
      });
      if (!edited && splitter.pendingBytes === undefined && pieces.length > 0 && pieces[0]!.byteOffset === chunk.byteOffset && pieces[0]!.buffer === chunk.buffer) {
        // Every event passed unchanged and nothing is held back: forward the chunk itself.
        return chunk;
      }
      return concat(pieces);
    } catch (error) {
      diag.error('genai-otel: stream parsing failed; the rest of the stream is passed through unread', error);
      reading = false;
      if (!editing) return chunk;
      // Give the caller the bytes that were held back, then stop editing.
      editing = false;
      const held = splitter.pendingBytes;
      return held ? concat([held]) : undefined;
    }
  };

  return new ReadableStream<Uint8Array>(
    {
      async pull(controller) {
        for (;;) {
          let result: Awaited<ReturnType<typeof reader.read>>;
          try {
            result = await reader.read();
          } catch (error) {
            end({ kind: 'error', error });
            controller.error(error);
            return;
          }
          if (result.done) {
            if (reading) {
              try {
                const pieces: Uint8Array[] = [];
                splitter.flush((event) => {
                  const action = hooks.onEvent(event);
                  if (!editing) return;
                  const piece = applyAction(event, action);
                  if (Array.isArray(piece)) pieces.push(...piece);
                  else if (piece) pieces.push(piece);
                });
                const rest = concat(pieces);
                if (rest) controller.enqueue(rest);
              } catch (error) {
                diag.error('genai-otel: stream parsing failed at the end of the stream', error);
              }
            }
            end({ kind: 'complete' });
            controller.close();
            return;
          }
          const out = process(result.value);
          if (out && out.byteLength > 0) {
            controller.enqueue(out);
            return;
          }
        }
      },
      cancel(reason) {
        end({ kind: 'cancel', reason });
        return reader.cancel(reason);
      },
    },
    { highWaterMark: 0 },
  );
}

/** The bytes the caller gets for one event. */
function applyAction(event: SseEvent, action: EventAction): Uint8Array | Uint8Array[] | undefined {
  if (action.kind === 'pass') return event.raw;
  if (action.kind === 'drop') return undefined;
  if (action.kind === 'strip-before-end') {
    // The data's closing `}` is the last `}` before the event's line endings.
    const raw = event.raw;
    let end = raw.length - 1;
    while (end > 0 && (raw[end] === 0x0a || raw[end] === 0x0d)) end -= 1;
    if (raw[end] !== 0x7d || end < action.bytes) return raw;
    return [raw.subarray(0, end - action.bytes), raw.subarray(end)];
  }
  if (event.text === undefined || event.dataStart === -1) return event.raw;
  return encoder.encode(event.text.slice(0, event.dataStart) + action.data + event.text.slice(event.dataEnd));
}

function concat(pieces: Uint8Array[]): Uint8Array | undefined {
  if (pieces.length === 0) return undefined;
  if (pieces.length === 1) return pieces[0];
  let length = 0;
  for (const piece of pieces) length += piece.byteLength;
  const out = new Uint8Array(length);
  let offset = 0;
  for (const piece of pieces) {
    out.set(piece, offset);
    offset += piece.byteLength;
  }
  return out;
}
