import type { IncomingMessage, ServerResponse } from 'node:http';
import type { ServedCall } from './types.js';

/** What a route handler gets for one request whose body has been read in full. */
export interface RouteContext {
  req: IncomingMessage;
  res: ServerResponse;
  /** Request path without the query string. */
  path: string;
  /** The raw request body (UTF-8). */
  body: string;
  /** The server's clock, in ms since the epoch. */
  now: () => number;
  /** Appends a ledger entry. */
  record(call: ServedCall): void;
}

/** One wire API endpoint: which requests it serves and how. */
export interface Route {
  method: string;
  matches(path: string): boolean;
  handle(context: RouteContext): Promise<void>;
}
