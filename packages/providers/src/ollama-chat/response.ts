import { isRecord } from '../json/json-values.js';
import type { ResponseFacts } from '../types.js';
import { OLLAMA_IN_STREAM_ERROR_TYPE, ollamaErrorMessage } from './errors.js';
import { readUsageIfValid } from '../usage/read-usage.js';
import { ollamaChatUsageOf, readOllamaChatUsage } from './usage.js';

/**
 * Reads one Ollama chat object — a whole body, or one line of a stream — into `response`:
 * `{"model","created_at","message":{…},"done", "done_reason"?, metrics…}` (ollama/ollama api/types.go
 * `ChatResponse`). Only the `"done": true` object carries `done_reason` (the finish reason: `stop`,
 * `length`; `load`/`unload` for requests that generate nothing) and the metrics (the usage). Ollama
 * has no response id. Returns whether the object ended the response (`done`, or an `{"error"}` line).
 */
export function readOllamaChatObject(json: unknown, response: ResponseFacts): boolean {
  if (!isRecord(json)) return false;
  if (ollamaErrorMessage(json) !== undefined) {
    response.errorType = OLLAMA_IN_STREAM_ERROR_TYPE;
    return true;
  }
  if (response.model === undefined && typeof json['model'] === 'string') response.model = json['model'];
  if (json['done'] !== true) return false;
  if (typeof json['done_reason'] === 'string' && json['done_reason'] !== '') response.finishReasons = [json['done_reason']];
  const usage = ollamaChatUsageOf(json);
  if (usage !== undefined) {
    response.rawUsage = usage;
    response.usage = readUsageIfValid(readOllamaChatUsage, usage);
  }
  return true;
}
