/** Where in a custom price table a problem is. */
export interface PriceTableErrorLocation {
  /** Path of the file, when the table was loaded from one. */
  file?: string;
  /** Key path of the offending value, e.g. `models[2].prices.input`. */
  keyPath?: string;
  /** 1-based line in the file. */
  line?: number;
  /** 1-based column in the file. */
  column?: number;
}

/**
 * An invalid custom price table: unreadable file, syntax error, unknown key, bad value. Thrown by
 * `loadCustomPriceTable` / `createPricer` at start-up, never by `price()`. The message reads
 * `<file>:<line>:<column>: <key path>: <problem>`.
 */
export class PriceTableError extends Error {
  override readonly name = 'PriceTableError';
  readonly file: string | undefined;
  readonly keyPath: string | undefined;
  readonly line: number | undefined;
  readonly column: number | undefined;
  /** The problem alone, without the location. */
  readonly problem: string;

  constructor(problem: string, location: PriceTableErrorLocation = {}) {
    super(formatMessage(problem, location));
    this.problem = problem;
    this.file = location.file;
    this.keyPath = location.keyPath;
    this.line = location.line;
    this.column = location.column;
  }
}

function formatMessage(problem: string, { file, keyPath, line, column }: PriceTableErrorLocation): string {
  let where = file ?? 'custom price table';
  if (line !== undefined) where += `:${line}${column === undefined ? '' : `:${column}`}`;
  return `${where}: ${keyPath === undefined || keyPath === '' ? '' : `${keyPath}: `}${problem}`;
}
