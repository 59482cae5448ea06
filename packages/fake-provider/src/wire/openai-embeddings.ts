import { createHash } from 'node:crypto';
import { splitModelFault } from '../faults.js';
import type { RequestSummary } from '../route.js';
import type { OpenAIEmbeddingsUsage } from '../types.js';
import { isRecord, optionalPositiveInteger } from './json.js';
import type { OpenAIErrorDetails } from './openai-errors.js';

/** Vector length when the request sets no `dimensions`: the model's native size. */
export function defaultEmbeddingDimensions(model: string): number {
  return model.startsWith('text-embedding-3-large') ? 3072 : 1536;
}

/** `text-embedding-ada-002` (and other pre-v3 models) reject `dimensions`. */
function supportsDimensions(model: string): boolean {
  return model.startsWith('text-embedding-3');
}

const MAX_INPUTS = 2048;

/** One input: a text, or an array of token ids. */
export type EmbeddingInput = string | number[];

/** The parts of an embeddings request the fake provider acts on. */
export interface OpenAIEmbeddingsRequest {
  model: string;
  modelFaultSpec?: string;
  inputs: EmbeddingInput[];
  dimensions: number;
  encodingFormat: 'float' | 'base64';
}

/** Result of {@link parseOpenAIEmbeddingsRequest}. */
export type OpenAIEmbeddingsRequestParseResult =
  | { ok: true; request: OpenAIEmbeddingsRequest }
  | { ok: false; error: OpenAIErrorDetails; summary: RequestSummary };

function isTokenArray(value: unknown): value is number[] {
  return Array.isArray(value) && value.length > 0 && value.every((item) => Number.isInteger(item) && item >= 0);
}

/** `input` as a list: a string, a list of strings, a token array, or a list of token arrays. */
function readInputs(input: unknown): EmbeddingInput[] | undefined {
  if (typeof input === 'string') return input === '' ? undefined : [input];
  if (isTokenArray(input)) return [input];
  if (!Array.isArray(input) || input.length === 0 || input.length > MAX_INPUTS) return undefined;
  if (input.every((item) => typeof item === 'string' && item !== '')) return input as string[];
  if (input.every(isTokenArray)) return input;
  return undefined;
}

/** Parses and validates a raw `POST /v1/embeddings` body. */
export function parseOpenAIEmbeddingsRequest(rawBody: string): OpenAIEmbeddingsRequestParseResult {
  let parsed: unknown;
  try {
    parsed = JSON.parse(rawBody);
  } catch {
    parsed = undefined;
  }
  const emptySummary: RequestSummary = { model: '', stream: false, includeUsage: false };
  if (!isRecord(parsed)) {
    return {
      ok: false,
      error: { message: 'We could not parse the JSON body of your request.', param: null, code: null },
      summary: emptySummary,
    };
  }
  const { model, faultSpec } = typeof parsed.model === 'string' ? splitModelFault(parsed.model) : { model: '', faultSpec: undefined };
  const summary: RequestSummary = { model, stream: false, includeUsage: false };
  const fail = (message: string, param: string | null, code: string | null): OpenAIEmbeddingsRequestParseResult => ({
    ok: false,
    error: { message, param, code },
    summary,
  });
  if (model === '') return fail('you must provide a model parameter', null, null);
  if (parsed.input === undefined) return fail("Missing required parameter: 'input'.", 'input', 'missing_required_parameter');
  const inputs = readInputs(parsed.input);
  if (inputs === undefined) {
    return fail("'$.input' is invalid. Please check the API reference: https://platform.openai.com/docs/api-reference.", null, null);
  }
  const format = parsed.encoding_format ?? 'float';
  if (format !== 'float' && format !== 'base64') {
    return fail(`Invalid value for 'encoding_format' = ${String(format)}. Supported values are: 'float' and 'base64'.`, 'encoding_format', 'invalid_value');
  }
  const dimensions = optionalPositiveInteger(parsed.dimensions);
  if (dimensions === 'invalid') {
    return fail("Invalid 'dimensions': expected a positive integer.", 'dimensions', 'invalid_value');
  }
  if (dimensions !== undefined && !supportsDimensions(model)) {
    return fail('This model does not support specifying dimensions.', null, null);
  }
  const request: OpenAIEmbeddingsRequest = {
    model,
    inputs,
    dimensions: dimensions ?? defaultEmbeddingDimensions(model),
    encodingFormat: format,
  };
  if (faultSpec !== undefined) request.modelFaultSpec = faultSpec;
  return { ok: true, request };
}

/** Tokens of one input: ⌈chars / 4⌉ (at least 1) for a text, the array length for token ids. */
export function embeddingInputTokens(input: EmbeddingInput): number {
  return typeof input === 'string' ? Math.max(1, Math.ceil(input.length / 4)) : input.length;
}

/**
 * A deterministic unit vector for one input: float32 components derived from a SHA-256 stream
 * of (model, dimensions, input), normalised to length 1 as OpenAI's embeddings are. It depends on
 * nothing else in the request, so an input gets the same vector alone or in a batch.
 */
export function embeddingVector(model: string, dimensions: number, input: EmbeddingInput): Float32Array {
  const raw = new Float64Array(dimensions);
  const base = JSON.stringify([model, dimensions, input]);
  for (let block = 0; block * 8 < dimensions; block += 1) {
    const bytes = createHash('sha256').update(`${base}:${block}`).digest();
    for (let offset = 0; offset < 8 && block * 8 + offset < dimensions; offset += 1) {
      raw[block * 8 + offset] = bytes.readUInt32BE(offset * 4) / 0xffffffff - 0.5;
    }
  }
  const norm = Math.sqrt(raw.reduce((sum, value) => sum + value * value, 0)) || 1;
  return Float32Array.from(raw, (value) => value / norm);
}

/** The shortest decimal that reads back as the same float32 (how the API prints its floats). */
export function float32ToJson(value: number): number {
  for (let precision = 1; precision <= 9; precision += 1) {
    const candidate = Number(value.toPrecision(precision));
    if (Math.fround(candidate) === value) return candidate;
  }
  return value;
}

/** A vector as the API encodes it: an array of numbers, or base64 of little-endian float32 bytes. */
export function encodeEmbedding(vector: Float32Array, format: 'float' | 'base64'): number[] | string {
  if (format === 'float') return Array.from(vector, float32ToJson);
  const bytes = Buffer.alloc(vector.length * 4);
  for (const [index, value] of vector.entries()) bytes.writeFloatLE(value, index * 4);
  return bytes.toString('base64');
}

/** The usage of a request: the input tokens (or the `x-fake-usage` `prompt`). */
export function embeddingsUsage(request: OpenAIEmbeddingsRequest, promptOverride: number | undefined): OpenAIEmbeddingsUsage {
  const prompt = promptOverride ?? request.inputs.reduce((sum, input) => sum + embeddingInputTokens(input), 0);
  return { prompt_tokens: prompt, total_tokens: prompt };
}

/** The `list` body (compact JSON, the API's key order). */
export function buildOpenAIEmbeddings(request: OpenAIEmbeddingsRequest, usage: OpenAIEmbeddingsUsage): string {
  return JSON.stringify({
    object: 'list',
    data: request.inputs.map((input, index) => ({
      object: 'embedding',
      index,
      embedding: encodeEmbedding(embeddingVector(request.model, request.dimensions, input), request.encodingFormat),
    })),
    model: request.model,
    usage,
  });
}
