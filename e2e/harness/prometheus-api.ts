/** The parts of Prometheus' HTTP API the end-to-end test reads. */
export interface Sample {
  metric: Record<string, string>;
  value: number;
}

export class PrometheusApi {
  constructor(readonly url: string) {}

  async query(promql: string): Promise<Sample[]> {
    const response = await fetch(`${this.url}/api/v1/query?query=${encodeURIComponent(promql)}`);
    const answer = (await response.json()) as {
      status: string;
      error?: string;
      data: { result: Array<{ metric: Record<string, string>; value: [number, string] }> };
    };
    if (answer.status !== 'success') throw new Error(`query ${promql} failed: ${answer.error}`);
    return answer.data.result.map((item) => ({ metric: item.metric, value: Number(item.value[1]) }));
  }

  /** The single value of a query that aggregates to one sample (0 when there is none). */
  async scalar(promql: string): Promise<number> {
    const samples = await this.query(promql);
    if (samples.length > 1) throw new Error(`${promql} returned ${samples.length} samples`);
    return samples[0]?.value ?? 0;
  }

  async metricNames(): Promise<string[]> {
    const response = await fetch(`${this.url}/api/v1/label/__name__/values`);
    return ((await response.json()) as { data: string[] }).data;
  }

  async rules(): Promise<Array<{ name: string; rules: Array<{ name: string; type: string; state?: string; health: string }> }>> {
    const response = await fetch(`${this.url}/api/v1/rules`);
    return (
      (await response.json()) as { data: { groups: Array<{ name: string; rules: Array<{ name: string; type: string; state?: string; health: string }> }> } }
    ).data.groups;
  }

  /**
   * Polls `read` until `done` holds for its result (Prometheus only knows new data after a scrape and
   * a rule evaluation, which the test cannot be notified of), or throws with the last value.
   */
  async until<T>(read: () => Promise<T>, done: (value: T) => boolean, timeoutMs = 60_000, what = 'condition'): Promise<T> {
    const deadline = Date.now() + timeoutMs;
    let last: T | undefined;
    for (;;) {
      last = await read();
      if (done(last)) return last;
      if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}; last value: ${JSON.stringify(last)}`);
      await new Promise((resolve) => setTimeout(resolve, 500));
    }
  }
}
