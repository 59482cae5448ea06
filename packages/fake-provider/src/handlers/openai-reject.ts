// The 400 `invalid_request_error` every OpenAI-format handler (chat, responses, embeddings) answers a request
// it cannot serve with, recorded in the ledger like any other answer.
import { createExchange } from '../exchange.js';
import type { RouteContext } from '../route.js';
import { sendBody } from '../transport.js';
import type { ServedCall } from '../types.js';
import { invalidRequestError, withRequestId, type OpenAIErrorDetails } from '../wire/openai-errors.js';

/** Answers 400 with `details`; `entry` builds the handler's ledger entry for the status sent. */
export async function rejectOpenAIRequest(context: RouteContext, details: OpenAIErrorDetails, entry: (status: number) => ServedCall): Promise<void> {
  const exchange = createExchange(context.res, (delivery) => context.record(entry(delivery.status)));
  await sendBody(exchange, withRequestId(invalidRequestError(details)));
}
