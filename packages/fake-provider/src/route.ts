import type { IncomingMessage, ServerResponse } from 'node:http';
import type { KeyedAttempts } from './attempts.js';
import type { BilledCall } from './billing.js';
import type { ServedCall } from './types.js';

/** What a route handler gets for one request whose body has been read in full. */
export interface RouteContext {
  req: IncomingMessage;
  res: ServerResponse;
  /** Request path without the query string. */
  path: string;
  /** The query string's parameters. */
  query: URLSearchParams;
  /** The raw request body (UTF-8). */
  body: string;
  /** The server's clock, in ms since the epoch. */
  now: () => number;
  /** The provider's attempt counters for fault `key=` values. */
  keyedAttempts: KeyedAttempts;
  /** Appends a ledger entry. */
  record(call: ServedCall): void;
  /** The ledger so far, each entry with when and for whom it was served (for the admin reports). */
  billed(): BilledCall[];
}

export type { RequestSummary } from './request-summary.js';

/** One wire API endpoint: which requests it serves and how. */
export interface Route {
  method: string;
  matches(path: string): boolean;
  handle(context: RouteContext): Promise<void>;
}
