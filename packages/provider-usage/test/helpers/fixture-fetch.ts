// A `fetch` that answers admin report requests from JSON fixture pages, following `next_page`,
// and records what was asked.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

const FIXTURES = join(import.meta.dirname, '..', 'fixtures');

/** A fixture file, parsed. */
export function fixture(name: string): Record<string, unknown> {
  return JSON.parse(readFileSync(join(FIXTURES, name), 'utf8')) as Record<string, unknown>;
}

export interface RecordedRequest {
  url: URL;
  headers: Record<string, string>;
}

/**
 * `pages`: URL path → its fixture files in page order. The first request of a path (no `page`) gets
 * the first file; `page=<next_page of file i>` gets file i + 1. Unknown paths answer 404.
 */
export function fixtureFetch(pages: Record<string, string[]>): { fetch: typeof fetch; requests: RecordedRequest[] } {
  const requests: RecordedRequest[] = [];
  const fetchImpl = async (input: string | URL | Request, init?: RequestInit): Promise<Response> => {
    const url = new URL(input instanceof Request ? input.url : String(input));
    const headers = Object.fromEntries(new Headers(init?.headers).entries());
    requests.push({ url, headers });
    const files = pages[url.pathname];
    if (files === undefined) return new Response('{"error":{"message":"not found"}}', { status: 404 });
    const bodies = files.map((file) => fixture(file));
    const page = url.searchParams.get('page');
    const index = page === null ? 0 : bodies.findIndex((body) => body['next_page'] === page) + 1;
    const body = bodies[index];
    if (index <= 0 && page !== null) return new Response('{"error":{"message":"bad page"}}', { status: 400 });
    return new Response(JSON.stringify(body), { status: 200, headers: { 'content-type': 'application/json' } });
  };
  return { fetch: fetchImpl as typeof fetch, requests };
}
