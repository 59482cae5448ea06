/**
 * The structured message content of the GenAI conventions (`gen_ai.input.messages`, `gen_ai.output.messages`,
 * `gen_ai.system_instructions`; JSON schemas in semantic-conventions-genai `model/gen-ai/gen-ai-*-messages.json`).
 * messages.ts reads them from each wire format.
 */
export type MessagePart =
  | { type: 'text'; content: string }
  | { type: 'tool_call'; id?: string; name: string; arguments?: unknown }
  | { type: 'tool_call_response'; id?: string; response: unknown }
  | { type: 'generic'; generic_type: string };

export interface ChatMessage {
  role: string;
  parts: MessagePart[];
}

export interface OutputMessage extends ChatMessage {
  finish_reason: string;
}

/** What a request says, in the conventions' shape. */
export interface InputContent {
  messages: ChatMessage[];
  systemInstructions: MessagePart[] | undefined;
}
