export { createGuard, guardFetch, type Guard } from './guard.js';
export { GuardRejectedError, guardRejection } from './errors.js';
export {
  GUARD_CHANNEL,
  type BreakerState,
  type GuardEvent,
  type GuardHandle,
  type GuardRequest,
  type GuardSnapshot,
  type GuardTarget,
} from './events.js';
export type {
  FetchFunction,
  GuardBreakerPolicy,
  GuardConfig,
  GuardFallbackPolicy,
  GuardPolicy,
  GuardProviderPolicy,
  GuardRateLimitPolicy,
  GuardReason,
} from './types.js';
