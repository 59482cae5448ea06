/** One planned call of the end-to-end app (see plan.mjs). */
export interface PlannedCall {
  target: 'openai' | 'deepseek' | 'anthropic' | 'gemini';
  model: string;
  stream: boolean;
  /** `x-fake-fault` value. */
  fault?: string;
  /** `x-fake-usage` value. */
  usage?: string;
  /** The prompt, when the call repeats another's (default: `e2e call <index>`, its own). */
  prompt?: string;
  /** `temperature` of the request (openai, anthropic), when set. */
  temperature?: number;
  /** Attribution: genai_otel.feature, genai_otel.team, genai_otel.tenant (Baggage). */
  feature: string;
  team: string;
  tenant: string;
}
export declare const PLAN: readonly PlannedCall[];
export declare const DEEPSEEK_CLIENT_ATTRIBUTES: { feature: string; team: string };
export declare const REPEATED_FIXED: string;
export declare const REPEATED_VARIED: string;
