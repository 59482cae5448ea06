/** What could be read from a request for its ledger entry, even when the request is invalid. */
export interface RequestSummary {
  model: string;
  stream: boolean;
  /** Whether the request is a stream that carries usage (see `ServedCallBase.includeUsage`). */
  includeUsage: boolean;
}
