/*
 * Keyed fingerprints of LLM requests, for counting exact repeats and matching prompt-cache writes with later reads
 * (README "Avoidable spend"). Nothing here keeps or returns request content: only truncated HMAC-SHA-256 digests
 * under a key drawn at random when the fingerprinter is made, held in a private field and never exported, logged or
 * derived from configuration — so a digest means nothing outside this process, and the same body gives unrelated
 * digests in two processes.
 *
 * Self-contained (node:crypto only, types aside) on purpose: a test imports this file into child processes as it is.
 * What a request's canonical body and prompt-cache blocks are is the provider API's to say (@genai-otel/providers).
 */
import type { PromptCacheBlocks } from '@genai-otel/providers';
import { createHash, createHmac, createSecretKey, randomBytes, type Hash, type KeyObject } from 'node:crypto';

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

  /** The request's fingerprint: its identity and canonical body (`canonicalRequest` of @genai-otel/providers), keyed. */
  fingerprint(identity: RequestIdentity, canonical: string): RequestFingerprint {
    const digest = createHmac('sha256', this.#key).update(identityLine(identity)).update(canonical).digest();
    return { bucket: digest.readUInt32BE(0), tagHi: digest.readUInt32BE(4), tagLo: digest.readUInt32BE(8) };
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
