/**
 * Where each API folder's readable fixtures are (`src/<api>/__fixtures__/`): bodies and streams shaped
 * after the API reference, which the parsers' tests read, the fake provider's tests write as golden
 * output, and the instrumentation's tests can replay. Test-only: exported as
 * `@genai-otel/providers/fixtures`, never from the main entry. The path goes through `../src/` so that
 * the built copy (dist/) finds the same files, which the package's `files` ship beside it.
 */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

/** The API folders that own fixtures. */
export type FixtureApi = 'openai-chat' | 'openai-responses' | 'openai-embeddings' | 'anthropic-messages' | 'gemini' | 'ollama-chat';

/** The absolute path of `src/<api>/__fixtures__/<file>` (`file` may name a subfolder, e.g. `reference/…`). */
export function fixturePath(api: FixtureApi, file: string): string {
  return fileURLToPath(new URL(`../src/${api}/__fixtures__/${file}`, import.meta.url));
}

/** The fixture's text (UTF-8). */
export function readFixture(api: FixtureApi, file: string): string {
  return readFileSync(fixturePath(api, file), 'utf8');
}
