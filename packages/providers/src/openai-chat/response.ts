import type { ResponseFacts } from '../types.js';

/** Reads the members every chat completion (and every chunk) carries. */
export function readEnvelope(json: Record<string, unknown>, response: ResponseFacts): void {
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

export function choiceIndex(value: unknown): number | undefined {
  if (value === undefined) return 0;
  return typeof value === 'number' && Number.isInteger(value) && value >= 0 && value < MAX_CHOICES ? value : undefined;
}
