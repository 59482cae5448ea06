import { readUsageIfValid } from '../usage/read-usage.js';
import { isRecord } from '../json/json-values.js';
import type { ResponseFacts } from '../types.js';
import { responsesOutput } from './content.js';
import { readResponsesUsage } from './usage.js';

/** The Responses API has no finish reason; its status says how the response ended. */
function finishReason(json: Record<string, unknown>): string | undefined {
  const status = json['status'];
  if (status === 'completed') return 'stop';
  if (status === 'incomplete') {
    const details = json['incomplete_details'];
    return isRecord(details) && typeof details['reason'] === 'string' ? details['reason'] : 'incomplete';
  }
  if (status === 'failed' || status === 'cancelled') return 'error';
  return undefined;
}

export function readResponseObject(json: Record<string, unknown>, response: ResponseFacts, contentMaxLength?: number): void {
  if (typeof json['id'] === 'string') response.id = json['id'];
  if (typeof json['model'] === 'string') response.model = json['model'];
  if (typeof json['service_tier'] === 'string') response.serviceTier = json['service_tier'];
  const reason = finishReason(json);
  if (reason !== undefined) response.finishReasons = [reason];
  if (contentMaxLength !== undefined && reason !== undefined) response.output = responsesOutput(json, reason, contentMaxLength);
  if (json['usage'] !== undefined && json['usage'] !== null) {
    response.rawUsage = json['usage'];
    response.usage = readUsageIfValid(readResponsesUsage, json['usage']);
  }
}
