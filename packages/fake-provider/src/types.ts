/** Options for {@link startFakeProvider}. */
export interface FakeProviderOptions {
  /** Interface to listen on. Default `'127.0.0.1'`. */
  host?: string;
  /** TCP port; `0` picks a free port. Default `0`. */
  port?: number;
  /**
   * Clock in milliseconds since the epoch, used for the `created` field of responses
   * (`Math.floor(clock() / 1000)`). Default `Date.now`. Pass a constant for golden output.
   */
  clock?: () => number;
}

/** A running fake provider. */
export interface FakeProvider {
  /** Root URL without a trailing slash, e.g. `'http://127.0.0.1:54321'`. */
  url: string;
  /** `url + '/v1'`: what to pass as `new OpenAI({ baseURL })`. */
  baseURL: string;
  /** The port actually bound. */
  port: number;
  /**
   * Ledger: one entry per chat request the server answered or failed, in order of completion.
   * An entry is added before the last byte of its response is written, so it is present as soon
   * as the client has read the whole response. A hung request is added when its socket closes.
   * The array is cleared in place by {@link FakeProvider.reset}.
   */
  served: ServedCall[];
  /**
   * Resolves once at least `count` requests have been received in full (headers and body) since
   * start or the last {@link FakeProvider.reset}. Lets a test act on a request the server is
   * holding (e.g. abort a `hang`) without guessing with timers.
   */
  waitForRequests(count: number): Promise<void>;
  /** Clears the ledger and the received-request count. */
  reset(): void;
  /** Closes the server and destroys every open socket, hung requests included. Idempotent. */
  stop(): Promise<void>;
}

/** Which wire API answered a request. */
export type ServedApi = 'openai.chat';

/** One ledger entry: what the server did for one request. */
export interface ServedCall {
  /** The wire API that handled the request. */
  api: ServedApi;
  /** Request path without the query string, e.g. `'/v1/chat/completions'`. */
  path: string;
  /** The requested model with any `+fault=…` suffix removed (not the resolved snapshot); `''` if absent. */
  model: string;
  /** Whether the request asked for a stream (`"stream": true`). */
  stream: boolean;
  /** Whether the request set `stream_options.include_usage: true` on a stream. */
  includeUsage: boolean;
  /** HTTP status sent; `0` when no status line was sent (the `hang` fault). */
  status: number;
  /** The injected fault kind, if any (e.g. `'429'`, `'reset'`). */
  fault?: FaultKind;
  /** Exactly the usage object sent to the client, when one was sent intact. */
  usage?: OpenAIChatUsage;
}

/** The fault kinds understood by `x-fake-fault` and the `+fault=` model suffix. */
export type FaultKind =
  | '429'
  | '500'
  | '503'
  | 'hang'
  | 'reset'
  | 'malformed-json'
  | 'malformed-sse'
  | 'gzip'
  | 'slow';

/** A parsed fault spec (`<kind>[;key=value]*`), with defaults applied. */
export type FaultSpec =
  /** Rate limited. `retry-after` in seconds, default 1. */
  | { kind: '429'; retryAfterSeconds: number }
  /** Server error with an OpenAI `server_error` body. */
  | { kind: '500' }
  | { kind: '503' }
  /** Never sends headers; the socket stays open until the client leaves or `stop()`. */
  | { kind: 'hang' }
  /** Streams: destroy the socket after `after` events (default 2). Non-stream: after half the body. */
  | { kind: 'reset'; afterEvents: number }
  /** 200 `application/json` whose body is cut in half. */
  | { kind: 'malformed-json' }
  /** A stream whose event number `at` (0-based, default 1) carries invalid JSON. */
  | { kind: 'malformed-sse'; atEvent: number }
  /** The normal response sent with `content-encoding: gzip` (streams flushed per event). */
  | { kind: 'gzip' }
  /** The normal response, `ttfb-ms` (default 250) before headers, `chunk-delay-ms` (default 25) between events. */
  | { kind: 'slow'; ttfbMs: number; chunkDelayMs: number };

/** OpenAI Chat Completions `usage` object, as sent on the wire (DeepSeek models add two fields). */
export interface OpenAIChatUsage {
  prompt_tokens: number;
  completion_tokens: number;
  total_tokens: number;
  prompt_tokens_details: {
    /** Cache reads; a subset of `prompt_tokens`. */
    cached_tokens: number;
    audio_tokens: number;
  };
  completion_tokens_details: {
    /** Reasoning tokens; a subset of `completion_tokens`. */
    reasoning_tokens: number;
    audio_tokens: number;
    accepted_prediction_tokens: number;
    rejected_prediction_tokens: number;
  };
  /** DeepSeek only: equals `prompt_tokens_details.cached_tokens`. */
  prompt_cache_hit_tokens?: number;
  /** DeepSeek only: `prompt_tokens - prompt_cache_hit_tokens`. */
  prompt_cache_miss_tokens?: number;
}
