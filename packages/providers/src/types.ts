import type { StreamEvent, StreamFraming } from './framing/types.js';
import type { InputContent, OutputMessage } from './content/message-types.js';

/**
 * Which provider API shape a raw `usage` object has. One normaliser per format
 * (`usage.ts` in each API's folder).
 *
 * - `openai.chat`: Chat Completions `CompletionUsage` (`prompt_tokens`, `completion_tokens`, …).
 * - `openai.responses`: Responses API `ResponseUsage` (`input_tokens`, `output_tokens`, `*_details`).
 * - `anthropic.messages`: Anthropic Messages `Usage` (`input_tokens` excludes cache reads and writes).
 * - `gemini`: Gemini / Vertex AI `usageMetadata` (`promptTokenCount`, `candidatesTokenCount`, …).
 * - `deepseek`: DeepSeek chat usage (`prompt_cache_hit_tokens` / `prompt_cache_miss_tokens`).
 * - `ollama.chat`: Ollama's final chat object's metrics (`prompt_eval_count`, `eval_count`, durations).
 */
export type UsageFormat = 'openai.chat' | 'openai.responses' | 'anthropic.messages' | 'gemini' | 'deepseek' | 'ollama.chat';

/**
 * Token counts read from a provider's usage object by the one normalizer of its API (`<api>/usage.ts`),
 * in inclusive terms: every subset is already inside its total, never added on top. A subset is set
 * only when the provider reported it (a `0` the provider sent is kept; a field it did not send is
 * absent). Telemetry reads it as is; pricing fills absent subsets with 0.
 */
export interface TokenUsage {
  /** All input tokens: uncached, cache reads and cache writes (`gen_ai.usage.input_tokens`). */
  inputTokens: number;
  /** All output tokens, reasoning included (`gen_ai.usage.output_tokens`). */
  outputTokens: number;
  /** ⊂ inputTokens: tokens read from the provider's cache. */
  cacheReadInputTokens?: number;
  /** ⊂ inputTokens: all tokens written to the cache (any TTL). */
  cacheWriteInputTokens?: number;
  /** ⊂ cacheWriteInputTokens: writes with a 5-minute TTL (Anthropic). */
  cacheWrite5mInputTokens?: number;
  /** ⊂ cacheWriteInputTokens: writes with a 1-hour TTL (Anthropic). */
  cacheWrite1hInputTokens?: number;
  /** ⊂ outputTokens: reasoning / thinking tokens. */
  reasoningOutputTokens?: number;
  /** ⊂ inputTokens: audio input, cached audio included. */
  inputAudioTokens?: number;
  /** ⊂ inputTokens: image (and document) input, cached included. */
  inputImageTokens?: number;
  /** ⊂ inputTokens: video input, cached included. */
  inputVideoTokens?: number;
  /** ⊂ cacheReadInputTokens and ⊂ inputAudioTokens. */
  cacheReadAudioTokens?: number;
  /** ⊂ cacheReadInputTokens and ⊂ inputImageTokens. */
  cacheReadImageTokens?: number;
  /** ⊂ cacheReadInputTokens and ⊂ inputVideoTokens. */
  cacheReadVideoTokens?: number;
  /** ⊂ outputTokens: audio output. */
  outputAudioTokens?: number;
  /** ⊂ outputTokens: image output. */
  outputImageTokens?: number;
  /** Server-side web searches billed per call (Anthropic `server_tool_use.web_search_requests`). */
  webSearchCalls?: number;
  /** Service tier reported inside the usage object (Anthropic `service_tier`, Vertex `trafficType`), if any. */
  serviceTier?: string;
}

/**
 * A request's generation parameters, read from the API's own names into one vocabulary (each field
 * set only when the request set it). Facts, not span attributes: record/ names them.
 */
export interface RequestParameters {
  temperature?: number;
  topP?: number;
  topK?: number;
  /** The output-token limit (`max_tokens`, `max_completion_tokens`, `max_output_tokens`, `maxOutputTokens`). */
  maxTokens?: number;
  frequencyPenalty?: number;
  presencePenalty?: number;
  seed?: number;
  stopSequences?: string[];
  /** Choices asked for, when not 1 (`n`, `candidateCount`). */
  choiceCount?: number;
  /** `json` for a structured-output request, `text` when text was asked for explicitly. */
  outputType?: 'text' | 'json';
  /** Reasoning effort (`reasoning_effort`, `reasoning.effort`). */
  reasoningLevel?: string;
  /** The service tier the request asked for (OpenAI `service_tier`). */
  serviceTier?: string;
  /** OpenAI Responses `previous_response_id`. */
  previousResponseId?: string;
  /** Embeddings: the encoding asked for (`float` when the request names none, as the API defaults). */
  encodingFormats?: string[];
  /** Embeddings: the `dimensions` asked for. */
  embeddingDimensions?: number;
}

/** What a wire module read from a request it recognised. */
export interface RequestFacts {
  /** What kind of operation the API call is (the conventions' `gen_ai.operation.name` values). */
  operation: 'chat' | 'generate_content' | 'embeddings';
  /** `gen_ai.request.model`, when the request names one. */
  model: string | undefined;
  stream: boolean;
  /** The request's parameters, as the API spelled them (see {@link RequestParameters}). */
  parameters: RequestParameters;
  /** The body to send instead of the caller's, when the instrumentation changed the request. */
  rewrittenBody: string | undefined;
  /** True when `rewrittenBody` added `stream_options.include_usage` that the caller did not ask for. */
  usageInjected: boolean;
  /** Set (to the per-part length cap) when message content is captured. */
  contentMaxLength?: number;
  /** The request's messages and system instructions, when content is captured. */
  input?: InputContent;
}

/** What a wire module read from a response (a JSON body, or a whole stream). */
export interface ResponseFacts {
  id: string | undefined;
  model: string | undefined;
  /** One per choice, in choice order. */
  finishReasons: string[] | undefined;
  usage: TokenUsage | undefined;
  /** The provider's usage object exactly as received (input for pricing). */
  rawUsage: unknown;
  /** The service tier that served the call (OpenAI `service_tier`), when the response says. */
  serviceTier?: string;
  /** OpenAI's `system_fingerprint`, when the response carries one. */
  systemFingerprint?: string;
  /** Set when the body could not be read as this wire format. */
  malformed: boolean;
  /** `error.type` of an error the provider reported inside a 2xx body or stream (e.g. Anthropic's `overloaded_error` event). */
  errorType?: string;
  /** The response's messages, when content is captured. */
  output?: OutputMessage[];
}

/** How the caller's copy of one stream event changes. */
export type EventAction =
  /**
   * Forward the event as it is. `last`: the event is the response's end marker (Ollama's `"done": true`
   * line, or its in-band `{"error"}` line): the call is complete with it, whether or not the client
   * reads the body on (the `ollama` client stops reading at the done line, without cancelling).
   */
  | { kind: 'pass'; output: boolean; last?: true }
  | { kind: 'drop'; output: false }
  | { kind: 'replace'; data: string; output: boolean }
  /**
   * Remove the event's bytes `[from, to)` (offsets from its first byte; ASCII only, e.g. an injected
   * `"usage":null` member): cut out of the event's own bytes, without re-encoding.
   */
  | { kind: 'cut'; from: number; to: number; output: boolean };

/** Incremental reader of one response stream; sees every event once, as it passes. */
export interface StreamParser {
  /**
   * What the caller receives for an event the parser can read from its bytes alone (OpenAI content
   * chunks), so that it is never decoded; `undefined`: use {@link onEvent}. The action is valid until
   * the next event is given to the parser (a reader may hand back the same object, set anew): act on it
   * at once, or copy it.
   */
  fromBytes?(event: StreamEvent): EventAction | undefined;
  /** Handles one event's `data` payload and says what the caller receives instead. */
  onEvent(data: string): EventAction;
  /** The response as read so far; `complete` is true when the stream reached its end marker. */
  result(): ResponseFacts & { complete: boolean };
}

/** Options a wire module needs from the instrumentation's configuration. */
export interface ParseOptions {
  injectStreamUsage: boolean;
  /** Capture message content, each text part cut at this many characters; undefined: no content. */
  contentMaxLength?: number;
}

/** A request's prompt-cache prefix, block by block (APIs with explicit cache breakpoints: Anthropic). */
export interface PromptCacheBlocks {
  /** Each block's canonical text, in prefix order; `breakpoint`: the block carries a cache marker. */
  blocks: Array<{ text: string; breakpoint: boolean }>;
  /** Automatic caching (a top-level marker): the breakpoint is the last block. */
  automatic: boolean;
}

/** One API's wire format: the only place that knows its JSON and SSE shapes. */
export interface ProviderApi {
  /** Identifier, e.g. `openai.chat`. */
  readonly name: string;
  /** The usage shape, for `@genai-otel/pricing`. */
  readonly usageFormat: UsageFormat;
  /**
   * `inference` operations record the `gen_ai.client.inference.*` metrics; others (embeddings)
   * record `gen_ai.client.operation.duration` and `gen_ai.client.token.usage`, as the conventions say.
   */
  readonly metrics: 'inference' | 'operation';
  /** How its streamed responses are cut into events (SSE for every API so far; see `framing/`). */
  readonly framing: StreamFraming;
  /** Cheap check on method and path, before any body is read. */
  matches(method: string, pathname: string): boolean;
  /**
   * `gen_ai.provider.name` for a host in no table: provider-specific formats (Anthropic, Gemini) name
   * their provider; OpenAI-compatible ones leave it to `defaultProviderName`.
   */
  defaultProvider(url: URL): string | undefined;
  /** `gen_ai.request.model` from the URL, for APIs that put the model there (Gemini). */
  modelFromPath?(pathname: string): string | undefined;
  /**
   * Top-level request members that change how or where an answer is delivered, billed or stored, never the answer
   * itself (`stream`, end-user ids, metadata, the processing tier, …): left out when telling repeats apart.
   */
  readonly deliveryMembers: readonly string[];
  /** The request's prompt-cache prefix blocks, for APIs with explicit cache breakpoints; undefined: none. */
  promptCacheBlocks?(body: unknown): PromptCacheBlocks | undefined;
  /** Reads the request JSON; `undefined` when it is not this API after all. */
  parseRequest(body: unknown, bodyText: string, options: ParseOptions, url: URL): RequestFacts | undefined;
  /** Reads a whole response body; `request` says whether to capture its content. */
  parseResponse(json: unknown, request?: RequestFacts): ResponseFacts;
  createStreamParser(request: RequestFacts): StreamParser;
}
