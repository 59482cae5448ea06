/*
 * Keyed fingerprints of LLM requests, for counting exact repeats and matching prompt-cache writes with later reads
 * (README "Avoidable spend"). Nothing here keeps or returns request content: only truncated keyed SHA-256 digests
 * under a key drawn at random when the fingerprinter is made, held in a private field and never exported, logged or
 * derived from configuration — so a digest means nothing outside this process, and the same body gives unrelated
 * digests in two processes.
 *
 * Self-contained (node:crypto only, types aside) on purpose: a test imports this file into child processes as it is.
 * What a request's canonical body and prompt-cache blocks are is the provider API's to say (@genai-otel/providers).
 */
import type { PromptCacheBlocks } from '@genai-otel/providers';
import { createHash, createHmac, createSecretKey, hash, randomBytes, type Hash, type KeyObject } from 'node:crypto';

/** Who a request is for: part of the fingerprint, so equal bodies sent to different APIs, providers or models differ. */
export interface RequestIdentity {
  /** Provider API (`openai.chat`, `anthropic.messages`, …). */
  api: string;
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
 * Computes keyed request fingerprints. One per instrumentation; its key lives and dies with it, drawn at random (256
 * bits): without the key a digest cannot be recomputed from a guessed prompt, and a truncated digest cannot be turned
 * back into one.
 */
export class RequestFingerprinter {
  /**
   * Private (`#` fields: not enumerable, not serialisable, not reachable from outside this class). The same 256 random
   * bits twice: as a `KeyObject` for HMAC (`createHmac` given the key as bytes makes one on every call), and as text
   * for the one-shot keyed hash of {@link fingerprint}.
   */
  readonly #key: KeyObject;
  readonly #keyText: string;

  constructor() {
    const key = randomBytes(32);
    this.#key = createSecretKey(key);
    this.#keyText = `${key.toString('base64')}\n`;
  }

  /**
   * The request's fingerprint: SHA-256 of the key, its identity and canonical body (`canonicalRequest` of
   * @genai-otel/providers), truncated to 96 bits. One call per request, so a one-shot `crypto.hash` (~0.4 µs on the
   * bench's body) rather than an HMAC object (~2.4 µs, and ~18 µs per call in the bench's profile: bench/README.md).
   * The key comes first and is secret, and only a truncated digest is kept, in memory only: SHA-256's length
   * extension needs the whole digest, so prefix keying is as good as HMAC here.
   */
  fingerprint(identity: RequestIdentity, canonical: string): RequestFingerprint {
    const hex = hash('sha256', this.#keyText + identityLine(identity) + canonical);
    return {
      bucket: Number.parseInt(hex.slice(0, 8), 16),
      tagHi: Number.parseInt(hex.slice(8, 16), 16),
      tagLo: Number.parseInt(hex.slice(16, 24), 16),
    };
  }

  /**
   * The prompt-prefix digests of a request that uses prompt caching, from its prefix blocks (`promptCacheBlocks` of its
   * provider API: canonical, without cache markers). Each digest is HMAC-SHA-256(key, SHA-256(identity + prefix)),
   * truncated to 64 bits.
   */
  promptPrefixes(identity: RequestIdentity, cache: PromptCacheBlocks): PromptPrefixes {
    const { blocks, automatic } = cache;
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
  return `${identity.api}\n${identity.provider}\n${identity.model ?? ''}\n`;
}
