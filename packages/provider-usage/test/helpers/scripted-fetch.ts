// A `fetch` whose OpenAI admin answers a test rewrites between polls: `completions` holds the
// current content of each hourly bucket (input tokens of one model); costs answer empty pages.
export interface ScriptedProvider {
  /** Bucket start (Unix seconds) → input tokens of gpt-4o-mini in that bucket, as the provider reports it now. */
  completions: Map<number, number>;
  /** Every URL asked. */
  asked: URL[];
  fetch: typeof fetch;
}

export function scriptedOpenAI(): ScriptedProvider {
  const completions = new Map<number, number>();
  const asked: URL[] = [];
  const fetchImpl = async (input: string | URL | Request): Promise<Response> => {
    const url = new URL(input instanceof Request ? input.url : String(input));
    asked.push(url);
    const start = Number(url.searchParams.get('start_time'));
    const data = url.pathname.endsWith('/usage/completions')
      ? [...completions]
          .filter(([bucket]) => bucket >= start)
          .sort(([a], [b]) => a - b)
          .map(([bucket, input]) => ({
            object: 'bucket',
            start_time: bucket,
            end_time: bucket + 3600,
            results: [
              {
                object: 'organization.usage.completions.result',
                input_tokens: input,
                output_tokens: 0,
                num_model_requests: 1,
                project_id: null,
                user_id: null,
                api_key_id: null,
                model: 'gpt-4o-mini-2024-07-18',
                batch: null,
              },
            ],
          }))
      : [];
    return Response.json({ object: 'page', data, has_more: false, next_page: null });
  };
  return { completions, asked, fetch: fetchImpl as typeof fetch };
}

export const INPUT_KEY =
  'genai_otel.provider.usage.tokens{gen_ai.provider.name=openai,gen_ai.response.model=gpt-4o-mini-2024-07-18,gen_ai.token.type=input,genai_otel.provider.endpoint=completions}';
