/** One planned call of the end-to-end app (see plan.mjs). */
export interface PlannedCall {
  target: 'openai' | 'deepseek' | 'anthropic' | 'gemini';
  model: string;
  stream: boolean;
  /** `x-fake-fault` value. */
  fault?: string;
  /** `x-fake-usage` value. */
  usage?: string;
  /** Attribution: genai_otel.feature, genai_otel.team, genai_otel.tenant (Baggage). */
  feature: string;
  team: string;
  tenant: string;
}
export declare const PLAN: readonly PlannedCall[];
export declare const DEEPSEEK_CLIENT_ATTRIBUTES: { feature: string; team: string };
