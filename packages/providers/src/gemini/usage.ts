import type { TokenUsage } from '../types.js';
import { count, isJsonObject, reported, text, usageObject, type JsonObject } from '../usage/read-fields.js';
import { UsageError } from '../usage/usage-error.js';

const COUNT_FIELDS = [
  'promptTokenCount',
  'candidatesTokenCount',
  'thoughtsTokenCount',
  'cachedContentTokenCount',
  'toolUsePromptTokenCount',
  'totalTokenCount',
] as const;

type Modality = 'audio' | 'image' | 'video' | 'other';

/**
 * Gemini API / Vertex AI `usageMetadata` (googleapis/js-genai `src/types.ts`, billing-rules.md §4.1).
 * The whole response (`{ usageMetadata }`) is accepted too.
 * - `candidatesTokenCount` **excludes** `thoughtsTokenCount`; billable output = candidates + thoughts
 *   (Gemini pricing page: output price "including thinking tokens");
 * - `cachedContentTokenCount` ⊂ `promptTokenCount` (billed at the cache price);
 * - `toolUsePromptTokenCount` is extra input, added to the prompt (as genai-prices does);
 * - per-modality details (`promptTokensDetails`, `cacheTokensDetails`, `candidatesTokensDetails`,
 *   `toolUsePromptTokensDetails`): AUDIO, IMAGE (DOCUMENT counted as image, as genai-prices does)
 *   and VIDEO are split out so models with modality prices (gemini-2.5-flash audio) are billed right;
 * - Vertex `trafficType` (`ON_DEMAND_FLEX`, `ON_DEMAND_PRIORITY`, `PROVISIONED_THROUGHPUT`) is the
 *   tier that served the request (BerriAI/litellm#37647).
 */
export function readGeminiUsage(raw: unknown): TokenUsage {
  let usage = usageObject(raw, 'gemini');
  if (isJsonObject(usage.usageMetadata)) usage = usage.usageMetadata;
  const path = 'usageMetadata';
  if (!COUNT_FIELDS.some((field) => usage[field] !== undefined && usage[field] !== null)) {
    throw new UsageError(`gemini usage has none of ${COUNT_FIELDS.join(', ')}`);
  }
  const prompt = count(usage, 'promptTokenCount', path) ?? 0;
  const toolUse = count(usage, 'toolUsePromptTokenCount', path) ?? 0;
  const candidates = count(usage, 'candidatesTokenCount', path) ?? 0;
  const thoughts = count(usage, 'thoughtsTokenCount', path);
  const promptModalities = modalityCounts(usage, 'promptTokensDetails', path);
  const toolModalities = modalityCounts(usage, 'toolUsePromptTokensDetails', path);
  const cacheModalities = modalityCounts(usage, 'cacheTokensDetails', path);
  const outputModalities = modalityCounts(usage, 'candidatesTokensDetails', path);
  const input = sum(promptModalities, toolModalities);
  return reported({
    inputTokens: prompt + toolUse,
    outputTokens: candidates + (thoughts ?? 0),
    cacheReadInputTokens: count(usage, 'cachedContentTokenCount', path),
    reasoningOutputTokens: thoughts,
    inputAudioTokens: input?.audio,
    inputImageTokens: input?.image,
    inputVideoTokens: input?.video,
    cacheReadAudioTokens: cacheModalities?.audio,
    cacheReadImageTokens: cacheModalities?.image,
    cacheReadVideoTokens: cacheModalities?.video,
    outputAudioTokens: outputModalities?.audio,
    outputImageTokens: outputModalities?.image,
    serviceTier: text(usage, 'trafficType'),
  });
}

/** Per-modality totals of two details lists; undefined when neither was reported. */
function sum(a: Record<Modality, number> | undefined, b: Record<Modality, number> | undefined): Record<Modality, number> | undefined {
  if (a === undefined || b === undefined) return a ?? b;
  return { audio: a.audio + b.audio, image: a.image + b.image, video: a.video + b.video, other: a.other + b.other };
}

function modalityCounts(usage: JsonObject, key: string, path: string): Record<Modality, number> | undefined {
  const totals: Record<Modality, number> = { audio: 0, image: 0, video: 0, other: 0 };
  const list = usage[key];
  if (list === undefined || list === null) return undefined;
  if (!Array.isArray(list)) throw new UsageError(`${path}.${key} must be an array`);
  list.forEach((item: unknown, index) => {
    if (!isJsonObject(item)) throw new UsageError(`${path}.${key}[${index}] must be an object`);
    const tokens = count(item, 'tokenCount', `${path}.${key}[${index}]`) ?? 0;
    totals[modalityOf(text(item, 'modality'))] += tokens;
  });
  return totals;
}

function modalityOf(modality: string | undefined): Modality {
  switch (modality) {
    case 'AUDIO':
      return 'audio';
    case 'IMAGE':
    case 'DOCUMENT':
      return 'image';
    case 'VIDEO':
      return 'video';
    default:
      return 'other';
  }
}
