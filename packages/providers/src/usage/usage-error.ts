/** Thrown by `readUsage` when a usage object does not have the expected shape or values. */
export class UsageError extends Error {
  override readonly name = 'UsageError';
}
