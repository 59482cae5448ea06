import { deliveredUsage } from '../delivered-usage.js';
import { createExchange, type Delivery } from '../exchange.js';
import type { RequestSummary, Route, RouteContext } from '../route.js';
import { deliveryOptionsFor, sendBody, sendEventStream } from '../transport.js';
import type { OllamaChatMetrics, ServedOllamaChatCall } from '../types.js';
import { USAGE_OVERRIDE_HEADER, USAGE_OVERRIDE_KEYS, parseUsageOverrideFor } from '../usage-override.js';
import {
  buildOllamaChatResponse,
  buildOllamaLoadResponse,
  ollamaChatLineCount,
  ollamaChatStreamLines,
  ollamaThinks,
  planOllamaChat,
  type OllamaChatPlan,
  type OllamaChatPlanResult,
} from '../wire/ollama-chat.js';
import { ollamaChatSummary, parseOllamaChatRequest, type OllamaChatRequest } from '../wire/ollama-chat-request.js';
import { OLLAMA_JSON_CONTENT_TYPE, ollamaBadRequest, ollamaModelNotFound, ollamaServerBusy, ollamaServerError } from '../wire/ollama-errors.js';
import { headerValue, ledgerBase, resolveFault, type ResolvedFault } from './common.js';

/** Ollama's native chat, `POST …/api/chat` (any prefix). */
export const ollamaChatRoute: Route = {
  method: 'POST',
  matches: (path) => path.endsWith('/api/chat'),
  handle: handleOllamaChat,
};

function ledgerEntry(
  context: RouteContext,
  summary: RequestSummary,
  status: number,
  resolved: Partial<ResolvedFault>,
  usage: OllamaChatMetrics | undefined,
): ServedOllamaChatCall {
  const call: ServedOllamaChatCall = { api: 'ollama.chat', ...ledgerBase(context, summary, status, resolved) };
  if (usage !== undefined) call.usage = usage;
  return call;
}

async function rejectRequest(context: RouteContext, summary: RequestSummary, message: string, attempt?: number): Promise<void> {
  const exchange = createExchange(context.res, (delivery) => context.record(ledgerEntry(context, summary, delivery.status, { attempt }, undefined)));
  await sendBody(exchange, ollamaBadRequest(message));
}

/** Thinking as the model and `think` allow, `x-fake-usage`, then the plan; or the 400 message. */
function planFor(context: RouteContext, request: OllamaChatRequest): OllamaChatPlanResult {
  const thinking = ollamaThinks(request.model, request.think);
  if (!thinking.ok) return thinking;
  const override = parseUsageOverrideFor(headerValue(context, USAGE_OVERRIDE_HEADER) ?? '', USAGE_OVERRIDE_KEYS['ollama.chat']);
  if (!override.ok) return override;
  return planOllamaChat(request, thinking.thinks, override.override, context.now());
}

/** The metrics the client received: the body's, or the last line's when it came intact (never after an in-band error). */
function metricsDelivered(delivery: Delivery, stream: boolean, plan: OllamaChatPlan, errorAfter: number | undefined): OllamaChatMetrics | undefined {
  if (!stream) return deliveredUsage(delivery, { stream: false, usage: plan.metrics });
  const last = ollamaChatLineCount(plan) - 1;
  const broken = errorAfter !== undefined && errorAfter <= last;
  return deliveredUsage(delivery, { stream: true, checkpoints: broken ? [] : [{ events: [last], usage: plan.metrics }] });
}

async function handleOllamaChat(context: RouteContext): Promise<void> {
  const summary = ollamaChatSummary(context.body);
  const parsed = parseOllamaChatRequest(context.body);
  if (!parsed.ok) return rejectRequest(context, summary, parsed.message);
  const { request } = parsed;
  const faultResult = resolveFault(context, {
    modelFaultSpec: request.modelFaultSpec,
    stream: request.stream,
    statusKinds: ['404', '500', '503', 'stream-error'],
  });
  if (!faultResult.ok) return rejectRequest(context, summary, `${faultResult.problem.param}: ${faultResult.problem.message}`);
  const resolved = faultResult.value;
  const { fault } = resolved;

  const planned = planFor(context, request);
  // The model is looked up before the request is checked further: 404 wins over 400.
  if (fault?.kind !== '404' && !planned.ok) return rejectRequest(context, summary, planned.message, resolved.attempt);
  const errorAfter = fault?.kind === 'stream-error' ? fault.afterEvents : undefined;
  const exchange = createExchange(context.res, (delivery) => {
    const usage = planned.ok && request.messages.length > 0 ? metricsDelivered(delivery, request.stream, planned.plan, errorAfter) : undefined;
    context.record(ledgerEntry(context, summary, delivery.status, resolved, usage));
  });

  switch (fault?.kind) {
    case '404':
      return sendBody(exchange, ollamaModelNotFound(request.model));
    case '500':
      return sendBody(exchange, ollamaServerError());
    case '503':
      return sendBody(exchange, ollamaServerBusy());
    case 'hang':
      return;
    default:
      break;
  }
  if (!planned.ok) return;
  const { plan } = planned;

  const deliveryOptions = deliveryOptionsFor(fault);
  if (request.messages.length === 0) {
    // No messages: Ollama loads the model and answers one object, stream or not (server/routes.go).
    const body = buildOllamaLoadResponse(request.model, context.now());
    return sendBody(exchange, { status: 200, headers: { 'content-type': OLLAMA_JSON_CONTENT_TYPE }, body }, deliveryOptions);
  }
  if (request.stream) {
    return sendEventStream(exchange, { status: 200, headers: {}, events: ollamaChatStreamLines(plan, errorAfter), framing: 'ndjson' }, deliveryOptions);
  }
  return sendBody(exchange, { status: 200, headers: { 'content-type': OLLAMA_JSON_CONTENT_TYPE }, body: buildOllamaChatResponse(plan) }, deliveryOptions);
}
