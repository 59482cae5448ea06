import { splitModelFault } from '../faults.js';
import type { RequestSummary } from '../route.js';
import { isRecord, optionalPositiveInteger } from './json.js';

/** Which Google backend a path belongs to. */
export type GeminiBackend = 'gemini-api' | 'vertex-ai';

/** What the URL path of a `generateContent` call says. */
export interface GeminiPath {
  backend: GeminiBackend;
  /** The model of the path, without `models/` and without a `+fault=` suffix. */
  model: string;
  modelFaultSpec?: string;
  stream: boolean;
}

/**
 * `…/{version}/models/{model}:generateContent` (Gemini API) and
 * `…/{version}/[projects/{p}/locations/{l}/]publishers/{publisher}/models/{model}:…` (Vertex AI),
 * with `streamGenerateContent` for streams.
 */
const PATH_PATTERN =
  /\/(?<vertex>(?:projects\/[^/]+\/locations\/[^/]+\/)?publishers\/[^/]+\/)?models\/(?<model>[^/]+):(?<method>generateContent|streamGenerateContent)$/;

/** Reads the backend, model and method of a path, or `undefined` when it is not a generate call. */
export function parseGeminiPath(path: string): GeminiPath | undefined {
  const match = PATH_PATTERN.exec(path);
  const groups = match?.groups;
  if (groups === undefined) return undefined;
  let rawModel = groups.model ?? '';
  try {
    rawModel = decodeURIComponent(rawModel);
  } catch {
    // keep the raw segment
  }
  const { model, faultSpec } = splitModelFault(rawModel);
  const parsed: GeminiPath = {
    backend: groups.vertex === undefined ? 'gemini-api' : 'vertex-ai',
    model,
    stream: groups.method === 'streamGenerateContent',
  };
  if (faultSpec !== undefined) parsed.modelFaultSpec = faultSpec;
  return parsed;
}

/** The parts of a `GenerateContentRequest` body the fake provider acts on. */
export interface GeminiRequest {
  /** `contents` as messages (`{content: parts}`), the system instruction first, for counting. */
  promptMessages: unknown[];
  /** `generationConfig.maxOutputTokens`, if set. */
  maxOutputTokens?: number;
  /** `generationConfig.thinkingConfig.thinkingBudget`, if set (`0` turns thinking off, `-1` is dynamic). */
  thinkingBudget?: number;
  /** The body (stream or not, it is the same) plus the model: what the reply derives from. */
  seedText: string;
}

/** Result of {@link parseGeminiRequest}: the request, or a 400 `INVALID_ARGUMENT` message. */
export type GeminiRequestParseResult = { ok: true; request: GeminiRequest } | { ok: false; message: string };

function partsOf(content: unknown): unknown {
  return isRecord(content) ? content.parts : undefined;
}

/** Parses and validates a `generateContent` body. */
export function parseGeminiRequest(rawBody: string, model: string): GeminiRequestParseResult {
  let body: unknown;
  try {
    body = JSON.parse(rawBody);
  } catch (error) {
    const detail = error instanceof Error ? error.message : String(error);
    return { ok: false, message: `Invalid JSON payload received. ${detail}` };
  }
  if (!isRecord(body)) return { ok: false, message: 'Invalid JSON payload received. Expected an object.' };
  const { contents } = body;
  if (contents === undefined || (Array.isArray(contents) && contents.length === 0)) {
    return { ok: false, message: '* GenerateContentRequest.contents: contents is not specified\n' };
  }
  if (!Array.isArray(contents) || !contents.every((content) => isRecord(content) && Array.isArray(content.parts))) {
    return { ok: false, message: 'Invalid JSON payload received. Unknown name "contents": every content needs \'parts\'.' };
  }
  const config = isRecord(body.generationConfig) ? body.generationConfig : {};
  const maxOutputTokens = optionalPositiveInteger(config.maxOutputTokens);
  if (maxOutputTokens === 'invalid') {
    return { ok: false, message: '* GenerateContentRequest.generation_config.max_output_tokens: must be positive\n' };
  }
  const thinkingConfig = isRecord(config.thinkingConfig) ? config.thinkingConfig : {};
  const system = partsOf(body.systemInstruction);
  const promptMessages = [...(Array.isArray(system) ? [{ content: system }] : []), ...contents.map((content) => ({ content: partsOf(content) }))];
  const request: GeminiRequest = { promptMessages, seedText: JSON.stringify({ ...body, model }) };
  if (maxOutputTokens !== undefined) request.maxOutputTokens = maxOutputTokens;
  if (typeof thinkingConfig.thinkingBudget === 'number') request.thinkingBudget = thinkingConfig.thinkingBudget;
  return { ok: true, request };
}

/** The ledger summary of a Gemini call (every stream carries usage). */
export function geminiSummary(path: GeminiPath): RequestSummary {
  return { model: path.model, stream: path.stream, includeUsage: path.stream };
}
