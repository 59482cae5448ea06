/** Options for {@link startFakeProvider}. */
export interface FakeProviderOptions {
  /** Interface to listen on. Default `'127.0.0.1'`. */
  host?: string;
  /** TCP port; `0` picks a free port. Default `0`. */
  port?: number;
  /**
   * Clock in milliseconds since the epoch, used for timestamps in bodies (`created`,
   * `created_at`, Vertex `createTime`) and Anthropic rate-limit reset headers. Default `Date.now`.
   * Pass a constant for golden output.
   */
  clock?: () => number;
}

/** A running fake provider. */
export interface FakeProvider {
  /** Root URL without a trailing slash, e.g. `'http://127.0.0.1:54321'`. */
  url: string;
  /**
   * `url + '/v1'`: what to pass as `new OpenAI({ baseURL })`. The Anthropic and Gemini SDKs take
   * {@link FakeProvider.url} (they add `/v1/messages`, `/v1beta/models/…` themselves).
   */
  baseURL: string;
  /** The port actually bound. */
  port: number;
  /**
   * Ledger: one entry per request the server answered or failed (any API), in order of completion.
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
  /** The ledger entries of one API, typed (a filtered copy of {@link FakeProvider.served}). */
  calls<A extends ServedApi>(api: A): Array<ServedCallOf<A>>;
  /** Clears the ledger, the received-request count and the fault `key=` attempt counters. */
  reset(): void;
  /** Closes the server and destroys every open socket, hung requests included. Idempotent. */
  stop(): Promise<void>;
}

/** Which wire API answered a request. */
export type ServedApi = 'openai.chat' | 'openai.responses' | 'openai.embeddings' | 'anthropic.messages' | 'gemini' | 'ollama.chat';

/** What every ledger entry says, whatever the API. */
export interface ServedCallBase {
  /** Request path without the query string, e.g. `'/v1/chat/completions'`. */
  path: string;
  /**
   * The requested model with any `+fault=…` suffix removed (not the resolved snapshot); `''` if
   * absent. Gemini: the model of the URL path, without `models/`.
   */
  model: string;
  /** Whether the request asked for a stream. */
  stream: boolean;
  /**
   * Whether the request is a stream that carries usage: chat streams with
   * `stream_options.include_usage: true`; every Anthropic, Gemini and Responses stream.
   */
  includeUsage: boolean;
  /** HTTP status sent; `0` when no status line was sent (the `hang` fault). */
  status: number;
  /** The injected fault kind, if one was applied to this attempt (e.g. `'429'`, `'reset'`). */
  fault?: FaultKind;
  /**
   * 1-based attempt number of the logical call, when the server can tell: the
   * `x-stainless-retry-count` header + 1 (OpenAI and Anthropic SDKs), or the count of requests
   * seen with the same fault `key=` (that wins when both are present).
   */
  attempt?: number;
}

/** A ledger entry of `POST …/chat/completions`. */
export interface ServedOpenAIChatCall extends ServedCallBase {
  api: 'openai.chat';
  /** Exactly the usage object sent to the client, when one was sent intact. */
  usage?: OpenAIChatUsage;
}

/** A ledger entry of `POST …/responses`. */
export interface ServedOpenAIResponsesCall extends ServedCallBase {
  api: 'openai.responses';
  /** The `usage` of the final response (non-stream body, or `response.completed` / `.incomplete`). */
  usage?: OpenAIResponsesUsage;
}

/** A ledger entry of `POST …/embeddings`. */
export interface ServedOpenAIEmbeddingsCall extends ServedCallBase {
  api: 'openai.embeddings';
  usage?: OpenAIEmbeddingsUsage;
}

/** A ledger entry of `POST …/v1/messages`. */
export interface ServedAnthropicMessagesCall extends ServedCallBase {
  api: 'anthropic.messages';
  /**
   * The usage the client has: the body's `usage`; for a stream, `message_start`'s usage with the
   * fields of `message_delta.usage` written over it (what the SDK's `finalMessage()` holds), or
   * `message_start`'s alone when the stream ended before an intact `message_delta`.
   */
  usage?: AnthropicMessagesUsage;
}

/** A ledger entry of a Gemini API or Vertex AI `:generateContent` / `:streamGenerateContent`. */
export interface ServedGeminiCall extends ServedCallBase {
  api: 'gemini';
  /** The last `usageMetadata` the client received intact. */
  usage?: GeminiUsageMetadata;
}

/** A ledger entry of Ollama's `POST …/api/chat`. */
export interface ServedOllamaChatCall extends ServedCallBase {
  api: 'ollama.chat';
  /** The metrics of the final object (the body, or a stream's `"done":true` line) when it was sent intact. */
  usage?: OllamaChatMetrics;
}

/**
 * One ledger entry: what the server did for one request. Narrow on `api` to get the typed
 * `usage` of that API (or use {@link FakeProvider.calls}).
 */
export type ServedCall =
  | ServedOpenAIChatCall
  | ServedOpenAIResponsesCall
  | ServedOpenAIEmbeddingsCall
  | ServedAnthropicMessagesCall
  | ServedGeminiCall
  | ServedOllamaChatCall;

/** The ledger entry type of one API, e.g. `ServedCallOf<'gemini'>`. */
export type ServedCallOf<A extends ServedApi> = Extract<ServedCall, { api: A }>;

/** The fault kinds understood by `x-fake-fault` and the `+fault=` model suffix. */
export type FaultKind =
  | '404'
  | '429'
  | '500'
  | '503'
  | '529'
  | 'hang'
  | 'reset'
  | 'malformed-json'
  | 'malformed-sse'
  | 'stream-error'
  | 'gzip'
  | 'brotli'
  | 'slow';

/** Parameters every fault kind accepts: which attempts of a logical call it applies to. */
export interface FaultSchedule {
  /** Apply the fault only to attempts 1…`times` of a call (see {@link ServedCallBase.attempt}). */
  times?: number;
  /** Count attempts server-side per key, for clients that send no `x-stainless-retry-count`. */
  key?: string;
}

/** A parsed fault spec (`<kind>[;key=value]*`), with defaults applied. */
export type FaultSpec = FaultSchedule &
  (
    | /** Ollama only: 404, the model is not pulled (`{"error":"model '<m>' not found"}`). */
    { kind: '404' }
    /** Rate limited. `retry-after` in seconds, default 1; `retry-after-ms` adds that header. */
    | { kind: '429'; retryAfterSeconds: number; retryAfterMs?: number }
    /** Server error with the API's own error body. */
    | { kind: '500' }
    | { kind: '503' }
    /** Anthropic only: 529 `overloaded_error`, with `retry-after` like 429. */
    | { kind: '529'; retryAfterSeconds: number; retryAfterMs?: number }
    /** Never sends headers; the socket stays open until the client leaves or `stop()`. */
    | { kind: 'hang' }
    /** Streams: destroy the socket after `after` events (default 2). Non-stream: after half the body. */
    | { kind: 'reset'; afterEvents: number }
    /** 200 `application/json` whose body is cut in half. */
    | { kind: 'malformed-json' }
    /** A stream whose event number `at` (0-based, default 1) carries invalid JSON. */
    | { kind: 'malformed-sse'; atEvent: number }
    /**
     * Ollama only, streams: `after` lines (default 2), then an in-band `{"error":"…"}` line, and the
     * response ends with status 200 — how Ollama reports an error once the stream has started.
     */
    | { kind: 'stream-error'; afterEvents: number }
    /** The normal response sent with `content-encoding: gzip` (streams flushed per event). */
    | { kind: 'gzip' }
    /** The normal response sent with `content-encoding: br` (streams flushed per event). */
    | { kind: 'brotli' }
    /**
     * The normal response, `ttfb-ms` (default 250) before headers, `chunk-delay-ms` (default 25) between events;
     * `body-delay-ms` (optional): a non-stream body's first half with the headers, the rest that much later.
     */
    | { kind: 'slow'; ttfbMs: number; chunkDelayMs: number; bodyDelayMs?: number }
  );

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

/** OpenAI Responses `usage` object, as sent on the wire. */
export interface OpenAIResponsesUsage {
  input_tokens: number;
  /** `cached_tokens` is a subset of `input_tokens`. */
  input_tokens_details: { cached_tokens: number };
  output_tokens: number;
  /** `reasoning_tokens` is a subset of `output_tokens`. */
  output_tokens_details: { reasoning_tokens: number };
  total_tokens: number;
}

/** OpenAI embeddings `usage` object. */
export interface OpenAIEmbeddingsUsage {
  prompt_tokens: number;
  total_tokens: number;
}

/** Anthropic Messages `usage` object, as sent on the wire. */
export interface AnthropicMessagesUsage {
  /** Uncached input only: cache reads and writes are **not** included. */
  input_tokens: number;
  /** All cache writes (= 5m + 1h). */
  cache_creation_input_tokens: number;
  cache_read_input_tokens: number;
  cache_creation: { ephemeral_5m_input_tokens: number; ephemeral_1h_input_tokens: number };
  /** All output, thinking included. */
  output_tokens: number;
  /** Only on requests with thinking enabled; `thinking_tokens` ⊂ `output_tokens`. */
  output_tokens_details?: { thinking_tokens: number };
  service_tier: 'standard';
  inference_geo: string;
}

/** One `{modality, tokenCount}` entry of Gemini's per-modality token details. */
export interface GeminiModalityTokenCount {
  modality: 'TEXT';
  tokenCount: number;
}

/** Gemini `usageMetadata`, as sent on the wire (zero-valued counts are omitted, as proto3 JSON does). */
export interface GeminiUsageMetadata {
  promptTokenCount: number;
  /** Visible output; **excludes** `thoughtsTokenCount`. */
  candidatesTokenCount?: number;
  /** prompt + candidates + thoughts. */
  totalTokenCount: number;
  /** ⊂ `promptTokenCount`. */
  cachedContentTokenCount?: number;
  /** Vertex AI only. */
  trafficType?: 'ON_DEMAND';
  promptTokensDetails: GeminiModalityTokenCount[];
  cacheTokensDetails?: GeminiModalityTokenCount[];
  /** Vertex AI only. */
  candidatesTokensDetails?: GeminiModalityTokenCount[];
  /** Thinking models only; billed as output. */
  thoughtsTokenCount?: number;
}

/**
 * The metrics members of Ollama's final chat object (api/types.go `Metrics`), as sent: durations in
 * nanoseconds, zero values left out (`omitempty`). Ollama has no usage object; these are its usage.
 */
export interface OllamaChatMetrics {
  total_duration?: number;
  load_duration?: number;
  /** Input tokens evaluated. */
  prompt_eval_count?: number;
  prompt_eval_duration?: number;
  /** Generated tokens, thinking included. */
  eval_count?: number;
  eval_duration?: number;
}
