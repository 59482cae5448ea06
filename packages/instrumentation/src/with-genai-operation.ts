import { context } from '@opentelemetry/api';
import { OperationScope } from './capture/operation-scope.js';

/**
 * Makes the LLM requests that `fn` sends one GenAI operation: one span and one duration point for
 * the logical call, one attempt (counted in `genai_otel.client.attempts`, with an attempt span when
 * there are several) per HTTP request. For clients genai-otel has no hook for — a hand-written `fetch`
 * with its own retry loop, the Vercel AI SDK's `maxRetries` — whose retries would otherwise each be
 * an operation of their own.
 *
 * The operation starts now and ends when the promise `fn` returns settles — at once, with the error,
 * when it rejects — or, when it resolves while a response is still being read (a stream), when that
 * response ends. `fn`'s result is awaited: the returned promise resolves to the awaited value (an
 * SDK's lazy promise is awaited like any other). Calls made inside an SDK call genai-otel hooks
 * (`openai`, `@anthropic-ai/sdk`, `@google/genai`) join this operation instead of opening their own.
 *
 * ```ts
 * const text = await withGenAIOperation(async () => {
 *   for (let attempt = 0; ; attempt++) {
 *     const response = await fetch(url, { method: 'POST', body, headers });
 *     if (response.status !== 429 || attempt === 2) return response.json();
 *     await sleep(1000);
 *   }
 * });
 * ```
 */
export function withGenAIOperation<T>(fn: () => T | PromiseLike<T>): Promise<Awaited<T>> {
  const scope = new OperationScope(context.active());
  return scope.run(async (): Promise<Awaited<T>> => await fn());
}
