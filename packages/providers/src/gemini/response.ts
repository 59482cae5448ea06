import { readUsageIfValid } from '../usage/read-usage.js';
import { isRecord } from '../json/json-values.js';
import type { ResponseFacts } from '../types.js';
import { readGeminiUsage } from './usage.js';

/** Reads one GenerateContentResponse (a whole response, or one streamed chunk of it). */
export function readChunk(json: Record<string, unknown>, response: ResponseFacts, reasons: Map<number, string>): boolean {
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
    response.usage = readUsageIfValid(readGeminiUsage, json['usageMetadata']);
  }
  return hasCandidates;
}
