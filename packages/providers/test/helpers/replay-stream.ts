/**
 * Replays a stream fixture through an API's stream parser the way capture does
 * (instrumentation/src/capture/attempt.ts): the API's framing cuts the bytes into events, each event
 * goes to `fromBytes` first and to `onEvent` when that declines; the splitter is flushed at the end.
 */
import { readFixture, type FixtureApi } from '../../src/fixtures.js';
import type { StreamEvent } from '../../src/framing/types.js';
import type { EventAction, ProviderApi, RequestFacts, ResponseFacts } from '../../src/types.js';

export interface Replay {
  result: ResponseFacts & { complete: boolean };
  /** How many events the caller received as output (`output: true`): what the chunk metrics count. */
  outputEvents: number;
}

/** `chunkSize`: bytes per network chunk (default: the whole fixture in one chunk). */
export function replayStream(api: ProviderApi, request: RequestFacts, fixture: [FixtureApi, string], chunkSize = Number.POSITIVE_INFINITY): Replay {
  const bytes = new TextEncoder().encode(readFixture(...fixture));
  const parser = api.createStreamParser(request);
  const splitter = api.framing.createSplitter();
  let outputEvents = 0;
  const onEvent = (event: StreamEvent): void => {
    const action: EventAction = parser.fromBytes?.(event) ?? (event.data === undefined ? { kind: 'pass', output: false } : parser.onEvent(event.data));
    if (action.output) outputEvents += 1;
  };
  for (let start = 0; start < bytes.length; start += chunkSize) splitter.push(bytes.subarray(start, start + chunkSize), onEvent);
  splitter.flush(onEvent);
  return { result: parser.result(), outputEvents };
}

/** The request facts an API reads from `body` (sent to `url`), content capture off, usage not injected. */
export function requestFor(api: ProviderApi, body: unknown, url = 'https://api.example.com/v1/'): RequestFacts {
  const request = api.parseRequest(body, JSON.stringify(body), { injectStreamUsage: false }, new URL(url));
  if (request === undefined) throw new Error(`${api.name} did not recognise the request`);
  return request;
}
