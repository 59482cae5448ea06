import { canonicalJson } from '../json/canonical-json.js';
import { isRecord } from '../json/json-values.js';
import type { PromptCacheBlocks } from '../types.js';

const CACHE_CONTROL: ReadonlySet<string> = new Set(['cache_control']);

/**
 * The blocks an Anthropic prompt-cache prefix runs over, in its order — tools, then system, then messages, block by
 * block (docs.anthropic.com "Prompt caching": the cache prefix is tools → system → messages) — each as canonical text
 * without its `cache_control` marker, a message block with its role; undefined when the request uses no prompt caching
 * (no `cache_control`, top level or on a block).
 */
export function promptCacheBlocks(body: unknown): PromptCacheBlocks | undefined {
  if (!isRecord(body)) return undefined;
  const blocks: PromptCacheBlocks['blocks'] = [];
  const add = (kind: string, block: unknown): void => {
    const breakpoint = isRecord(block) && isRecord(block['cache_control']);
    blocks.push({ text: `${kind} ${canonicalJson(block, isRecord(block) ? CACHE_CONTROL : undefined)}`, breakpoint });
  };
  if (Array.isArray(body['tools'])) for (const tool of body['tools']) add('tool', tool);
  const system = body['system'];
  if (Array.isArray(system)) for (const block of system) add('system', block);
  else if (system !== undefined) add('system', system);
  if (Array.isArray(body['messages'])) {
    for (const message of body['messages']) {
      const role = isRecord(message) && typeof message['role'] === 'string' ? message['role'] : '';
      const content = isRecord(message) ? message['content'] : undefined;
      if (Array.isArray(content)) for (const block of content) add(role, block);
      else add(role, content);
    }
  }
  const automatic = isRecord(body['cache_control']);
  if (!automatic && !blocks.some((block) => block.breakpoint)) return undefined;
  return { blocks, automatic };
}
