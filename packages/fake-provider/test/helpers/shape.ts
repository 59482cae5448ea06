// The shape of a JSON value, for comparing the fake's wire output with recordings of the real APIs.

/** Member order and value types, values left out: `{"id":string,"choices":[{"index":number,…}],…}`. */
export function shape(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return `[${value.length === 0 ? '' : shape(value[0])}]`;
  if (typeof value === 'object') {
    return `{${Object.entries(value as Record<string, unknown>)
      .map(([key, member]) => `${JSON.stringify(key)}:${shape(member)}`)
      .join(',')}}`;
  }
  return typeof value;
}
