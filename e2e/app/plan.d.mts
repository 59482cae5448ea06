/** One planned call of the end-to-end app (see plan.mjs). */
export interface PlannedCall {
  target: 'openai' | 'deepseek' | 'anthropic' | 'gemini';
  model: string;
  stream: boolean;
  /** `x-fake-fault` value. */
  fault?: string;
  /** `x-fake-usage` value. */
  usage?: string;
}
export declare const PLAN: readonly PlannedCall[];
