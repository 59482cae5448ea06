/*
 * Keyed fingerprints of LLM requests, for counting exact repeats and matching prompt-cache writes with later reads
 * (README "Avoidable spend"). Nothing here keeps or returns request content: only truncated HMAC-SHA-256 digests
 * under a key drawn at random when the fingerprinter is made, held in a private field and never exported, logged or
 * derived from configuration — so a digest means nothing outside this process, and the same body gives unrelated
 * digests in two processes.
 *
 * Self-contained (node:crypto only) on purpose: a test imports this file into child processes as it is.
 */
import { createHash, createHmac, createSecretKey, randomBytes, type Hash, type KeyObject } from 'node:crypto';

/** Who a request is for: part of the fingerprint, so equal bodies sent to different APIs, providers or models differ. */
export interface RequestIdentity {
  /** Wire format (`openai.chat`, `anthropic.messages`, …). */
  wire: string;
  /** `gen_ai.provider.name`. */
  provider: string;
  /** `gen_ai.request.model` (Gemini names it in the URL, not the body). */
  model: string | undefined;
}

/**
 * The first 96 bits of a request's keyed digest as three unsigned 32-bit words: `bucket` picks a bucket of the
 * repeat table, `tagHi`/`tagLo` (64 bits) are what it stores and compares.
 */
export interface RequestFingerprint {
  readonly bucket: number;
  readonly tagHi: number;
  readonly tagLo: number;
}

/**
 * Keyed digests (64 bits, as 16 hex characters) of an Anthropic request's prompt prefixes: where a prompt-cache write
 * can start and a read can match (tools, then system, then messages, block by block; cache_control markers left
 * out). In memory only.
 */
export interface PromptPrefixes {
  /** The prefix up to the request's last cache breakpoint: what a cache write of this request stores. */
  lastBreakpoint: string | undefined;
  /** The prefix at every block boundary (the last {@link MAX_PREFIX_BOUNDARIES}): what a cache read may have matched. */
  boundaries: string[];
}

/** Most block boundaries of one request whose prefix digest is kept (the last ones). */
export const MAX_PREFIX_BOUNDARIES = 256;

/**
 * Top-level members left out of the canonical body: they change how or where an answer is delivered, billed or
 * stored, never the answer itself. Every other member counts, its value included (`temperature`, `max_tokens`, `n`,
 * `tools`, …). Request headers (the SDK's own, retry counts, idempotency keys) are never part of the body.
 */
export const IGNORED_MEMBERS: Readonly<Record<string, readonly string[]>> = {
  // Streaming is delivery; stream_options (include_usage, include_obfuscation) too.
  '*': ['stream', 'stream_options'],
  // OpenAI: end-user and bookkeeping fields, prompt-cache routing, storage, the processing tier.
  'openai.chat': ['user', 'safety_identifier', 'prompt_cache_key', 'prompt_cache_retention', 'metadata', 'store', 'service_tier'],
  'openai.responses': ['user', 'safety_identifier', 'prompt_cache_key', 'prompt_cache_retention', 'metadata', 'store', 'service_tier', 'background'],
  'openai.embeddings': ['user'],
  // Anthropic: metadata.user_id, the processing tier, the top-level automatic-caching marker.
  'anthropic.messages': ['metadata', 'service_tier', 'cache_control'],
  // Gemini / Vertex AI: billing labels (streaming is in the URL: :streamGenerateContent vs :generateContent).
  gemini: ['labels'],
};

/**
 * The canonical text of a JSON body: members sorted by name at every depth (an SDK may emit them in any order),
 * array order kept, numbers and strings as JSON.stringify writes them, the wire format's ignored top-level members
 * ({@link IGNORED_MEMBERS}) left out. Two bodies with the same canonical text ask for the same answer.
 */
export function canonicalBody(wire: string, body: unknown): string {
  let ignored = IGNORED_BY_WIRE.get(wire);
  if (ignored === undefined) {
    ignored = new Set([...(IGNORED_MEMBERS['*'] ?? []), ...(IGNORED_MEMBERS[wire] ?? [])]);
    if (IGNORED_BY_WIRE.size < 64) IGNORED_BY_WIRE.set(wire, ignored);
  }
  return isObject(body) ? writeObject(body, ignored) : writeValue(body);
}

/** The ignored members of each wire format, as a set (made once). */
const IGNORED_BY_WIRE = new Map<string, ReadonlySet<string>>();

/**
 * Computes keyed request fingerprints. One per instrumentation; its key lives and dies with it. HMAC-SHA-256 with a
 * 256-bit random key: without the key a digest cannot be recomputed from a guessed prompt, and a truncated digest
 * cannot be turned back into one.
 */
export class RequestFingerprinter {
  /**
   * Private (a `#` field: not enumerable, not serialisable, not reachable from outside this class). A `KeyObject`
   * made once: `createHmac` given the key as bytes makes one on every call (~10 µs on Node 24; bench/README.md).
   */
  readonly #key: KeyObject = createSecretKey(randomBytes(32));

  /** The request's fingerprint: its identity and canonical body, keyed. Undefined when the body cannot be read. */
  fingerprint(identity: RequestIdentity, body: unknown): RequestFingerprint | undefined {
    let canonical: string;
    try {
      canonical = canonicalBody(identity.wire, body);
    } catch {
      return undefined; // e.g. nesting too deep for the stack
    }
    const digest = createHmac('sha256', this.#key).update(identityLine(identity)).update(canonical).digest();
    return { bucket: digest.readUInt32BE(0), tagHi: digest.readUInt32BE(4), tagLo: digest.readUInt32BE(8) };
  }

  /**
   * The prompt-prefix digests of an Anthropic Messages request that uses prompt caching (a `cache_control` marker,
   * top level or on a block); undefined otherwise. The prefix runs over tools, system and messages block by block,
   * each block canonical (members sorted) without its `cache_control`, a message block with its role. Each digest is
   * HMAC-SHA-256(key, SHA-256(identity + prefix)), truncated to 64 bits.
   */
  promptPrefixes(identity: RequestIdentity, body: unknown): PromptPrefixes | undefined {
    if (!isObject(body)) return undefined;
    let blocks: { text: string; breakpoint: boolean }[];
    try {
      blocks = anthropicBlocks(body);
    } catch {
      return undefined;
    }
    const automatic = isObject(body['cache_control']);
    if (!automatic && !blocks.some((block) => block.breakpoint)) return undefined;
    const running: Hash = createHash('sha256').update(identityLine(identity));
    const first = Math.max(0, blocks.length - MAX_PREFIX_BOUNDARIES);
    const boundaries: string[] = [];
    let lastBreakpoint: string | undefined;
    for (const [index, block] of blocks.entries()) {
      running.update(block.text).update('\n');
      if (index < first && !block.breakpoint) continue;
      const digest = this.#keyed(running.copy().digest());
      if (index >= first) boundaries.push(digest);
      // Automatic caching puts the breakpoint on the last block.
      if (block.breakpoint || (automatic && index === blocks.length - 1)) lastBreakpoint = digest;
    }
    return { lastBreakpoint, boundaries };
  }

  #keyed(hash: Buffer): string {
    return createHmac('sha256', this.#key).update(hash).digest().subarray(0, 8).toString('hex');
  }
}

function identityLine(identity: RequestIdentity): string {
  return `${identity.wire}\n${identity.provider}\n${identity.model ?? ''}\n`;
}

/** tools → system → messages, one entry per block, in the order Anthropic's cache prefix runs. */
function anthropicBlocks(body: Record<string, unknown>): { text: string; breakpoint: boolean }[] {
  const blocks: { text: string; breakpoint: boolean }[] = [];
  const add = (kind: string, block: unknown): void => {
    const breakpoint = isObject(block) && isObject(block['cache_control']);
    blocks.push({ text: `${kind} ${isObject(block) ? writeObject(block, CACHE_CONTROL) : writeValue(block)}`, breakpoint });
  };
  if (Array.isArray(body['tools'])) for (const tool of body['tools']) add('tool', tool);
  const system = body['system'];
  if (Array.isArray(system)) for (const block of system) add('system', block);
  else if (system !== undefined) add('system', system);
  if (Array.isArray(body['messages'])) {
    for (const message of body['messages']) {
      const role = isObject(message) && typeof message['role'] === 'string' ? message['role'] : '';
      const content = isObject(message) ? message['content'] : undefined;
      if (Array.isArray(content)) for (const block of content) add(role, block);
      else add(role, content);
    }
  }
  return blocks;
}

const CACHE_CONTROL: ReadonlySet<string> = new Set(['cache_control']);
const NONE: ReadonlySet<string> = new Set();

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Member names as JSON strings (the same few names in every request), made once each. */
const QUOTED = new Map<string, string>();

function quote(key: string): string {
  let quoted = QUOTED.get(key);
  if (quoted === undefined) {
    quoted = JSON.stringify(key);
    if (QUOTED.size < 1024) QUOTED.set(key, quoted);
  }
  return quoted;
}

// Strings are joined with `+`: cheaper than parts pushed and joined (the text is the same).
function writeObject(object: Record<string, unknown>, ignored: ReadonlySet<string>): string {
  let text = '{';
  let first = true;
  const keys = Object.keys(object).sort();
  for (let i = 0; i < keys.length; i++) {
    const key = keys[i] as string;
    const value = object[key];
    if (value === undefined || ignored.has(key)) continue;
    if (!first) text += ',';
    first = false;
    text += `${quote(key)}:${writeValue(value)}`;
  }
  return `${text}}`;
}

function writeValue(value: unknown): string {
  if (Array.isArray(value)) {
    let text = '[';
    for (let i = 0; i < value.length; i++) {
      if (i > 0) text += ',';
      const item: unknown = value[i];
      text += writeValue(item === undefined ? null : item);
    }
    return `${text}]`;
  }
  if (isObject(value)) return writeObject(value, NONE);
  return JSON.stringify(value) ?? 'null';
}
