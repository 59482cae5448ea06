import { count, emptyResponse, isRecord, setNumber, setStringArray, unchangedRequest, withContent } from './json-values.js';
import { geminiInput, geminiOutput, StreamedText } from './messages.js';
import type { RequestParameters, EventAction, ParsedResponse, StreamParser, TokenUsage, WireFormat } from './types.js';

/** `…/models/{model}:generateContent` or `:streamGenerateContent` (Gemini API and Vertex AI). */
const PATH = /\/models\/([^/:]+):(generateContent|streamGenerateContent)$/;
/** Vertex AI publisher-model paths: `/v1/projects/{p}/locations/{l}/publishers/google/models/{m}:…`. */
const VERTEX_PATH = /\/projects\/[^/]+\/locations\/[^/]+\/publishers\/google\/models\//;

/**
 * Gemini `generateContent` / `streamGenerateContent?alt=sse`, as `@google/genai` speaks it, for the
 * Gemini API and Vertex AI. Reference: https://ai.google.dev/api/generate-content
 */
export const gemini: WireFormat = {
  name: 'gemini',
  usageFormat: 'gemini',
  metrics: 'inference',

  matches(method, pathname) {
    return method === 'POST' && PATH.test(pathname);
  },

  defaultProvider(url) {
    return VERTEX_PATH.test(url.pathname) ? 'gcp.vertex_ai' : 'gcp.gemini';
  },

  parseRequest(body, _bodyText, options, url) {
    const match = PATH.exec(url.pathname);
    if (!isRecord(body) || match === null) return undefined;
    const stream = match[2] === 'streamGenerateContent';
    const parameters: RequestParameters = {};
    const config = body['generationConfig'];
    if (isRecord(config)) {
      setNumber(parameters, 'temperature', config['temperature']);
      setNumber(parameters, 'topP', config['topP']);
      setNumber(parameters, 'topK', config['topK']);
      setNumber(parameters, 'maxTokens', config['maxOutputTokens']);
      setNumber(parameters, 'seed', config['seed']);
      setNumber(parameters, 'presencePenalty', config['presencePenalty']);
      setNumber(parameters, 'frequencyPenalty', config['frequencyPenalty']);
      setStringArray(parameters, 'stopSequences', config['stopSequences']);
      const candidates = config['candidateCount'];
      if (typeof candidates === 'number' && candidates !== 1) parameters.choiceCount = candidates;
      const mime = config['responseMimeType'];
      if (typeof mime === 'string') parameters.outputType = mime === 'application/json' ? 'json' : 'text';
    }
    return withContent(unchangedRequest('generate_content', decodeURIComponent(match[1]!), stream, parameters), options.contentMaxLength, (maxLength) =>
      geminiInput(body, maxLength),
    );
  },

  parseResponse(json, request) {
    if (!isRecord(json)) return emptyResponse(true);
    const response: ParsedResponse = emptyResponse();
    readChunk(json, response, new Map());
    if (request?.contentMaxLength !== undefined) response.output = geminiOutput(json, request.contentMaxLength);
    return response;
  },

  createStreamParser(request) {
    return new GeminiStreamParser(request.contentMaxLength === undefined ? undefined : new StreamedText(request.contentMaxLength));
  },
};

/**
 * `candidatesTokenCount` excludes thoughts; the conventions' output tokens include reasoning, so
 * output = candidates + thoughts. `promptTokenCount` already includes cached content (and tool-use
 * prompt tokens are input too).
 */
export function readGeminiUsage(usage: unknown): TokenUsage | undefined {
  if (!isRecord(usage)) return undefined;
  const prompt = count(usage['promptTokenCount']);
  const candidates = count(usage['candidatesTokenCount']);
  const thoughts = count(usage['thoughtsTokenCount']);
  if (prompt === undefined && candidates === undefined && thoughts === undefined) return undefined;
  const result: TokenUsage = {
    inputTokens: (prompt ?? 0) + (count(usage['toolUsePromptTokenCount']) ?? 0),
    outputTokens: (candidates ?? 0) + (thoughts ?? 0),
  };
  const cached = count(usage['cachedContentTokenCount']);
  if (cached !== undefined) result.cacheReadInputTokens = cached;
  if (thoughts !== undefined) result.reasoningOutputTokens = thoughts;
  return result;
}

/** Reads one GenerateContentResponse (a whole response, or one streamed chunk of it). */
function readChunk(json: Record<string, unknown>, response: ParsedResponse, reasons: Map<number, string>): boolean {
  if (response.id === undefined && typeof json['responseId'] === 'string') response.id = json['responseId'];
  if (response.model === undefined && typeof json['modelVersion'] === 'string') response.model = json['modelVersion'];
  let hasCandidates = false;
  const candidates = json['candidates'];
  if (Array.isArray(candidates)) {
    candidates.forEach((candidate, position) => {
      if (!isRecord(candidate)) return;
      hasCandidates = true;
      const index = typeof candidate['index'] === 'number' ? candidate['index'] : position;
      if (typeof candidate['finishReason'] === 'string') reasons.set(index, candidate['finishReason']);
    });
  }
  if (reasons.size > 0) response.finishReasons = [...reasons.entries()].sort((a, b) => a[0] - b[0]).map(([, reason]) => reason);
  if (isRecord(json['usageMetadata'])) {
    response.rawUsage = json['usageMetadata'];
    response.usage = readGeminiUsage(json['usageMetadata']);
  }
  return hasCandidates;
}

/** Each `data:` event is a GenerateContentResponse; the last `usageMetadata` is the call's usage. */
class GeminiStreamParser implements StreamParser {
  private readonly response: ParsedResponse = emptyResponse();
  private readonly reasons = new Map<number, string>();

  constructor(private readonly text: StreamedText | undefined) {}

  onEvent(data: string): EventAction {
    let chunk: unknown;
    try {
      chunk = JSON.parse(data);
    } catch {
      this.response.malformed = true;
      return { kind: 'pass', output: true };
    }
    if (!isRecord(chunk)) return { kind: 'pass', output: false };
    if (this.text) {
      for (const message of geminiOutput(chunk, Number.MAX_SAFE_INTEGER).entries()) {
        for (const part of message[1].parts) if (part.type === 'text') this.text.append(message[0], part.content);
      }
    }
    return { kind: 'pass', output: readChunk(chunk, this.response, this.reasons) };
  }

  result(): ParsedResponse & { complete: boolean } {
    const output = this.text?.messages(this.response.finishReasons);
    return { ...this.response, ...(output ? { output } : {}), complete: this.reasons.size > 0 };
  }
}
