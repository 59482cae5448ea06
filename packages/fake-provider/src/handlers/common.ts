// Plumbing every wire handler shares: headers, the fault of a request and its schedule, the ledger base.
import { RETRY_COUNT_HEADER, scheduleFault } from '../attempts.js';
import { FAULT_HEADER, parseFaultSpec } from '../faults.js';
import type { RequestSummary, RouteContext } from '../route.js';
import type { FaultKind, FaultSpec, ServedCallBase } from '../types.js';

/** A request header as one string (repeated headers joined with commas). */
export function headerValue(context: RouteContext, name: string): string | undefined {
  const value = context.req.headers[name];
  return Array.isArray(value) ? value.join(',') : value;
}

/** The fault to apply to this attempt (if any), and the attempt number when known. */
export interface ResolvedFault {
  fault: FaultSpec | undefined;
  attempt: number | undefined;
}

/** Why a fault request is invalid, and where it came from (`x-fake-fault` or `model`). */
export interface FaultProblem {
  message: string;
  param: string;
}

/** What the handler tells {@link resolveFault} about its request. */
export interface FaultRequest {
  /** The spec of a `+fault=` model suffix, if any (the header wins over it). */
  modelFaultSpec: string | undefined;
  stream: boolean;
  /** The status-fault kinds this API has (and `stream-error`); `429`, `500`, `503` everywhere unless told otherwise. */
  statusKinds?: readonly FaultKind[];
}

const DEFAULT_STATUS_KINDS: readonly FaultKind[] = ['429', '500', '503'];
/** Kinds an API must list in `statusKinds` to accept: the status faults, and Ollama's in-band stream error. */
const STATUS_KINDS: readonly FaultKind[] = ['404', '429', '500', '503', '529', 'stream-error'];

/** Why a fault cannot apply to this kind of request, if it cannot. */
function mismatch(fault: FaultSpec, request: FaultRequest): string | undefined {
  if (fault.kind === 'malformed-sse' && !request.stream) return "Fault 'malformed-sse' applies to streamed requests only.";
  if (fault.kind === 'stream-error' && !request.stream) return "Fault 'stream-error' applies to streamed requests only.";
  if (fault.kind === 'malformed-json' && request.stream) return "Fault 'malformed-json' applies to non-streamed requests only.";
  const statusKinds = request.statusKinds ?? DEFAULT_STATUS_KINDS;
  if (STATUS_KINDS.includes(fault.kind) && !statusKinds.includes(fault.kind)) {
    return `Fault '${fault.kind}' is not available on this API (status faults here: ${statusKinds.join(', ')}).`;
  }
  return undefined;
}

/**
 * The fault asked for by the `x-fake-fault` header, else by a `+fault=` model suffix, checked
 * against the request, with its `times` / `key` schedule applied. Counts the request for a `key=`.
 */
export function resolveFault(context: RouteContext, request: FaultRequest): { ok: true; value: ResolvedFault } | { ok: false; problem: FaultProblem } {
  const headerFault = headerValue(context, FAULT_HEADER);
  const spec = headerFault ?? request.modelFaultSpec;
  const param = headerFault === undefined && spec !== undefined ? 'model' : FAULT_HEADER;
  let fault: FaultSpec | undefined;
  if (spec !== undefined) {
    const parsed = parseFaultSpec(spec);
    if (!parsed.ok) return { ok: false, problem: { message: parsed.message, param } };
    const problem = mismatch(parsed.fault, request);
    if (problem !== undefined) return { ok: false, problem: { message: problem, param } };
    fault = parsed.fault;
  }
  const scheduled = scheduleFault(fault, headerValue(context, RETRY_COUNT_HEADER), context.keyedAttempts);
  if (!scheduled.ok) return { ok: false, problem: { message: scheduled.message, param } };
  return { ok: true, value: { fault: scheduled.fault, attempt: scheduled.attempt } };
}

/** The API-independent part of a ledger entry. */
export function ledgerBase(context: RouteContext, summary: RequestSummary, status: number, resolved: Partial<ResolvedFault> = {}): ServedCallBase {
  const call: ServedCallBase = { path: context.path, ...summary, status };
  if (resolved.fault !== undefined) call.fault = resolved.fault.kind;
  if (resolved.attempt !== undefined) call.attempt = resolved.attempt;
  return call;
}

/** `retry-after` (seconds) and, when the fault asks for it, `retry-after-ms`. */
export function retryAfterHeaders(fault: { retryAfterSeconds: number; retryAfterMs?: number }): Record<string, string> {
  const headers: Record<string, string> = { 'retry-after': String(fault.retryAfterSeconds) };
  if (fault.retryAfterMs !== undefined) headers['retry-after-ms'] = String(fault.retryAfterMs);
  return headers;
}
