import { deliveredUsage, type UsageCheckpoint } from '../delivered-usage.js';
import { createExchange } from '../exchange.js';
import type { RequestSummary, Route, RouteContext } from '../route.js';
import { deliveryOptionsFor, sendBody, sendEventStream } from '../transport.js';
import type { GeminiUsageMetadata, ServedGeminiCall } from '../types.js';
import { USAGE_OVERRIDE_HEADER, USAGE_OVERRIDE_KEYS, parseUsageOverrideFor } from '../usage-override.js';
import { buildGeminiResponse, geminiChunkUsage, geminiFinalUsage, geminiStreamEvents, planGeminiResponse, type GeminiPlan } from '../wire/gemini.js';
import { GOOGLE_JSON_CONTENT_TYPE, geminiInvalidArgument, geminiRateLimitError, geminiServerError } from '../wire/gemini-errors.js';
import { geminiSummary, parseGeminiPath, parseGeminiRequest } from '../wire/gemini-request.js';
import { headerValue, ledgerBase, resolveFault, type ResolvedFault } from './common.js';

/** Gemini API `…/models/{m}:generateContent|streamGenerateContent` and the Vertex AI `publishers/…` forms. */
export const geminiRoute: Route = {
  method: 'POST',
  matches: (path) => parseGeminiPath(path) !== undefined,
  handle: handleGemini,
};

function ledgerEntry(
  context: RouteContext,
  summary: RequestSummary,
  status: number,
  resolved: Partial<ResolvedFault>,
  usage: GeminiUsageMetadata | undefined,
): ServedGeminiCall {
  const call: ServedGeminiCall = { api: 'gemini', ...ledgerBase(context, summary, status, resolved) };
  if (usage !== undefined) call.usage = usage;
  return call;
}

async function rejectRequest(context: RouteContext, summary: RequestSummary, message: string, attempt?: number): Promise<void> {
  const exchange = createExchange(context.res, (delivery) => context.record(ledgerEntry(context, summary, delivery.status, { attempt }, undefined)));
  await sendBody(exchange, geminiInvalidArgument(message));
}

/** The usage each stream chunk hands the client. */
function streamCheckpoints(plan: GeminiPlan): Array<UsageCheckpoint<GeminiUsageMetadata>> {
  return plan.tokens.flatMap((_, index) => {
    const usage = geminiChunkUsage(plan, index);
    return usage === undefined ? [] : [{ events: [index], usage }];
  });
}

async function handleGemini(context: RouteContext): Promise<void> {
  const path = parseGeminiPath(context.path);
  if (path === undefined) return;
  const summary = geminiSummary(path);
  if (path.stream && context.query.get('alt') !== 'sse') {
    return rejectRequest(
      context,
      summary,
      'The fake provider streams streamGenerateContent as server-sent events only: add ?alt=sse ' + '(the JSON-array stream is not modelled).',
    );
  }
  const parsed = parseGeminiRequest(context.body, path.model);
  if (!parsed.ok) return rejectRequest(context, summary, parsed.message);
  const faultResult = resolveFault(context, { modelFaultSpec: path.modelFaultSpec, stream: path.stream });
  if (!faultResult.ok) return rejectRequest(context, summary, `${faultResult.problem.param}: ${faultResult.problem.message}`);
  const resolved = faultResult.value;
  const { fault } = resolved;
  const override = parseUsageOverrideFor(headerValue(context, USAGE_OVERRIDE_HEADER) ?? '', USAGE_OVERRIDE_KEYS.gemini);
  if (!override.ok) return rejectRequest(context, summary, override.message, resolved.attempt);
  const planned = planGeminiResponse(path.backend, path.model, parsed.request, override.override, context.now());
  if (!planned.ok) return rejectRequest(context, summary, planned.message, resolved.attempt);
  const { plan } = planned;

  const exchange = createExchange(context.res, (delivery) => {
    const usage = deliveredUsage(
      delivery,
      path.stream ? { stream: true, checkpoints: streamCheckpoints(plan) } : { stream: false, usage: geminiFinalUsage(plan) },
    );
    context.record(ledgerEntry(context, summary, delivery.status, resolved, usage));
  });

  switch (fault?.kind) {
    case '429':
      return sendBody(exchange, geminiRateLimitError(path.backend, fault.retryAfterSeconds));
    case '500':
    case '503':
      return sendBody(exchange, geminiServerError(fault.kind === '500' ? 500 : 503));
    case 'hang':
      return;
    default:
      break;
  }

  const deliveryOptions = deliveryOptionsFor(fault);
  if (path.stream) {
    return sendEventStream(exchange, { status: 200, headers: {}, events: geminiStreamEvents(plan), eol: '\r\n' }, deliveryOptions);
  }
  return sendBody(exchange, { status: 200, headers: { 'content-type': GOOGLE_JSON_CONTENT_TYPE }, body: buildGeminiResponse(plan) }, deliveryOptions);
}
