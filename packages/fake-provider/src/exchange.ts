import type { ServerResponse } from 'node:http';

/** How far a response got; read when the exchange settles. */
export interface Delivery {
  /** Status sent, or `0` while no status line has been sent. */
  status: number;
  /** Stream events handed to the socket (a corrupted event counts). */
  eventsWritten: number;
  /** Index of the event whose data was deliberately corrupted (`malformed-sse`), if any. */
  corruptedEvent?: number;
  /** Whether the complete, valid response was written and the response ended normally. */
  complete: boolean;
}

/**
 * One request/response in flight. `signal` aborts when the connection closes before the
 * response finished (client gone, socket reset, or `stop()`). `settle()` reports the delivery
 * exactly once: writers call it right before their final write or socket destroy, and it is
 * called automatically when the connection closes first.
 */
export interface Exchange {
  readonly res: ServerResponse;
  readonly signal: AbortSignal;
  readonly delivery: Delivery;
  settle(): void;
}

/** Wraps a response; `onSettled` receives the delivery once. */
export function createExchange(res: ServerResponse, onSettled: (delivery: Delivery) => void): Exchange {
  const controller = new AbortController();
  const delivery: Delivery = { status: 0, eventsWritten: 0, complete: false };
  let settled = false;
  const settle = (): void => {
    if (settled) return;
    settled = true;
    onSettled({ ...delivery });
  };
  res.once('close', () => {
    if (!res.writableFinished) controller.abort();
    settle();
  });
  return { res, signal: controller.signal, delivery, settle };
}
