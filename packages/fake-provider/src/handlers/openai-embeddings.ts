import { deliveredUsage } from '../delivered-usage.js';
import { createExchange } from '../exchange.js';
import type { RequestSummary, Route, RouteContext } from '../route.js';
import { deliveryOptionsFor, sendBody } from '../transport.js';
import type { OpenAIEmbeddingsUsage, ServedOpenAIEmbeddingsCall } from '../types.js';
import { USAGE_OVERRIDE_HEADER, USAGE_OVERRIDE_KEYS, parseUsageOverrideFor } from '../usage-override.js';
import { buildOpenAIEmbeddings, embeddingsUsage, parseOpenAIEmbeddingsRequest } from '../wire/openai-embeddings.js';
import { openAIResponseHeaders, rateLimitError, serverError, withRequestId, type OpenAIErrorDetails } from '../wire/openai-errors.js';
import { headerValue, ledgerBase, resolveFault, type ResolvedFault } from './common.js';
import { rejectOpenAIRequest } from './openai-reject.js';

/** `POST …/embeddings` (any prefix). */
export const openAIEmbeddingsRoute: Route = {
  method: 'POST',
  matches: (path) => path.endsWith('/embeddings'),
  handle: handleOpenAIEmbeddings,
};

function ledgerEntry(
  context: RouteContext,
  summary: RequestSummary,
  status: number,
  resolved: Partial<ResolvedFault>,
  usage: OpenAIEmbeddingsUsage | undefined,
): ServedOpenAIEmbeddingsCall {
  const call: ServedOpenAIEmbeddingsCall = { api: 'openai.embeddings', ...ledgerBase(context, summary, status, resolved) };
  if (usage !== undefined) call.usage = usage;
  return call;
}

function rejectRequest(context: RouteContext, summary: RequestSummary, details: OpenAIErrorDetails, attempt?: number): Promise<void> {
  return rejectOpenAIRequest(context, details, (status) => ledgerEntry(context, summary, status, { attempt }, undefined));
}

async function handleOpenAIEmbeddings(context: RouteContext): Promise<void> {
  const startedAt = performance.now();
  const parsed = parseOpenAIEmbeddingsRequest(context.body);
  if (!parsed.ok) return rejectRequest(context, parsed.summary, parsed.error);
  const { request } = parsed;
  const summary: RequestSummary = { model: request.model, stream: false, includeUsage: false };
  const faultResult = resolveFault(context, { modelFaultSpec: request.modelFaultSpec, stream: false });
  if (!faultResult.ok) {
    const { message, param } = faultResult.problem;
    return rejectRequest(context, summary, { message, param, code: 'invalid_value' });
  }
  const resolved = faultResult.value;
  const { fault } = resolved;
  const override = parseUsageOverrideFor(headerValue(context, USAGE_OVERRIDE_HEADER) ?? '', USAGE_OVERRIDE_KEYS['openai.embeddings']);
  if (!override.ok) {
    const details = { message: override.message, param: USAGE_OVERRIDE_HEADER, code: 'invalid_value' };
    return rejectRequest(context, summary, details, resolved.attempt);
  }
  const usage = embeddingsUsage(request, override.override.prompt);

  const exchange = createExchange(context.res, (delivery) =>
    context.record(ledgerEntry(context, summary, delivery.status, resolved, deliveredUsage(delivery, { stream: false, usage }))),
  );
  switch (fault?.kind) {
    case '429':
      return sendBody(exchange, withRequestId(rateLimitError(request.model, fault)));
    case '500':
    case '503':
      return sendBody(exchange, withRequestId(serverError(fault.kind === '500' ? 500 : 503)));
    case 'hang':
      return;
    default:
      break;
  }
  const headers = openAIResponseHeaders(startedAt, usage.prompt_tokens);
  return sendBody(exchange, { status: 200, headers, body: buildOpenAIEmbeddings(request, usage) }, deliveryOptionsFor(fault));
}
