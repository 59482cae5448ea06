import type { Delivery } from './exchange.js';

/**
 * A usage value a stream hands to the client once all of `events` (0-based event indexes) have
 * been written intact, e.g. Anthropic's final usage needs `message_start` and `message_delta`.
 */
export interface UsageCheckpoint<Usage> {
  events: readonly number[];
  usage: Usage;
}

/**
 * The usage a client was sent: a non-stream body's usage when the body arrived complete; for a
 * stream, the last checkpoint whose events were all written and none of them deliberately
 * corrupted. `undefined` without a 200 status.
 */
export function deliveredUsage<Usage>(
  delivery: Delivery,
  response: { stream: false; usage: Usage } | { stream: true; checkpoints: ReadonlyArray<UsageCheckpoint<Usage>> },
): Usage | undefined {
  if (delivery.status !== 200) return undefined;
  if (!response.stream) return delivery.complete ? response.usage : undefined;
  const intact = (event: number): boolean => event < delivery.eventsWritten && event !== delivery.corruptedEvent;
  let usage: Usage | undefined;
  for (const checkpoint of response.checkpoints) {
    if (checkpoint.events.every(intact)) usage = checkpoint.usage;
  }
  return usage;
}
