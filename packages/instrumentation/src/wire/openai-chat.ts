import { removeTopLevelNullMember } from './json-edit.js';
import { emptyResponse, isRecord, setNumber, setStringArray, withContent } from './json-values.js';
import { openAIChatInput, openAIChatOutput, StreamedText } from './messages.js';
import { type ChunkContext, ContentChunkReader } from './openai-chat-chunk.js';
import { readOpenAIChatUsage } from './openai-usage.js';
import type { SseEvent } from './sse.js';
import type { EventAction, ParsedRequest, ParsedResponse, RequestParameters, StreamParser, WireFormat } from './types.js';

/**
 * OpenAI Chat Completions (`POST …/chat/completions`), as spoken by OpenAI, DeepSeek and every
 * OpenAI-compatible gateway. Reference: https://platform.openai.com/docs/api-reference/chat
 */
export const openAIChat: WireFormat = {
  name: 'openai.chat',
  usageFormat: 'openai.chat',
  metrics: 'inference',

  defaultProvider() {
    return undefined;
  },

  matches(method, pathname) {
    return method === 'POST' && (pathname.endsWith('/chat/completions') || pathname.endsWith('/chat/completions/'));
  },

  parseRequest(body, bodyText, options) {
    if (!isRecord(body) || !Array.isArray(body['messages'])) return undefined;
    const model = typeof body['model'] === 'string' ? body['model'] : undefined;
    const stream = body['stream'] === true;
    const parameters = requestParameters(body);
    const streamOptions = body['stream_options'];
    const wantsUsage = isRecord(streamOptions) && streamOptions['include_usage'] === true;
    let rewrittenBody: string | undefined;
    if (stream && !wantsUsage && options.injectStreamUsage) {
      rewrittenBody = injectIncludeUsage(body, bodyText);
    }
    const request: ParsedRequest = {
      operation: 'chat',
      model,
      stream,
      parameters,
      rewrittenBody,
      usageInjected: rewrittenBody !== undefined,
    };
    return withContent(request, options.contentMaxLength, (maxLength) => openAIChatInput(body, maxLength));
  },

  parseResponse(json, request) {
    if (!isRecord(json)) return emptyResponse(true);
    const response: ParsedResponse = emptyResponse();
    readEnvelope(json, response);
    if (Array.isArray(json['choices'])) {
      const reasons: Array<[number, string]> = [];
      for (const choice of json['choices']) {
        if (isRecord(choice) && typeof choice['finish_reason'] === 'string') {
          reasons.push([choiceIndex(choice['index']) ?? reasons.length, choice['finish_reason']]);
        }
      }
      response.finishReasons = reasons.sort((a, b) => a[0] - b[0]).map(([, reason]) => reason);
    }
    response.rawUsage = json['usage'];
    response.usage = readOpenAIChatUsage(json['usage']);
    if (request?.contentMaxLength !== undefined) response.output = openAIChatOutput(json, request.contentMaxLength);
    return response;
  },

  createStreamParser(request) {
    return new OpenAIChatStreamParser(request.usageInjected, request.contentMaxLength === undefined ? undefined : new StreamedText(request.contentMaxLength));
  },
};

/**
 * Adds `stream_options.include_usage: true`. When the caller sent no `stream_options`, the member is
 * appended to the caller's own text so every other byte of the request stays as the caller wrote it.
 */
function injectIncludeUsage(body: Record<string, unknown>, bodyText: string): string {
  const trimmed = bodyText.trimEnd();
  if (!('stream_options' in body) && trimmed.endsWith('}')) {
    return `${trimmed.slice(0, -1)},"stream_options":{"include_usage":true}}`;
  }
  const existing = isRecord(body['stream_options']) ? body['stream_options'] : {};
  return JSON.stringify({ ...body, stream_options: { ...existing, include_usage: true } });
}

function requestParameters(body: Record<string, unknown>): RequestParameters {
  const parameters: RequestParameters = {};
  setNumber(parameters, 'temperature', body['temperature']);
  setNumber(parameters, 'topP', body['top_p']);
  setNumber(parameters, 'maxTokens', body['max_completion_tokens'] ?? body['max_tokens']);
  setNumber(parameters, 'frequencyPenalty', body['frequency_penalty']);
  setNumber(parameters, 'presencePenalty', body['presence_penalty']);
  setNumber(parameters, 'seed', body['seed']);
  setStringArray(parameters, 'stopSequences', body['stop']);
  const n = body['n'];
  if (typeof n === 'number' && n !== 1) parameters.choiceCount = n;
  const responseFormat = body['response_format'];
  if (isRecord(responseFormat) && typeof responseFormat['type'] === 'string') {
    parameters.outputType = responseFormat['type'] === 'text' ? 'text' : 'json';
  }
  if (typeof body['reasoning_effort'] === 'string') {
    parameters.reasoningLevel = body['reasoning_effort'];
  }
  if (typeof body['service_tier'] === 'string') parameters.serviceTier = body['service_tier'];
  return parameters;
}

/** Reads the members every chat completion (and every chunk) carries. */
function readEnvelope(json: Record<string, unknown>, response: ParsedResponse): void {
  // The first non-empty values: Azure OpenAI's first chunk (prompt filter results) has `"id":""` and `"model":""`.
  if (response.id === undefined && typeof json['id'] === 'string' && json['id'] !== '') response.id = json['id'];
  if (response.model === undefined && typeof json['model'] === 'string' && json['model'] !== '') response.model = json['model'];
  if (typeof json['service_tier'] === 'string') {
    response.serviceTier = json['service_tier'];
  }
  if (typeof json['system_fingerprint'] === 'string') {
    response.systemFingerprint = json['system_fingerprint'];
  }
}

/** The API allows at most 128 choices (`n`); anything else is not a choice index to trust. */
const MAX_CHOICES = 128;

function choiceIndex(value: unknown): number | undefined {
  if (value === undefined) return 0;
  return typeof value === 'number' && Number.isInteger(value) && value >= 0 && value < MAX_CHOICES ? value : undefined;
}

let slowPathHits = 0;
/** Chunks that `openai.chat` stream parsers decoded and parsed in full, so far (for tests; not telemetry). */
export function openAIChatSlowPathHits(): number {
  return slowPathHits;
}

const PASS_OUTPUT: EventAction = { kind: 'pass', output: true };
const PASS_SILENT: EventAction = { kind: 'pass', output: false };
const DROP: EventAction = { kind: 'drop', output: false };

/**
 * Reads `chat.completion.chunk` events. When the instrumentation injected `include_usage`, it also
 * undoes the injection in the caller's copy: per the API reference every chunk then carries
 * `"usage": null`, and one extra chunk with empty `choices` carries the usage before `[DONE]`.
 */
class OpenAIChatStreamParser implements StreamParser {
  private readonly response: ParsedResponse = emptyResponse();
  private readonly finishReasons = new Map<number, string>();
  private readonly chunks = new ContentChunkReader();
  private readonly context: ChunkContext;
  private choiceCount = 0;
  private done = false;

  constructor(
    private readonly usageInjected: boolean,
    private readonly text: StreamedText | undefined,
  ) {
    this.context = { choiceCount: 0, model: undefined, response: this.response, usageInjected };
  }

  /**
   * The hot path: a content chunk read from its bytes, never decoded (see {@link ContentChunkReader}):
   * always the result {@link onEvent} would give, whatever the order of the chunk's members.
   */
  fromBytes(event: SseEvent): EventAction | undefined {
    if (!this.mayShortcut()) return undefined;
    const context = this.context;
    context.choiceCount = this.choiceCount;
    context.model = this.response.model;
    return this.chunks.read(event, context);
  }

  onEvent(data: string): EventAction {
    if (data === '[DONE]') {
      this.done = true;
      return PASS_SILENT;
    }
    slowPathHits += 1;
    this.chunks.forget();
    let chunk: unknown;
    try {
      chunk = JSON.parse(data);
    } catch {
      this.response.malformed = true;
      return PASS_OUTPUT;
    }
    if (!isRecord(chunk)) {
      this.response.malformed = true;
      return PASS_OUTPUT;
    }
    readEnvelope(chunk, this.response);
    const choices = chunk['choices'];
    let hasChoices = false;
    if (Array.isArray(choices) && choices.length > 0) {
      hasChoices = true;
      for (const choice of choices) {
        if (!isRecord(choice)) continue;
        const index = choiceIndex(choice['index']);
        if (index === undefined) continue;
        if (index + 1 > this.choiceCount) this.choiceCount = index + 1;
        if (typeof choice['finish_reason'] === 'string') this.finishReasons.set(index, choice['finish_reason']);
        if (this.text && isRecord(choice['delta']) && typeof choice['delta']['content'] === 'string') this.text.append(index, choice['delta']['content']);
      }
    }
    const usage = chunk['usage'];
    if (isRecord(usage)) {
      this.response.rawUsage = usage;
      this.response.usage = readOpenAIChatUsage(usage);
      if (this.usageInjected && !hasChoices) return DROP;
    } else if (usage === null && this.usageInjected) {
      const stripped = removeTopLevelNullMember(data, 'usage');
      if (stripped !== undefined) return { kind: 'replace', data: stripped, output: hasChoices };
    }
    return hasChoices ? PASS_OUTPUT : PASS_SILENT;
  }

  /**
   * Whether a chunk may be read from its bytes at all: once a parsed chunk gave the id and a choice (a
   * gateway's first chunk may have neither), and when no text is being captured.
   */
  private mayShortcut(): boolean {
    return this.choiceCount > 0 && this.response.id !== undefined && this.text === undefined;
  }

  result(): ParsedResponse & { complete: boolean } {
    const reasons: string[] = [];
    for (let index = 0; index < this.choiceCount; index += 1) {
      // A choice that never got its finish reason ended abnormally (conventions: use `error`).
      reasons.push(this.finishReasons.get(index) ?? 'error');
    }
    const finishReasons = this.choiceCount > 0 ? reasons : undefined;
    const output = this.text?.messages(finishReasons);
    return { ...this.response, finishReasons, ...(output ? { output } : {}), complete: this.done };
  }
}
