import { readUsageIfValid } from '../usage/read-usage.js';
import type { StreamedText } from '../content/parts.js';
import type { StreamEvent } from '../framing/types.js';
import { removeTopLevelNullMember } from '../json/json-edit.js';
import { emptyResponse, isRecord } from '../json/json-values.js';
import type { EventAction, ResponseFacts, StreamParser } from '../types.js';
import { type ChunkContext, ContentChunkReader } from './content-chunk.js';
import { choiceIndex, readEnvelope } from './response.js';
import { readOpenAIChatUsage } from './usage.js';

let slowPathHits = 0;
/** Chunks that `openai.chat` stream parsers decoded and parsed in full, so far (for tests; not telemetry). */
export function openAIChatSlowPathHits(): number {
  return slowPathHits;
}

const PASS_OUTPUT: EventAction = { kind: 'pass', output: true };
const PASS_SILENT: EventAction = { kind: 'pass', output: false };
const DROP: EventAction = { kind: 'drop', output: false };

/**
 * Reads `chat.completion.chunk` events. When the instrumentation injected `include_usage`, it also
 * undoes the injection in the caller's copy: per the API reference every chunk then carries
 * `"usage": null`, and one extra chunk with empty `choices` carries the usage before `[DONE]`.
 */
export class OpenAIChatStreamParser implements StreamParser {
  private readonly response: ResponseFacts = emptyResponse();
  private readonly finishReasons = new Map<number, string>();
  private readonly chunks = new ContentChunkReader();
  private readonly context: ChunkContext;
  private choiceCount = 0;
  private done = false;

  constructor(
    private readonly usageInjected: boolean,
    private readonly text: StreamedText | undefined,
  ) {
    this.context = { choiceCount: 0, model: undefined, response: this.response, usageInjected };
  }

  /**
   * The hot path: a content chunk read from its bytes, never decoded (see {@link ContentChunkReader}):
   * always the result {@link onEvent} would give, whatever the order of the chunk's members.
   */
  fromBytes(event: StreamEvent): EventAction | undefined {
    if (!this.mayShortcut()) return undefined;
    const context = this.context;
    context.choiceCount = this.choiceCount;
    context.model = this.response.model;
    return this.chunks.read(event, context);
  }

  onEvent(data: string): EventAction {
    if (data === '[DONE]') {
      this.done = true;
      return PASS_SILENT;
    }
    slowPathHits += 1;
    this.chunks.forget();
    let chunk: unknown;
    try {
      chunk = JSON.parse(data);
    } catch {
      this.response.malformed = true;
      return PASS_OUTPUT;
    }
    if (!isRecord(chunk)) {
      this.response.malformed = true;
      return PASS_OUTPUT;
    }
    readEnvelope(chunk, this.response);
    const choices = chunk['choices'];
    let hasChoices = false;
    if (Array.isArray(choices) && choices.length > 0) {
      hasChoices = true;
      for (const choice of choices) {
        if (!isRecord(choice)) continue;
        const index = choiceIndex(choice['index']);
        if (index === undefined) continue;
        if (index + 1 > this.choiceCount) this.choiceCount = index + 1;
        if (typeof choice['finish_reason'] === 'string') this.finishReasons.set(index, choice['finish_reason']);
        if (this.text && isRecord(choice['delta']) && typeof choice['delta']['content'] === 'string') this.text.append(index, choice['delta']['content']);
      }
    }
    const usage = chunk['usage'];
    if (isRecord(usage)) {
      this.response.rawUsage = usage;
      this.response.usage = readUsageIfValid(readOpenAIChatUsage, usage);
      if (this.usageInjected && !hasChoices) return DROP;
    } else if (usage === null && this.usageInjected) {
      const stripped = removeTopLevelNullMember(data, 'usage');
      if (stripped !== undefined) return { kind: 'replace', data: stripped, output: hasChoices };
    }
    return hasChoices ? PASS_OUTPUT : PASS_SILENT;
  }

  /**
   * Whether a chunk may be read from its bytes at all: once a parsed chunk gave the id and a choice (a
   * gateway's first chunk may have neither), and when no text is being captured.
   */
  private mayShortcut(): boolean {
    return this.choiceCount > 0 && this.response.id !== undefined && this.text === undefined;
  }

  result(): ResponseFacts & { complete: boolean } {
    const reasons: string[] = [];
    for (let index = 0; index < this.choiceCount; index += 1) {
      // A choice that never got its finish reason ended abnormally (conventions: use `error`).
      reasons.push(this.finishReasons.get(index) ?? 'error');
    }
    const finishReasons = this.choiceCount > 0 ? reasons : undefined;
    const output = this.text?.messages(finishReasons);
    return { ...this.response, finishReasons, ...(output ? { output } : {}), complete: this.done };
  }
}
