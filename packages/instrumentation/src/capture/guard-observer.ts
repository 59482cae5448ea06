import { context } from '@opentelemetry/api';
import { subscribe, unsubscribe } from 'node:diagnostics_channel';
import type { GuardObservation, GuardTarget } from '../record/metrics.js';
import type { FetchInput } from '../types.js';
import { CURRENT_ATTEMPT, type CurrentAttempt } from './attempt.js';
import type { CaptureRuntime } from './capture-runtime.js';
import { rememberGuardFallback, type GuardFallback } from './guard-fallbacks.js';
import { attemptForUnsentRequest } from './instrument-fetch.js';

/**
 * The messages `@genai-otel/guard` publishes on this channel (its `GuardEvent`), declared here as the
 * instrumentation reads them: the two packages share the channel name and the message shapes, not code (as
 * `@opentelemetry/instrumentation-undici` declares undici's messages). The guard's test checks both stay equal.
 */
export const GUARD_CHANNEL = 'genai-otel:guard';

interface GuardHandle {
  snapshot(): {
    breakers: Array<GuardTarget & { state: 'closed' | 'open' | 'half_open' }>;
    queues: Array<GuardTarget & { length: number }>;
  };
}

interface GuardRequest {
  input: FetchInput;
  init: RequestInit | undefined;
}

export type GuardMessage =
  | { type: 'created'; guard: GuardHandle }
  | { type: 'closed'; guard: GuardHandle }
  | { type: 'rejected'; guard: GuardHandle; target: GuardTarget; reason: string; error: { name: string; message: string }; request: GuardRequest }
  | { type: 'aborted'; guard: GuardHandle; target: GuardTarget; error: unknown; request: GuardRequest }
  | { type: 'admitted'; guard: GuardHandle; target: GuardTarget; waitedMs: number }
  | {
      type: 'fallback';
      guard: GuardHandle;
      target: GuardTarget;
      reason: string;
      server: { address: string; port: number };
      request: GuardRequest;
      sent: { input: string; init: RequestInit };
    }
  | { type: 'breaker'; guard: GuardHandle; target: GuardTarget; from: string; to: string };

/**
 * The instrumentation's side of the guard: it records what a guard decided (`genai_otel.guard.*` metrics, the
 * spans of calls it turned away or redirected) and reads the guards' breaker states and queue lengths for the
 * gauges. It never decides anything: the guard is a fetch middleware the user opts into (`@genai-otel/guard`).
 * Whether the guard sits above the instrumented fetch (an SDK given `guard.fetch`, over the instrumented global
 * fetch) or below it (`instrumentFetch(guard.fetch)`), each call is one operation as without a guard.
 */
export class GuardObserver {
  private readonly guards = new Set<WeakRef<GuardHandle>>();
  private readonly known = new WeakSet<GuardHandle>();
  private readonly listener = (message: unknown): void => this.onMessage(message as GuardMessage);
  private subscribed = false;

  constructor(private readonly runtime: () => CaptureRuntime | undefined) {}

  start(): void {
    if (this.subscribed) return;
    subscribe(GUARD_CHANNEL, this.listener);
    this.subscribed = true;
  }

  stop(): void {
    if (!this.subscribed) return;
    unsubscribe(GUARD_CHANNEL, this.listener);
    this.subscribed = false;
  }

  /** Breaker states and queue lengths of every guard seen, for the observable gauges. */
  observe(): GuardObservation {
    const observation: GuardObservation = { breakers: [], queues: [] };
    for (const ref of this.guards) {
      const guard = ref.deref();
      if (guard === undefined) {
        this.guards.delete(ref);
        continue;
      }
      const { breakers, queues } = guard.snapshot();
      for (const { state, ...target } of breakers) observation.breakers.push({ target, state });
      for (const { length, ...target } of queues) observation.queues.push({ target, length });
    }
    return observation;
  }

  private onMessage(message: GuardMessage): void {
    if (message.type === 'closed') {
      this.forget(message.guard);
      return;
    }
    const runtime = this.runtime();
    if (runtime === undefined) return;
    try {
      this.remember(message.guard);
      switch (message.type) {
        case 'created':
          break;
        case 'rejected':
          runtime.metrics.guardDecisions.rejection(message.target, message.reason);
          this.notSent(runtime, message.request, { reason: message.reason, error: message.error });
          break;
        case 'aborted':
          this.notSent(runtime, message.request, { reason: undefined, error: message.error });
          break;
        case 'admitted':
          runtime.metrics.guardDecisions.queued(message.target, message.waitedMs / 1000);
          break;
        case 'fallback': {
          runtime.metrics.guardDecisions.fallback(message.target, message.reason, message.server.address);
          const fallback: GuardFallback = {
            reason: message.reason,
            serverAddress: message.server.address,
            serverPort: message.server.port,
            primary: message.request,
          };
          const current = (context.active().getValue(CURRENT_ATTEMPT) as CurrentAttempt | undefined)?.attempt;
          // Below the instrumented fetch, the guard redirects the attempt being made; above it, the request it sends next.
          if (current !== undefined) current.redirected(fallback);
          else rememberGuardFallback(message.sent.init, fallback);
          break;
        }
        case 'breaker':
          runtime.metrics.guardDecisions.transition(message.target, message.from, message.to);
          break;
      }
    } catch (error) {
      runtime.diag.error('genai-otel: could not record a guard decision', error);
    }
  }

  /** A call the guard did not send: the attempt being made (guard below), or one for the request (guard above). */
  private notSent(runtime: CaptureRuntime, request: GuardRequest, outcome: NotSent): void {
    const current = (context.active().getValue(CURRENT_ATTEMPT) as CurrentAttempt | undefined)?.attempt;
    if (current !== undefined) {
      current.notSent(outcome);
      return;
    }
    const attempt = attemptForUnsentRequest(runtime, request.input, request.init);
    if (attempt instanceof Promise) {
      attempt.then((later) => later?.endUnsent(outcome)).catch((error: unknown) => runtime.diag.error('genai-otel: could not record a guard decision', error));
    } else {
      attempt?.endUnsent(outcome);
    }
  }

  private forget(guard: GuardHandle): void {
    for (const ref of this.guards) if (ref.deref() === guard) this.guards.delete(ref);
  }

  private remember(guard: GuardHandle | undefined): void {
    if (guard === undefined || typeof guard.snapshot !== 'function' || this.known.has(guard)) return;
    this.known.add(guard);
    this.guards.add(new WeakRef(guard));
  }
}

type NotSent = { reason: string; error: { name: string; message: string } } | { reason: undefined; error: unknown };
